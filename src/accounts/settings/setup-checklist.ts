import type { Platform } from "../../platforms/index.js";
import type { AccountRecord, SignInRecord, UserRecord } from "../../storage/ports.js";
import { viewStoredCertificates } from "./certificate-feedback.js";
import { checkEntityId } from "./entity-id-rules.js";
import { tenantOfLoginUrl } from "./entra-shapes.js";
import { checkSignInUrl } from "./sign-in-url-rules.js";

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

const READINESS_STEPS = new Set([
  "sso-feature",
  "certificate",
  "sign-in-url",
  "entity-id",
  "sso-enabled",
  "users",
]);

/**
 * The tutorial's steps for the account's platform with their state, as a pure function of what is
 * stored, so the account page, the API and the tests see the same answer.
 */
export function computeSetupChecklist(input: ChecklistInput): Checklist {
  const { account, platform } = input;
  const base = `/admin/accounts/${encodeURIComponent(account.id)}`;
  const steps: ChecklistStep[] = [
    featureStep(input, base),
    certificateStep(input, `${base}/sso`),
    signInUrlStep(input, `${base}/sso`),
    entityIdStep(input, `${base}/sso`),
    enabledStep(input, `${base}/sso`),
    usersStep(input, `${base}/users`),
  ];
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
  const ready = steps
    .filter((s) => READINESS_STEPS.has(s.key))
    .every((s) => s.state === "ok" || s.state === "warn");
  return { steps, ready };
}

function featureStep({ account, platform }: ChecklistInput, base: string): ChecklistStep {
  const done = account.sso.integrationAdded || account.sso.enabled;
  if (platform.id === "cloudlink") {
    return {
      key: "sso-feature",
      label: "Add the Microsoft Entra Single Sign On integration",
      state: done ? "ok" : "todo",
      detail: done
        ? "Added under Account Information > Integrations."
        : 'Account Information > Integrations > + Add new > 3rd party > Add next to "Microsoft Entra Single Sign On" > Done.',
      href: `${base}/account-information`,
    };
  }
  return {
    key: "sso-feature",
    label: "Activate Single Sign-On",
    state: done ? "ok" : "todo",
    detail: done
      ? "Activated under Phone System > Add-On Features."
      : "Phone System > Add-On Features > Single Sign-On > Activate.",
    href: `${base}/phone-system/add-on-features`,
  };
}

function certificateStep({ account, platform, now }: ChecklistInput, href: string): ChecklistStep {
  const label = platform.wording.certificateField;
  const views = viewStoredCertificates(account.sso.idpCertificates, now);
  if (views.length === 0) {
    return {
      key: "certificate",
      label,
      state: "todo",
      detail: 'No certificate yet: paste Entra\'s "Certificate (Base64)".',
      href,
    };
  }
  const usable = views.filter((v) => v.state === "valid" || v.state === "expiring");
  const soonest = [...usable].sort((a, b) => a.daysToExpiry - b.daysToExpiry)[0];
  const describe = views.map((v) => `${v.subject}, thumbprint ${v.sha1Thumbprint}: ${v.validity}`).join("; ");
  if (!soonest) {
    return {
      key: "certificate",
      label,
      state: "error",
      detail: `No certificate is valid now. ${describe}.`,
      href,
    };
  }
  const problem = views.some((v) => v.state !== "valid");
  return {
    key: "certificate",
    label,
    state: problem ? "warn" : "ok",
    detail: `${views.length === 1 ? "1 certificate" : `${views.length} certificates`}, ${soonest.daysToExpiry} days to expiry. ${describe}.`,
    href,
  };
}

function signInUrlStep({ account, platform, httpOrigins }: ChecklistInput, href: string): ChecklistStep {
  const label = platform.wording.signInUrlField;
  const value = account.sso.idpSignInUrl;
  if (!value)
    return { key: "sign-in-url", label, state: "todo", detail: 'Paste Entra\'s "Login URL".', href };
  const check = checkSignInUrl(value, { label, httpOrigins: httpOrigins ?? [] });
  if (check.error) return { key: "sign-in-url", label, state: "error", detail: check.error, href };
  return {
    key: "sign-in-url",
    label,
    state: check.warnings.length > 0 ? "warn" : "ok",
    detail: [value, ...check.warnings].join(" "),
    href,
  };
}

function entityIdStep({ account, platform }: ChecklistInput, href: string): ChecklistStep {
  const label = platform.wording.idpEntityIdField;
  const value = account.sso.idpEntityId;
  if (!value)
    return {
      key: "entity-id",
      label,
      state: "todo",
      detail: 'Paste the "Microsoft Entra Identifier".',
      href,
    };
  const check = checkEntityId(value, { label, signInUrlTenant: tenantOfLoginUrl(account.sso.idpSignInUrl) });
  if (check.error) return { key: "entity-id", label, state: "error", detail: check.error, href };
  return {
    key: "entity-id",
    label,
    state: check.warnings.length > 0 ? "warn" : "ok",
    detail: [value, ...check.warnings].join(" "),
    href,
  };
}

function enabledStep({ account, platform }: ChecklistInput, href: string): ChecklistStep {
  const label = platform.id === "micloud" ? "Enable Single Sign-On" : "Single Sign-On enabled";
  return {
    key: "sso-enabled",
    label,
    state: account.sso.enabled ? "ok" : "todo",
    detail: account.sso.enabled
      ? "Single Sign-On is enabled."
      : 'Tick "Enable Single Sign-On" in the settings and Save (every value above must be filled in first).',
    href,
  };
}

function usersStep({ platform, users }: ChecklistInput, href: string): ChecklistStep {
  const field = platform.loginField;
  const fieldLabel = field === "username" ? "Username" : "Email";
  const loginOf = (u: UserRecord) => (field === "username" ? u.username : u.email);
  const active = users.filter((u) => u.status === "active");
  const matching = active.filter((u) => looksLikeUpn(loginOf(u)));
  const label = platform.id === "micloud" ? "Create and activate users" : "Create and register users";
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
