/**
 * The rehearsal page's list: the common ways the Entra "Mitel Connect" setup goes wrong, each as
 * the change it makes on the Mitel side and in the Entra simulator, and what the sign-in then
 * shows (a Mitel failure code, or an AADSTS error on Entra's page). One entry per scenario; the
 * page, its tests and the README coverage table read this list.
 */
import type { AccountService } from "../accounts/account-service.js";
import type { DirectoryService } from "../directory/directory-service.js";
import type { AccountRecord } from "../domain/account.js";
import type { UserRecord } from "../domain/user.js";
import type { FailureCode } from "../failure-codes.js";
import type { SimulatorAppView, SimulatorRehearsal } from "../idp-simulator/index.js";

export interface ScenarioEnv {
  account: AccountRecord;
  /** The chosen Mitel user (the sign-in is tried as them). */
  user: UserRecord;
  /** What the user types at Mitel and is in Entra (their username or email). */
  login: string;
  accounts: AccountService;
  directory: DirectoryService;
  simulator: SimulatorRehearsal;
  /** The simulator's application for the account, before the change. */
  entra: SimulatorAppView;
}

export interface RehearsalScenario {
  title: string;
  /** What changes in the Mitel portal; null: nothing. */
  mitelSide: string | null;
  /** What changes in Entra; null: nothing. */
  entraSide: string | null;
  /**
   * What the sign-in ends on: a Mitel failure code, or the AADSTS error Entra's page shows. With
   * `mitelSignIn`, the Mitel sign-in page already stops a typed username with that message (as
   * Mitel's does), and the failure code shows through the account's direct sign-on link.
   */
  shows: { failure: FailureCode; mitelSignIn?: string } | { aadsts: string };
  apply(env: ScenarioEnv): Promise<void>;
}

/** A tenant GUID no tenant has: the Sign-in URL of "another tenant". */
const OTHER_TENANT = "00000000-0000-4000-8000-000000000000";

const setSso = (env: ScenarioEnv, sso: Partial<AccountRecord["sso"]>) =>
  env.accounts.update(env.account.id, { sso }).then(() => undefined);

/** The last two characters swapped: the typo a person makes when typing a URL. */
export function swapLastTwo(text: string): string {
  if (text.length < 2) return `${text}x`;
  return `${text.slice(0, -2)}${text.at(-1)}${text.at(-2)}`;
}

export const REHEARSAL_SCENARIOS = {
  "wrong-certificate": {
    title: "Wrong certificate",
    mitelSide:
      "Signing Certificate: a certificate Entra does not sign with (a new, inactive one) instead of the active one.",
    entraSide: "A new certificate is added, left inactive.",
    shows: { failure: "CERTIFICATE_MISMATCH" },
    async apply(env) {
      const other = await env.simulator.addInactiveCertificate(env.account.id);
      await setSso(env, { idpCertificates: [other] });
    },
  },
  "rollover-wrong-order": {
    title: "Certificate rollover done in the wrong order",
    mitelSide: null,
    entraSide: "A new certificate is created and made active before it was pasted in the Mitel portal.",
    shows: { failure: "CERTIFICATE_MISMATCH" },
    apply: (env) => env.simulator.change(env.account.id, { activateNewCertificate: true }),
  },
  "reply-url-typo": {
    title: "Reply URL typo",
    mitelSide: null,
    entraSide: "Basic SAML Configuration > Reply URL: the last two characters swapped.",
    shows: { aadsts: "AADSTS50011" },
    apply: (env) => env.simulator.change(env.account.id, { replyUrl: swapLastTwo(env.entra.replyUrl) }),
  },
  "identifier-typo": {
    title: "Identifier (Entity ID) typo",
    mitelSide: null,
    entraSide: "Basic SAML Configuration > Identifier (Entity ID): the last two characters swapped.",
    shows: { aadsts: "AADSTS700016" },
    apply: (env) => env.simulator.change(env.account.id, { identifier: swapLastTwo(env.entra.identifier) }),
  },
  "entity-id-without-slash": {
    title: "Entity ID without the slash",
    mitelSide: "Entity ID / IDP Identifier: Entra's identifier without its trailing slash.",
    entraSide: null,
    shows: { failure: "ISSUER_MISMATCH" },
    apply: (env) => setSso(env, { idpEntityId: env.entra.entraIdentifier.replace(/\/+$/, "") }),
  },
  "sign-in-url-other-tenant": {
    title: "Sign-in URL of another tenant",
    mitelSide: "Sign-in URL: the Login URL with a tenant id no tenant has.",
    entraSide: null,
    shows: { aadsts: "AADSTS90002" },
    apply: (env) =>
      setSso(env, { idpSignInUrl: env.entra.loginUrl.replace(/[0-9a-f-]{36}(?=\/saml2$)/, OTHER_TENANT) }),
  },
  "user-not-activated": {
    title: "User not activated in Mitel",
    mitelSide: "Users: the user is created but not activated (pending).",
    entraSide: null,
    shows: { failure: "USER_NOT_ACTIVE", mitelSignIn: "This user is not activated yet." },
    apply: (env) => env.directory.setStatus(env.account, env.user.id, "pending").then(() => undefined),
  },
  "user-not-assigned": {
    title: "User not assigned in Entra",
    mitelSide: null,
    entraSide: "Properties > Assignment required? Yes, and the user is removed from Users and groups.",
    shows: { aadsts: "AADSTS50105" },
    apply: (env) => env.simulator.change(env.account.id, { unassignUpn: env.login }),
  },
  "name-id-not-upn": {
    title: "Name ID is not the UPN",
    mitelSide: null,
    entraSide:
      "Attributes & Claims > Unique User Identifier (Name ID): an opaque persistent id instead of user.userprincipalname.",
    shows: { failure: "USER_NOT_FOUND" },
    apply: (env) => env.simulator.change(env.account.id, { nameIdSource: "persistent" }),
  },
  "clock-skew": {
    title: "Clock skew",
    mitelSide: null,
    entraSide:
      "Entra's clock runs 20 minutes ahead of this server's (as when this server's clock is behind).",
    shows: { failure: "ASSERTION_NOT_YET_VALID" },
    apply: (env) => env.simulator.change(env.account.id, { clockOffsetMinutes: 20 }),
  },
  "sign-on-url-empty": {
    title: "Sign on URL empty",
    mitelSide: null,
    entraSide:
      "Basic SAML Configuration > Sign on URL: empty (Test this application and My Apps then sign in IdP-initiated).",
    shows: { failure: "UNSOLICITED_RESPONSE" },
    apply: (env) => env.simulator.change(env.account.id, { signOnUrl: "" }),
  },
  "sha1-signing": {
    title: "SHA-1 signing algorithm",
    mitelSide: null,
    entraSide: "SAML Signing Certificate > Signing Algorithm: SHA-1.",
    shows: { failure: "WEAK_SIGNATURE_ALGORITHM" },
    apply: (env) => env.simulator.change(env.account.id, { signingAlgorithm: "sha1" }),
  },
  "sso-disabled": {
    title: "Single Sign-On not enabled",
    mitelSide: "Enable Single Sign-On: unticked.",
    entraSide: null,
    shows: { failure: "SSO_DISABLED", mitelSignIn: "Single Sign-On is not enabled for this account" },
    apply: (env) => setSso(env, { enabled: false }),
  },
} as const satisfies Record<string, RehearsalScenario>;

export type ScenarioId = keyof typeof REHEARSAL_SCENARIOS;
export const SCENARIO_IDS = Object.keys(REHEARSAL_SCENARIOS) as ScenarioId[];

export function isScenarioId(value: string): value is ScenarioId {
  return Object.hasOwn(REHEARSAL_SCENARIOS, value);
}

export function scenarioOf(id: ScenarioId): RehearsalScenario {
  return REHEARSAL_SCENARIOS[id];
}
