/** ReplayStore: assertion IDs already accepted, keyed per account. */
import type { Kysely } from "kysely";
import type { ReplayStore } from "../ports.js";
import { toCount } from "./query-helpers.js";
import type { Tables } from "./schema.js";

export class SqlReplayStore implements ReplayStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async remember(accountId: string, assertionId: string, expiresAt: number): Promise<boolean> {
    // The primary key decides atomically: the insert either adds the row (first sighting) or does
    // nothing (seen before). Any existing row counts as seen, even one past its expiry that
    // deleteExpired has not removed yet; the assertion's own NotOnOrAfter rejects those anyway.
    const result = await this.db
      .insertInto("replays")
      .values({ account_id: accountId, assertion_id: assertionId, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(["account_id", "assertion_id"]).doNothing())
      .executeTakeFirst();
    return toCount(result.numInsertedOrUpdatedRows) === 1;
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom("replays").where("expires_at", "<=", now).executeTakeFirst();
    return toCount(result.numDeletedRows);
  }
}
