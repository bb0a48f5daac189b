/**
 * Narrow storage interfaces. Services depend on these, never on Kysely or a driver.
 * One SQL implementation (storage/sql/) serves SQLite and Postgres; tests/storage runs the
 * same contract suite against both.
 *
 * Conventions: times are epoch milliseconds (numbers); ids are strings; methods return plain
 * objects; "not found" is `undefined`, never an exception.
 */
import type { NameIdPolicyFormat } from "../accounts/settings/request-options.js";
import type { FailureCode } from "../failure-codes.js";
import type { PlatformId } from "../platforms/platform-id.js";
import type { MitelAccountUrls, UrlProfileId } from "../platforms/url-profile.js";

export type UserStatus = "pending" | "active" | "disabled";

export interface SsoSettings {
  enabled: boolean;
  /** Entra's "Login URL" (the IdP's SAML endpoint), as pasted. Empty string when not set. */
  idpSignInUrl: string;
  /** Entra's "Microsoft Entra Identifier", e.g. https://sts.windows.net/{tenant}/ */
  idpEntityId: string;
  /** PEM certificates (normalised, one BEGIN/END block each), in the order they were pasted. */
  idpCertificates: string[];
  /** CloudLink only: "Enable Mitel Credentials (Optional)". Always false for MiCloud. */
  mitelCredentialsAllowed: boolean;
  /** Account opts in to SHA-1 signatures ("Entra signing algorithm is SHA-1"). Default false. */
  allowSha1: boolean;
  /**
   * Account requires the Response itself to be signed too (Entra's Signing Option "Sign SAML
   * response and assertion"). Default false: Entra's default signs only the assertion.
   */
  requireResponseSignature: boolean;
  /** CloudLink: the Entra integration was added under Integrations (the panel exists). */
  integrationAdded: boolean;
  /** Mock only: the AuthnRequest carries ForceAuthn="true" (Entra asks for credentials again). */
  forceAuthn: boolean;
  /** Mock only: the AuthnRequest's NameIDPolicy Format. Default "unspecified", as Mitel sends. */
  nameIdPolicyFormat: NameIdPolicyFormat;
  /**
   * Mock only: Entra's Logout URL (https://login.microsoftonline.com/{tenant}/saml2). Set: single
   * sign-out in both directions (settings/single-sign-out.ts); "" = sign-out is local only.
   */
  idpLogoutUrl: string;
  /** Mock only: AuthnRequests are signed (HTTP-Redirect SigAlg/Signature) with the active SP signing key. */
  signAuthnRequests: boolean;
  /** Mock only: the SP publishes an encryption key and decrypts an EncryptedAssertion with its keys. */
  encryptedAssertions: boolean;
}

export interface AccountRecord {
  id: string;
  platform: PlatformId;
  displayName: string;
  sso: SsoSettings;
  /** Overrides of the SP identifiers; null means "derived from PUBLIC_URL". */
  spEntityIdOverride: string | null;
  replyUrlOverride: string | null;
  /** Stable UUID, given at creation; the Mitel-shaped Identifier ends with it. */
  uuid: string;
  /** The account's URL profile; null = the instance's (config urls.profile). */
  urlProfile: UrlProfileId | null;
  /**
   * Not stored: filled in by AccountService from the configuration when the account's effective
   * profile is "mitel". The SP identifiers (saml/sp-identifiers.ts) read it.
   */
  mitelUrls?: MitelAccountUrls;
  createdAt: number;
  updatedAt: number;
}

export interface NewAccount {
  id: string;
  platform: PlatformId;
  displayName: string;
  sso?: Partial<SsoSettings>;
  spEntityIdOverride?: string | null;
  replyUrlOverride?: string | null;
  urlProfile?: UrlProfileId | null;
  /** Given by a seed file that recreates an exported account; otherwise generated. */
  uuid?: string;
}

export interface AccountPatch {
  displayName?: string;
  sso?: Partial<SsoSettings>;
  spEntityIdOverride?: string | null;
  replyUrlOverride?: string | null;
  urlProfile?: UrlProfileId | null;
}

export interface AccountStore {
  create(account: NewAccount): Promise<AccountRecord>;
  get(id: string): Promise<AccountRecord | undefined>;
  list(): Promise<AccountRecord[]>;
  getByUuid(uuid: string): Promise<AccountRecord | undefined>;
  /** Accounts whose Identifier or Reply URL override is one of `urls` (exact text). */
  findByOverrideUrl(urls: string[]): Promise<AccountRecord[]>;
  update(id: string, patch: AccountPatch): Promise<AccountRecord | undefined>;
  delete(id: string): Promise<boolean>;
}

export interface UserRecord {
  id: string;
  accountId: string;
  /** MiCloud: Name. CloudLink: derived "First Last". */
  name: string;
  firstName: string | null;
  lastName: string | null;
  /** MiCloud: Business Email Address. CloudLink: Email. */
  email: string;
  /** MiCloud: Username (defaults to the email). CloudLink: null. */
  username: string | null;
  status: UserStatus;
  /** scrypt hash in the form "scrypt$N$r$p$salt$hash" (base64 parts), or null. */
  passwordHash: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewUser {
  accountId: string;
  name: string;
  firstName?: string | null;
  lastName?: string | null;
  email: string;
  username?: string | null;
  status?: UserStatus;
  passwordHash?: string | null;
}

export type UserPatch = Partial<Omit<NewUser, "accountId">>;

export interface UserSearch {
  accountId: string;
  /** Case-insensitive substring over name, email and username. */
  query?: string;
  status?: UserStatus;
  limit?: number;
  offset?: number;
}

/** Which column a login identifier is matched against (decided by the platform). */
export type LoginField = "username" | "email";

export interface UserStore {
  create(user: NewUser): Promise<UserRecord>;
  get(accountId: string, userId: string): Promise<UserRecord | undefined>;
  update(accountId: string, userId: string, patch: UserPatch): Promise<UserRecord | undefined>;
  delete(accountId: string, userId: string): Promise<boolean>;
  search(search: UserSearch): Promise<UserRecord[]>;
  count(accountId: string): Promise<number>;
  /** Exact match after trim + lower-case, through an index on the normalised column. */
  findByLogin(accountId: string, field: LoginField, value: string): Promise<UserRecord | undefined>;
  /** The same match across every account of a platform (sign-on page discovery). */
  findAllByLogin(platform: PlatformId, field: LoginField, value: string): Promise<UserRecord[]>;
}

/** An AuthnRequest this service issued; the ACS consumes it once. */
export interface AuthnRequestRecord {
  id: string;
  accountId: string;
  /** SHA-256 (hex) of the browser-binding nonce kept in a cookie; null when not bound. */
  browserBindingHash: string | null;
  relayState: string | null;
  loginHint: string | null;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
}

export interface AuthnRequestStore {
  save(request: Omit<AuthnRequestRecord, "consumedAt">): Promise<void>;
  get(accountId: string, id: string): Promise<AuthnRequestRecord | undefined>;
  /**
   * Atomically marks the request consumed. Returns the record when this call consumed it;
   * undefined when it does not exist, belongs to another account, is expired at `now`, or was
   * consumed already (replayed). Exactly one concurrent caller wins.
   */
  consume(accountId: string, id: string, now: number): Promise<AuthnRequestRecord | undefined>;
  deleteExpired(now: number): Promise<number>;
}

/** Assertion IDs already accepted; kept until the assertion's NotOnOrAfter. */
export interface ReplayStore {
  /** True when recorded now; false when this (account, assertion id) was seen before. */
  remember(accountId: string, assertionId: string, expiresAt: number): Promise<boolean>;
  deleteExpired(now: number): Promise<number>;
}

export type SignInOutcome = "started" | "success" | "failure";

export interface CheckVerdict {
  check: string;
  expected: string;
  actual: string;
  pass: boolean;
}

export interface SignInRecord {
  traceId: string;
  accountId: string;
  at: number;
  outcome: SignInOutcome;
  failureCode: FailureCode | null;
  cause: string | null;
  fix: string | null;
  /** Free-form JSON details (verdicts, signature info, claims, client address...). */
  details: Record<string, unknown>;
  nameId: string | null;
  nameIdFormat: string | null;
  userId: string | null;
  requestId: string | null;
  relayState: string | null;
  /** Raw base64 SAMLResponse, capped; null when none. */
  samlResponse: string | null;
}

export interface SignInFilter {
  accountId: string;
  outcome?: SignInOutcome;
  failureCode?: FailureCode;
  /** The AuthnRequest ID the record is about (the started record and the ACS attempts answering it). */
  requestId?: string;
  since?: number;
  until?: number;
  limit?: number;
  offset?: number;
}

export interface SignInStore {
  add(record: SignInRecord): Promise<void>;
  get(accountId: string, traceId: string): Promise<SignInRecord | undefined>;
  /** Newest first. */
  list(filter: SignInFilter): Promise<SignInRecord[]>;
  /** Updates an existing record (e.g. a "started" record when its response arrives). */
  update(
    accountId: string,
    traceId: string,
    patch: Partial<Omit<SignInRecord, "traceId" | "accountId">>,
  ): Promise<void>;
  latest(accountId: string, outcome?: SignInOutcome): Promise<SignInRecord | undefined>;
  /**
   * Deletes records older than `olderThan` and keeps at most `keepPerAccount` per account.
   * With `maxRows`, deletes at most that many in this call (callers loop, so that no single
   * statement holds the database for long).
   */
  prune(olderThan: number, keepPerAccount: number, maxRows?: number): Promise<number>;
  /** Deletes one account's records past its newest `keep` (run as records are written). */
  trimAccount(accountId: string, keep: number): Promise<number>;
}

/** Sessions for express-session, kept in the same database so replicas can share them. */
export interface SessionRow {
  sid: string;
  data: string;
  expiresAt: number;
}

export interface SessionStorePort {
  get(sid: string, now: number): Promise<SessionRow | undefined>;
  set(row: SessionRow): Promise<void>;
  destroy(sid: string): Promise<void>;
  /**
   * Deletes the row and returns it if it had not expired at `now`, in one statement: of two
   * concurrent takes of one sid at most one gets the row (a one-time ticket is used once).
   */
  take(sid: string, now: number): Promise<SessionRow | undefined>;
  touch(sid: string, expiresAt: number): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}

/** Small key/value table for generated secrets and simulator state that is not relational. */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Sets only when absent; returns the value now stored (first writer wins across replicas). */
  setIfAbsent(key: string, value: string): Promise<string>;
  delete(key: string): Promise<void>;
  listByPrefix(prefix: string): Promise<Array<{ key: string; value: string }>>;
}

export interface RateHit {
  /** Hits in the current window, this one included. */
  count: number;
  windowEndsAt: number;
}

/**
 * Fixed-window counters (operator sign-in attempts, recorded failures per address and account),
 * kept in the database so every worker and replica counts against the same number.
 */
export interface RateCounterStore {
  /** Counts one hit atomically; a window over by `now` starts again at 1 and lasts `windowMs`. */
  hit(key: string, windowMs: number, now: number): Promise<RateHit>;
  reset(key: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}

/** What an SP key pair of an account is for: signing AuthnRequests, or decrypting assertions. */
export type SpKeyUse = "signing" | "encryption";

/**
 * One SP key pair of an account (mock only: Mitel's portals have no such keys). The private key is
 * kept in the database like the service's generated secrets; never shown, exported only on request.
 */
export interface SpKeyRecord {
  id: string;
  accountId: string;
  use: SpKeyUse;
  /** PEM, "-----BEGIN CERTIFICATE-----". */
  certificatePem: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** The one key of its use that signs (signing) or is advertised first (encryption). */
  active: boolean;
  createdAt: number;
}

/**
 * An account's SP key pairs. Every key of a use is published in the SP metadata (the overlap of a
 * rotation); one per use is active. Keys go with their account (ON DELETE CASCADE).
 */
export interface SpKeyStore {
  /** Oldest first. */
  list(accountId: string, use?: SpKeyUse): Promise<SpKeyRecord[]>;
  add(key: SpKeyRecord): Promise<void>;
  /** Makes this key the active one of its use (the others of that use become inactive). */
  activate(accountId: string, id: string): Promise<boolean>;
  remove(accountId: string, id: string): Promise<boolean>;
}

export interface Storage {
  readonly kind: "sqlite" | "postgres";
  accounts: AccountStore;
  spKeys: SpKeyStore;
  users: UserStore;
  authnRequests: AuthnRequestStore;
  replays: ReplayStore;
  signIns: SignInStore;
  sessions: SessionStorePort;
  keyValues: KeyValueStore;
  rateCounters: RateCounterStore;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_SSO_SETTINGS: SsoSettings = {
  enabled: false,
  idpSignInUrl: "",
  idpEntityId: "",
  idpCertificates: [],
  mitelCredentialsAllowed: false,
  allowSha1: false,
  requireResponseSignature: false,
  integrationAdded: false,
  forceAuthn: false,
  nameIdPolicyFormat: "unspecified",
  idpLogoutUrl: "",
  signAuthnRequests: false,
  encryptedAssertions: false,
};
