/**
 * Row shapes of the SQL tables, as Kysely sees them. Column names are snake_case; the stores map
 * rows to the camelCase records of ports.ts. Times are epoch milliseconds in BIGINT columns; the
 * Postgres pool parses int8 to number (see database.ts), SQLite returns numbers already.
 */

export interface AccountsTable {
  id: string;
  platform: string;
  display_name: string;
  /** SsoSettings as JSON; parsed onto DEFAULT_SSO_SETTINGS so later-added fields get defaults. */
  sso_json: string;
  sp_entity_id_override: string | null;
  reply_url_override: string | null;
  /** Stable, unique; NULL only between migration 0002's ALTER and its backfill. */
  uuid: string | null;
  /** "mock" | "mitel", or NULL for the instance's profile. */
  url_profile: string | null;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: string;
  account_id: string;
  name: string;
  first_name: string | null;
  last_name: string | null;
  email: string;
  username: string | null;
  /** trim + lower-case of email: the indexed, unique-per-account login key. */
  login_email_norm: string;
  /** trim + lower-case of username, null when there is none (NULLs never collide in the unique index). */
  login_username_norm: string | null;
  status: string;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
}

export interface AuthnRequestsTable {
  account_id: string;
  id: string;
  browser_binding_hash: string | null;
  relay_state: string | null;
  login_hint: string | null;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

export interface ReplaysTable {
  account_id: string;
  assertion_id: string;
  expires_at: number;
}

export interface SignInsTable {
  trace_id: string;
  account_id: string;
  at: number;
  outcome: string;
  failure_code: string | null;
  cause: string | null;
  fix: string | null;
  details_json: string;
  name_id: string | null;
  name_id_format: string | null;
  user_id: string | null;
  request_id: string | null;
  relay_state: string | null;
  saml_response: string | null;
}

export interface SessionsTable {
  sid: string;
  data: string;
  expires_at: number;
}

export interface KeyValuesTable {
  key: string;
  value: string;
}

export interface RateCountersTable {
  key: string;
  hits: number;
  window_ends_at: number;
}

/** An account's SP key pairs (migration 0005). */
export interface SpKeysTable {
  id: string;
  account_id: string;
  /** "signing" | "encryption". */
  key_use: string;
  certificate_pem: string;
  private_key_pem: string;
  /** 1 for the active key of its use, else 0 (no booleans: see migrations.ts). */
  active: number;
  created_at: number;
}

export interface Tables {
  accounts: AccountsTable;
  sp_keys: SpKeysTable;
  users: UsersTable;
  authn_requests: AuthnRequestsTable;
  replays: ReplaysTable;
  sign_ins: SignInsTable;
  sessions: SessionsTable;
  key_values: KeyValuesTable;
  rate_counters: RateCountersTable;
}
