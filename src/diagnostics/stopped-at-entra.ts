import type { AccountRecord } from "../domain/account.js";
import type { SignInRecord } from "../domain/sign-in-record.js";
import { replyUrl, spEntityId } from "../saml/sp-identifiers.js";

/** A started sign-in with no response after this long stopped at Entra (its error page). */
export const STOPPED_AFTER_MS = 10 * 60_000;

export interface PossibleEntraError {
  code: string;
  /** When the current settings would cause it. */
  when: string;
  fix: string;
}

export interface StoppedAtEntra {
  minutesWaiting: number;
  /** Likeliest first; `likeliest` says why that order. */
  possibleErrors: PossibleEntraError[];
  likeliest: string;
  /** Errors this service's requests cannot cause, so the admin can rule them out. */
  notes: string[];
}

const TENANT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function isLocalhostHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "http:" && u.hostname === "localhost";
  } catch {
    return false;
  }
}

/**
 * The Entra errors the account's current settings could cause before Entra ever answers the
 * Reply URL. The most specific (a disagreement visible in our own settings) come first.
 */
export function possibleEntraErrors(
  account: AccountRecord,
  publicUrl: string,
  loginHint: string | null,
): PossibleEntraError[] {
  const entityId = spEntityId(account, publicUrl);
  const reply = replyUrl(account, publicUrl);
  const out: PossibleEntraError[] = [];
  const signInTenant = account.sso.idpSignInUrl.match(TENANT)?.[0]?.toLowerCase();
  const issuerTenant = account.sso.idpEntityId.match(TENANT)?.[0]?.toLowerCase();
  if (signInTenant && issuerTenant && signInTenant !== issuerTenant) {
    out.push({
      code: "AADSTS700016",
      when: `the Sign-in URL names tenant ${signInTenant} but the Entity ID names tenant ${issuerTenant}: the request goes to a tenant that may not hold the app.`,
      fix: "Copy Login URL and Microsoft Entra Identifier again, both from the same Set up Mitel Connect section in Entra.",
    });
  }
  if (reply.startsWith("http://") && !isLocalhostHttp(reply)) {
    out.push({
      code: "AADSTS50011",
      when: `the Reply URL ${reply} is plain http on a host other than localhost, which Entra does not accept as a Reply URL.`,
      fix: "Serve this service over https and set PUBLIC_URL to its https address (or set a Reply URL override), then copy the new Reply URL into Entra.",
    });
  }
  out.push(
    {
      code: "AADSTS700016",
      when: `Entra's Identifier (Entity ID) is not exactly ${entityId}.`,
      fix: `In Entra: Mitel Connect > Single sign-on > Basic SAML Configuration > Identifier (Entity ID): set ${entityId}.`,
    },
    {
      code: "AADSTS50011",
      when: `Entra's Reply URL is not exactly ${reply}.`,
      fix: `In Entra: Basic SAML Configuration > Reply URL (Assertion Consumer Service URL): add ${reply}.`,
    },
    {
      code: "AADSTS50105",
      when: "the user is not assigned to Mitel Connect and the app requires assignment.",
      fix: "In Entra: Enterprise applications > Mitel Connect > Users and groups > Add user/group.",
    },
    {
      code: "AADSTS50034",
      when: `the user${loginHint ? ` typed on the Mitel sign-in page (${loginHint})` : ""} does not exist in the tenant.`,
      fix: "Sign in with a user of the tenant that holds the Mitel Connect app.",
    },
    {
      code: "AADSTS50003",
      when: "the app has no active SAML signing certificate.",
      fix: "In Entra: SAML Signing Certificate: add a certificate, make it active, and paste Certificate (Base64) into Signing Certificate here.",
    },
    {
      code: "AADSTS50126 / AADSTS50076 / AADSTS53003",
      when: "the user did not finish signing in at Entra (password, MFA, Conditional Access), or closed the window.",
      fix: "Entra admin center > Monitoring > Sign-in logs shows the attempt and its error code.",
    },
  );
  // Request signing (mock only): with "Require verification certificates" on in Entra.
  out.push(
    account.sso.signAuthnRequests
      ? {
          code: "AADSTS76023",
          when: "Entra requires verification certificates and the certificate of this account's active signing key is not among them.",
          fix: "Account page > SP keys: download the active signing key's certificate; in Entra: SAML Signing Certificate > Verification certificates: upload it.",
        }
      : {
          code: "AADSTS76021",
          when: "Entra requires verification certificates (signed requests) and this account sends unsigned AuthnRequests.",
          fix: "Account page > Advanced: turn on Sign AuthnRequests (mock only) and upload its certificate to Entra's Verification certificates, or turn off Require verification certificates in Entra.",
        },
  );
  return out;
}

export const NOT_CAUSED_BY_THIS_SERVICE = [
  "AADSTS75011: this service sends no RequestedAuthnContext.",
  "AADSTS75016: this service asks for NameID format unspecified.",
  "AADSTS7500529: this service's request IDs start with “_”, never a digit.",
  "AADSTS900236: this service sends no Subject (the username travels as login_hint).",
];

/**
 * A "started" record that no ACS attempt answered within STOPPED_AFTER_MS: the browser went to
 * Entra and never came back, so the error was shown on Entra's page. Null when it is not (yet).
 */
export function stoppedAtEntra(
  started: SignInRecord,
  attempts: SignInRecord[],
  now: number,
  account: AccountRecord,
  publicUrl: string,
  /** The account's newest successful sign-in, if any: it decides which cause is likeliest. */
  lastSuccess: SignInRecord | null = null,
): StoppedAtEntra | null {
  if (started.outcome !== "started" || !started.requestId) return null;
  if (now - started.at < STOPPED_AFTER_MS) return null;
  if (attempts.some((a) => a.requestId === started.requestId && a.outcome !== "started")) return null;
  const loginHint = typeof started.details.loginHint === "string" ? started.details.loginHint : null;
  const all = possibleEntraErrors(account, publicUrl, loginHint);
  // A sign-in succeeded with the settings as they are now (none changed since): Entra's
  // Identifier and Reply URL match them, so this user is the likeliest cause, not the app.
  const settingsWorked = lastSuccess !== null && lastSuccess.at >= account.updatedAt;
  const userFirst = ["AADSTS50105", "AADSTS50034", "AADSTS50126 / AADSTS50076 / AADSTS53003"];
  const rank = (e: PossibleEntraError) => (settingsWorked ? userFirst.indexOf(e.code) + 1 || 99 : 0);
  const possibleErrors = all
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);
  return {
    minutesWaiting: Math.floor((now - started.at) / 60_000),
    possibleErrors,
    likeliest: settingsWorked
      ? `A sign-in succeeded with these settings at ${new Date(lastSuccess.at).toISOString()}, so Entra's app matches them: likeliest, this user is not assigned to the app or not in the tenant.`
      : "No sign-in has succeeded with these settings yet: likeliest, Entra's Basic SAML Configuration does not match them (Identifier, Reply URL).",
    notes: NOT_CAUSED_BY_THIS_SERVICE,
  };
}
