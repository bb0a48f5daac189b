/** KeyValueStore: generated secrets and small simulator state. */
import type { Kysely } from "kysely";
import type { KeyValueStore } from "../ports.js";
import type { Tables } from "./schema.js";

/** setIfAbsent re-reads after its insert; a concurrent delete in between is retried this often. */
const SET_IF_ABSENT_ATTEMPTS = 3;

export class SqlKeyValueStore implements KeyValueStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("key_values")
      .select("value")
      .where("key", "=", key)
      .executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto("key_values")
      .values({ key, value })
      .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ value: eb.ref("excluded.value") })))
      .execute();
  }

  async setIfAbsent(key: string, value: string): Promise<string> {
    // Insert-or-nothing, then read back: whichever replica inserted first, everyone returns its value.
    for (let attempt = 0; attempt < SET_IF_ABSENT_ATTEMPTS; attempt++) {
      await this.db
        .insertInto("key_values")
        .values({ key, value })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
      const stored = await this.get(key);
      if (stored !== undefined) return stored;
    }
    throw new Error(`Key "${key}" keeps being deleted while it is being set`);
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom("key_values").where("key", "=", key).execute();
  }

  async listByPrefix(prefix: string): Promise<Array<{ key: string; value: string }>> {
    let query = this.db.selectFrom("key_values").select(["key", "value"]);
    if (prefix !== "") {
      // substr() rather than LIKE: SQLite's LIKE ignores case and '%'/'_' in keys would need
      // escaping. Both engines count characters (code points), as Array.from does.
      const length = Array.from(prefix).length;
      query = query.where((eb) =>
        eb(eb.fn<string>("substr", ["key", eb.val(1), eb.val(length)]), "=", prefix),
      );
    }
    const rows = await query.execute();
    // Sorted here: Postgres would order by the database collation, SQLite by bytes.
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
