/**
 * Narrow storage interfaces. Services depend on these, never on Kysely or a driver.
 * One SQL implementation (storage/sql/) serves SQLite and Postgres; tests/storage runs the
 * same contract suite against both. The records they keep are the domain model (src/domain/):
 * storage implements these ports over it, it does not define it.
 *
 * Conventions: times are epoch milliseconds (numbers); ids are strings; methods return plain
 * objects; "not found" is `undefined`, never an exception.
 */
import type { AccountPatch, AccountRecord, NewAccount } from "../domain/account.js";
import type { AuthnRequestRecord } from "../domain/authn-request.js";
import type { SignInOutcome, SignInRecord } from "../domain/sign-in-record.js";
import type { SpKeyRecord, SpKeyUse } from "../domain/sp-key.js";
import type { NewUser, UserPatch, UserRecord, UserStatus } from "../domain/user.js";
import type { FailureCode } from "../failure-codes.js";
import type { LoginField } from "../platforms/platform.js";
import type { PlatformId } from "../platforms/platform-id.js";

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

export interface UserSearch {
  accountId: string;
  /** Case-insensitive substring over name, email and username. */
  query?: string;
  status?: UserStatus;
  limit?: number;
  offset?: number;
}

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
