import type { DirectoryService } from "../directory/directory-service.js";
import type { AccountRecord } from "../domain/account.js";
import type { SignInRecord } from "../domain/sign-in-record.js";
import { type Platform, platformOf } from "../platforms/index.js";
import { metadataUrl, replyUrl, signOnUrl, spEntityId } from "../saml/sp-identifiers.js";
import { type CertificateView, viewStoredCertificates } from "./settings/certificate-feedback.js";
import { type Checklist, computeSetupChecklist } from "./settings/setup-checklist.js";

/** What the Mitel side gives the Entra admin to copy into "Basic SAML Configuration". */
export interface SpValues {
  /** "Mitel Identifier (Entity ID)" → Entra's Identifier (Entity ID). */
  entityId: string;
  /** "Reply URL (Assertion Consumer Service URL)" → Entra's Reply URL. */
  replyUrl: string;
  metadataUrl: string;
  /** → Entra's Sign on URL: one per Mitel app of the platform. */
  signOnUrls: Array<{ key: string; name: string; url: string }>;
}

export function spValuesOf(account: AccountRecord, publicUrl: string): SpValues {
  return {
    entityId: spEntityId(account, publicUrl),
    replyUrl: replyUrl(account, publicUrl),
    metadataUrl: metadataUrl(account, publicUrl),
    signOnUrls: platformOf(account.platform).apps.map((app) => ({
      key: app.key,
      name: app.name,
      url: signOnUrl(account, app, publicUrl),
    })),
  };
}

/** Short SSO state for lists: "enabled", "configured" (values filled, not enabled) or "not set up". */
export type SsoState = "enabled" | "configured" | "not-set-up";

export function ssoStateOf(account: AccountRecord): SsoState {
  if (account.sso.enabled) return "enabled";
  const sso = account.sso;
  return sso.idpSignInUrl || sso.idpEntityId || sso.idpCertificates.length > 0 ? "configured" : "not-set-up";
}

export interface AccountSummary {
  account: AccountRecord;
  platform: Platform;
  sp: SpValues;
  ssoState: SsoState;
  certificates: CertificateView[];
  userCount: number;
  latestSignIn: SignInRecord | undefined;
  checklist: Checklist;
}

export interface SummaryDeps {
  directory: DirectoryService;
  /** The one thing the summary reads from the sign-in log (sign-ins/sign-in-log.ts). */
  signIns: { latest(accountId: string): Promise<SignInRecord | undefined> };
  publicUrl: string;
  now: () => number;
  /** Origins allowed over plain http besides localhost (the configured simulator's). */
  httpOrigins: string[];
}

/** Users considered by the checklist: enough to find an active one in any realistic test account. */
const CHECKLIST_USER_LIMIT = 500;

/** Everything the account page (and GET /api/v1/accounts/:id) shows about one account. */
export async function summariseAccount(deps: SummaryDeps, account: AccountRecord): Promise<AccountSummary> {
  const platform = platformOf(account.platform);
  const now = new Date(deps.now());
  const [active, pending, userCount, latestSignIn] = await Promise.all([
    deps.directory.search({ accountId: account.id, status: "active", limit: CHECKLIST_USER_LIMIT }),
    deps.directory.search({ accountId: account.id, status: "pending", limit: CHECKLIST_USER_LIMIT }),
    deps.directory.count(account.id),
    deps.signIns.latest(account.id),
  ]);
  return {
    account,
    platform,
    sp: spValuesOf(account, deps.publicUrl),
    ssoState: ssoStateOf(account),
    certificates: viewStoredCertificates(account.sso.idpCertificates, now),
    userCount,
    latestSignIn,
    checklist: computeSetupChecklist({
      account,
      platform,
      users: [...active, ...pending],
      latestSignIn,
      now,
      httpOrigins: deps.httpOrigins,
    }),
  };
}
