/** AuthnRequestStore: requests this SP issued, consumed exactly once by the ACS. */
import type { Kysely, Selectable } from "kysely";
import type { AuthnRequestRecord } from "../../domain/authn-request.js";
import { DuplicateKeyError } from "../errors.js";
import type { AuthnRequestStore } from "../ports.js";
import { isUniqueViolation } from "./db-errors.js";
import { toCount } from "./query-helpers.js";
import type { AuthnRequestsTable, Tables } from "./schema.js";

type AuthnRequestRow = Selectable<AuthnRequestsTable>;

export class SqlAuthnRequestStore implements AuthnRequestStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async save(request: Omit<AuthnRequestRecord, "consumedAt">): Promise<void> {
    try {
      await this.db
        .insertInto("authn_requests")
        .values({
          account_id: request.accountId,
          id: request.id,
          browser_binding_hash: request.browserBindingHash,
          relay_state: request.relayState,
          login_hint: request.loginHint,
          created_at: request.createdAt,
          expires_at: request.expiresAt,
          consumed_at: null,
        })
        .execute();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new DuplicateKeyError("authn_request", `AuthnRequest "${request.id}" was already saved`, {
        cause: err,
      });
    }
  }

  async get(accountId: string, id: string): Promise<AuthnRequestRecord | undefined> {
    const row = await this.db
      .selectFrom("authn_requests")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async consume(accountId: string, id: string, now: number): Promise<AuthnRequestRecord | undefined> {
    // One conditional UPDATE is the whole decision: the database serialises concurrent updates
    // of the row (Postgres re-checks the WHERE after waiting on the row lock; SQLite has a single
    // writer), so across processes exactly one caller sees its row come back.
    const row = await this.db
      .updateTable("authn_requests")
      .set({ consumed_at: now })
      .where("account_id", "=", accountId)
      .where("id", "=", id)
      .where("consumed_at", "is", null)
      .where("expires_at", ">", now)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async deleteExpired(now: number): Promise<number> {
    // Consumed requests stay until they expire so a replay still finds "consumed", not "unknown".
    const result = await this.db
      .deleteFrom("authn_requests")
      .where("expires_at", "<=", now)
      .executeTakeFirst();
    return toCount(result.numDeletedRows);
  }
}

function toRecord(row: AuthnRequestRow): AuthnRequestRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    browserBindingHash: row.browser_binding_hash,
    relayState: row.relay_state,
    loginHint: row.login_hint,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    consumedAt: row.consumed_at === null ? null : Number(row.consumed_at),
  };
}
