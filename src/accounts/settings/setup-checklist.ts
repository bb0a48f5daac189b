import type { AccountRecord } from "../../domain/account.js";
import type { SignInRecord } from "../../domain/sign-in-record.js";
import type { UserRecord } from "../../domain/user.js";
import type { Platform } from "../../platforms/index.js";
import { certificateSetting } from "./checks/certificate.js";
import { enabledSetting, featureSetting } from "./checks/enabled.js";
import { entityIdSetting } from "./checks/entity-id.js";
import type { SettingsCheck, SettingsFacts } from "./checks/settings-check.js";
import { signInUrlSetting } from "./checks/sign-in-url.js";

/** ok = green; warn = works but deserves a look; todo = not done yet; error = will fail; info = no effect on readiness. */
export type StepState = "ok" | "warn" | "todo" | "error" | "info";

export interface ChecklistStep {
  key: string;
  label: string;
  state: StepState;
  detail: string;
  /** Where to fix or look (an /admin path), when there is one. */
  href?: string;
  /** The last sign-in's failure code and trace id, for the sign-in step. */
  failureCode?: string | null;
  traceId?: string;
}

export interface Checklist {
  steps: ChecklistStep[];
  /** Every configuration step is ok or warn: following the checklist to here, a sign-in can work. */
  ready: boolean;
}

export interface ChecklistInput {
  account: AccountRecord;
  platform: Platform;
  /** The account's users (active ones at least). */
  users: UserRecord[];
  latestSignIn: SignInRecord | undefined;
  now: Date;
  httpOrigins?: string[];
}

/** Looks like an Entra user principal name (name@domain.tld), the form Entra sends as NameID. */
export function looksLikeUpn(value: string | null): boolean {
  return value !== null && /^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(value);
}

/** The steps a sign-in needs, each from one settings-level check of the sign-in engine. */
const SETTINGS_STEPS: ReadonlyArray<{ check: SettingsCheck; label: (p: Platform) => string; href: string }> =
  [
    { check: featureSetting, label: (p) => p.wording.ssoFeatureLabel, href: "" },
    { check: certificateSetting, label: (p) => p.wording.certificateField, href: "/sso" },
    { check: signInUrlSetting, label: (p) => p.wording.signInUrlField, href: "/sso" },
    { check: entityIdSetting, label: (p) => p.wording.idpEntityIdField, href: "/sso" },
    { check: enabledSetting, label: (p) => p.wording.enabledLabel, href: "/sso" },
  ];

/**
 * The tutorial's steps for the account's platform with their state, as a pure function of what is
 * stored, so the account page, the API and the tests see the same answer. The configuration
 * steps are the sign-in engine's settings-level checks: "ready" holds exactly when none of them
 * is missing or makes every sign-in fail, and an active user can be matched.
 */
export function computeSetupChecklist(input: ChecklistInput): Checklist {
  const { account, platform } = input;
  const base = `/admin/accounts/${encodeURIComponent(account.id)}`;
  const facts: SettingsFacts = {
    account,
    platform,
    users: input.users,
    now: input.now,
    httpOrigins: input.httpOrigins ?? [],
  };
  const configuration: ChecklistStep[] = SETTINGS_STEPS.map(({ check, label, href }) => {
    const verdict = check.evaluate(facts);
    const path = check.id === "sso-feature" ? platform.wording.ssoFeaturePath : href;
    return {
      key: check.id,
      label: label(platform),
      state: verdict.state,
      detail: verdict.detail,
      href: `${base}${path}`,
      ...(verdict.state === "error" ? { failureCode: verdict.code } : {}),
    };
  });
  const steps: ChecklistStep[] = [...configuration, usersStep(input, `${base}/users`)];
  const ready = steps.every((s) => s.state === "ok" || s.state === "warn");
  if (account.sso.allowSha1) {
    steps.push({
      key: "sha1",
      label: "Signing algorithm",
      state: "warn",
      detail:
        '"Entra signing algorithm is SHA-1" is on: SHA-1 signatures are accepted for this account. Entra signs with SHA-256 by default; turn this off unless the Entra app was switched to SHA-1.',
      href: base,
    });
  }
  if (account.sso.requireResponseSignature) {
    steps.push({
      key: "response-signature",
      label: "Signing option",
      state: "info",
      detail:
        '"Require a signed Response" is on: in Entra, SAML Signing Certificate > Signing Option must be Sign SAML response and assertion (Entra\'s default, Sign SAML assertion, will be refused).',
      href: base,
    });
  }
  if (platform.supportsMitelCredentials && account.sso.mitelCredentialsAllowed) {
    steps.push({
      key: "mitel-credentials",
      label: "Enable Mitel Credentials (Optional)",
      state: "warn",
      detail: "On: users may also sign in with a Mitel password. Mitel recommends leaving it off.",
      href: `${base}/sso`,
    });
  }
  steps.push(lastSignInStep(input, base));
  return { steps, ready };
}

function usersStep({ platform, users }: ChecklistInput, href: string): ChecklistStep {
  const field = platform.loginField;
  const fieldLabel = field === "username" ? "Username" : "Email";
  const loginOf = (u: UserRecord) => (field === "username" ? u.username : u.email);
  const active = users.filter((u) => u.status === "active");
  const matching = active.filter((u) => looksLikeUpn(loginOf(u)));
  const label = platform.wording.usersLabel;
  if (matching.length > 0) {
    const names = matching.slice(0, 3).map((u) => loginOf(u) ?? "");
    const more = matching.length > 3 ? ` and ${matching.length - 3} more` : "";
    return {
      key: "users",
      label,
      state: "ok",
      detail: `${matching.length} active user${matching.length === 1 ? "" : "s"} whose ${fieldLabel} looks like an Entra UPN: ${names.join(", ")}${more}. It must equal the user's UPN in Entra.`,
      href,
    };
  }
  const pending = users.filter((u) => u.status === "pending" && looksLikeUpn(loginOf(u)));
  let detail: string;
  if (pending.length > 0) {
    detail = `${pending.map((u) => loginOf(u)).join(", ")} ${pending.length === 1 ? "is" : "are"} not activated yet: activate ${pending.length === 1 ? "it" : "them"} before signing in.`;
  } else if (active.length > 0) {
    detail = `No active user has a ${fieldLabel} shaped like an Entra UPN (name@domain). The ${fieldLabel} must equal the user's UPN in Entra, e.g. B.Simon@contoso.com.`;
  } else {
    detail = `No active user yet. Add the user (${fieldLabel} = the user's UPN in Entra, e.g. B.Simon@contoso.com) and activate it.`;
  }
  return { key: "users", label, state: "todo", detail, href };
}

function lastSignInStep({ latestSignIn }: ChecklistInput, base: string): ChecklistStep {
  const label = "Last sign-in attempt";
  if (!latestSignIn) {
    return {
      key: "last-sign-in",
      label,
      state: "info",
      detail:
        'None yet. Test SSO: "Test this application" in Entra, the My Apps tile, or a visit to the Sign-on URL.',
      href: `${base}/sign-ins`,
    };
  }
  const href = `${base}/sign-ins/${encodeURIComponent(latestSignIn.traceId)}`;
  const when = new Date(latestSignIn.at).toISOString().replace("T", " ").slice(0, 19);
  const common = {
    key: "last-sign-in",
    label,
    href,
    traceId: latestSignIn.traceId,
    failureCode: latestSignIn.failureCode,
  };
  if (latestSignIn.outcome === "success") {
    return {
      ...common,
      state: "ok",
      detail: `Succeeded at ${when} UTC${latestSignIn.nameId ? ` for ${latestSignIn.nameId}` : ""}.`,
    };
  }
  if (latestSignIn.outcome === "started") {
    return {
      ...common,
      state: "warn",
      detail: `Started at ${when} UTC; no response has come back from Entra yet (the user may have stopped at Entra's page, where most Entra errors are shown).`,
    };
  }
  return {
    ...common,
    state: "error",
    detail: `Failed at ${when} UTC with ${latestSignIn.failureCode ?? "an error"}${latestSignIn.cause ? `: ${latestSignIn.cause}` : "."}`,
  };
}
