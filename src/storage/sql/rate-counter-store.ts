/** RateCounterStore: fixed-window counters shared by every worker and replica through the database. */
import { type Kysely, sql } from "kysely";
import type { RateCounterStore, RateHit } from "../ports.js";
import { toCount } from "./query-helpers.js";
import type { Tables } from "./schema.js";

export class SqlRateCounterStore implements RateCounterStore {
  constructor(private readonly db: Kysely<Tables>) {}

  /**
   * One statement, so two requests racing on the same key each get their own count (SQLite and
   * Postgres both serialise an upsert on one row; both read the old row in every SET expression).
   */
  async hit(key: string, windowMs: number, now: number): Promise<RateHit> {
    const endsAt = now + windowMs;
    const row = await this.db
      .insertInto("rate_counters")
      .values({ key, hits: 1, window_ends_at: endsAt })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          hits: sql<number>`case when rate_counters.window_ends_at <= ${now} then 1 else rate_counters.hits + 1 end`,
          window_ends_at: sql<number>`case when rate_counters.window_ends_at <= ${now} then ${endsAt} else rate_counters.window_ends_at end`,
        }),
      )
      .returning(["hits", "window_ends_at"])
      .executeTakeFirstOrThrow();
    return { count: Number(row.hits), windowEndsAt: Number(row.window_ends_at) };
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom("rate_counters").where("key", "=", key).execute();
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db
      .deleteFrom("rate_counters")
      .where("window_ends_at", "<=", now)
      .executeTakeFirst();
    return toCount(result.numDeletedRows);
  }
}
