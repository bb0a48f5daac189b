import type { ValidityState } from "../certificates/index.js";
import type { UserStatus } from "../domain/user.js";
import type { FailureCode } from "../failure-codes.js";

/**
 * The shapes the explanation engine produces. They are stored as JSON inside a sign-in record's
 * details, served by the API and rendered by the admin pages, so they hold plain data only
 * (strings, numbers, booleans; times as ISO 8601 text).
 */

/**
 * "skip": the check was not evaluated (not reached, or meaningless for this message or mode).
 * "unknown": it could not be decided with what the attempt knows (the reason is in `hint`).
 */
export type VerdictStatus = "pass" | "fail" | "skip" | "unknown";

/**
 * The engine's answer: accepted; rejected; or (Analyze only) accepted if the request were known:
 * every check passed except the state of the request, which this service cannot vouch for.
 */
export type SignInOutcomeName = "accepted" | "rejected" | "accepted-if-request-known";

/** One check of the ACS, with what was expected and what arrived. */
export interface Verdict {
  /** Stable key of the check, e.g. "audience". */
  id: string;
  /** Human label, e.g. "Audience (Identifier)". */
  check: string;
  expected: string;
  actual: string;
  pass: boolean;
  status: VerdictStatus;
  /** The failure code this check produces when it fails. */
  code: FailureCode;
  /** The specific mistake, when one is recognised ("trailing slash", "letter case"...). */
  hint?: string;
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** Upper-case hex without separators: the "Thumbprint" Entra shows. */
  sha1Thumbprint: string;
  sha256Thumbprint: string;
  /** Validity at the time the sign-in was evaluated. */
  validityState: ValidityState;
  validity: string;
}

export interface SignatureSummary {
  /** Which element the Signature sits in. */
  element: "response" | "assertion" | "other";
  signatureAlgorithm: string | null;
  digestAlgorithms: string[];
  /** e.g. "RSA-SHA256 / SHA-256". */
  algorithmName: string;
  certificate: CertificateSummary | null;
  /** Why the KeyInfo certificate could not be read, when it could not. */
  certificateProblem?: string;
  /** Position (0-based) of the configured certificate equal to the KeyInfo one; -1 none; null no KeyInfo. */
  configuredIndex: number | null;
}

export type SignatureVerification = "valid" | "invalid" | "not-checked";

export interface SignatureInfo {
  /** What Entra calls the Signing Option: which elements carry a signature. */
  signedElement: "assertion" | "response" | "both" | "none";
  signatures: SignatureSummary[];
  /** The certificate in the first signature's KeyInfo (Entra's active signing certificate). */
  keyInfoCertificate: CertificateSummary | null;
  configuredCertificates: CertificateSummary[];
  /** null when the signature carries no certificate to compare. */
  keyInfoMatchesConfigured: boolean | null;
  verification: SignatureVerification;
  /** What the signature verification said, in a few words. */
  verificationDetail: string;
}

export interface TimeFacts {
  evaluatedAt: string;
  issueInstant: string | null;
  notBefore: string | null;
  notOnOrAfter: string | null;
  /** SubjectConfirmationData NotOnOrAfter of the bearer confirmation. */
  confirmationNotOnOrAfter: string | null;
  allowedSkewSeconds: number;
  /** IssueInstant minus the evaluation time in whole seconds: for a fresh response, the clock difference. */
  issuedOffsetSeconds: number | null;
  /** Seconds the evaluation time lies past the earliest NotOnOrAfter (positive once expired). */
  secondsPastNotOnOrAfter: number | null;
  /** Seconds the evaluation time lies before NotBefore (positive while not yet valid). */
  secondsBeforeNotBefore: number | null;
}

export interface AadstsInfo {
  /** e.g. "AADSTS50105"; null when the status message carries none. */
  code: string | null;
  statusCode: string | null;
  statusSubCode: string | null;
  /** Entra's message, first line. */
  message: string | null;
  /** What it means, and how to fix it (from our table), when the code is known. */
  meaning: string | null;
  fix: string | null;
}

export interface UserSummary {
  id: string;
  accountId: string;
  name: string;
  email: string;
  username: string | null;
  status: UserStatus;
}

export type NearMissKind =
  | "case-or-whitespace"
  | "email-not-username"
  | "opaque-nameid"
  | "guest-ext-upn"
  | "claim-matches-user"
  | "other-account"
  | "other-platform"
  | "not-active";

export interface NearMiss {
  kind: NearMissKind;
  /** One admin-facing sentence: which user, which field, what differs. */
  text: string;
  user?: UserSummary;
  accountName?: string;
}

export interface UserMatchInfo {
  nameId: string | null;
  nameIdFormat: string | null;
  /** The user field MiCloud (Username) or CloudLink (Email) matches the NameID against. */
  loginField: string;
  matchedUser: UserSummary | null;
  nearMisses: NearMiss[];
}

/** What the ACS expected at the time, kept so a later comparison can tell our changes from Entra's. */
export interface Expectations {
  spEntityId: string;
  replyUrl: string;
  idpEntityId: string;
  configuredThumbprints: string[];
  allowSha1: boolean;
  /** Absent in records written before the setting existed (read as false). */
  requireResponseSignature?: boolean;
  ssoEnabled: boolean;
  /** Settings fields still empty (Sign-in URL, Entity ID, Signing Certificate), in the portal's words. */
  missingSettings: string[];
}

/** A compact, comparable summary of the posted message (no raw XML). */
export interface ResponseSummary {
  id: string | null;
  issuer: string | null;
  destination: string | null;
  inResponseTo: string | null;
  issueInstant: string | null;
  statusCode: string | null;
  statusMessage: string | null;
  assertion: {
    id: string | null;
    issuer: string | null;
    audiences: string[];
    recipients: string[];
    notBefore: string | null;
    notOnOrAfter: string | null;
    nameId: string | null;
    nameIdFormat: string | null;
    sessionIndex: string | null;
    authnInstant: string | null;
  } | null;
  claims: Array<{ name: string; values: string[] }>;
}

export interface Diagnosis {
  /** null when every check passed. */
  code: FailureCode | null;
  /** Absent in records written before the engine named its outcomes. */
  outcome?: SignInOutcomeName;
  /** One line. */
  cause: string;
  /** What to change, in Entra's and the Mitel portal's words. */
  fix: string;
  /** Admin-facing details: the specific mistake, near-misses, times. Never shown to the end user. */
  hints: string[];
  verdicts: Verdict[];
  signature: SignatureInfo | null;
  times: TimeFacts | null;
  aadsts: AadstsInfo | null;
  userMatch: UserMatchInfo | null;
  expectations: Expectations;
  evaluatedAt: string;
}
