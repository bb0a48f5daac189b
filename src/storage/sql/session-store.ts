/** SessionStorePort over the sessions table (express-session data, shared by replicas). */
import type { Kysely } from "kysely";
import type { SessionRow, SessionStorePort } from "../ports.js";
import { toCount } from "./query-helpers.js";
import type { Tables } from "./schema.js";

export class SqlSessionStore implements SessionStorePort {
  constructor(private readonly db: Kysely<Tables>) {}

  async get(sid: string, now: number): Promise<SessionRow | undefined> {
    // Expired rows linger until the pruner runs; they must already read as absent.
    const row = await this.db
      .selectFrom("sessions")
      .selectAll()
      .where("sid", "=", sid)
      .where("expires_at", ">", now)
      .executeTakeFirst();
    return row && { sid: row.sid, data: row.data, expiresAt: Number(row.expires_at) };
  }

  async set(row: SessionRow): Promise<void> {
    // Upsert in one statement: two requests of the same session may save at the same time.
    await this.db
      .insertInto("sessions")
      .values({ sid: row.sid, data: row.data, expires_at: row.expiresAt })
      .onConflict((oc) =>
        oc.column("sid").doUpdateSet((eb) => ({
          data: eb.ref("excluded.data"),
          expires_at: eb.ref("excluded.expires_at"),
        })),
      )
      .execute();
  }

  async destroy(sid: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("sid", "=", sid).execute();
  }

  async take(sid: string, now: number): Promise<SessionRow | undefined> {
    // DELETE ... RETURNING (SQLite >= 3.35, Postgres): the read and the delete are one statement,
    // so the database hands the row to one caller only. An expired row is deleted all the same.
    const row = await this.db.deleteFrom("sessions").where("sid", "=", sid).returningAll().executeTakeFirst();
    if (!row || Number(row.expires_at) <= now) return undefined;
    return { sid: row.sid, data: row.data, expiresAt: Number(row.expires_at) };
  }

  async touch(sid: string, expiresAt: number): Promise<void> {
    await this.db.updateTable("sessions").set({ expires_at: expiresAt }).where("sid", "=", sid).execute();
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom("sessions").where("expires_at", "<=", now).executeTakeFirst();
    return toCount(result.numDeletedRows);
  }
}
