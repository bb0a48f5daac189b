/** SpKeyStore over the sp_keys table. */
import type { Kysely, Selectable } from "kysely";
import type { SpKeyRecord, SpKeyUse } from "../../domain/sp-key.js";
import type { SpKeyStore } from "../ports.js";
import { toCount } from "./query-helpers.js";
import type { SpKeysTable, Tables } from "./schema.js";

export class SqlSpKeyStore implements SpKeyStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async list(accountId: string, use?: SpKeyUse): Promise<SpKeyRecord[]> {
    let query = this.db.selectFrom("sp_keys").selectAll().where("account_id", "=", accountId);
    if (use) query = query.where("key_use", "=", use);
    const rows = await query.orderBy("created_at", "asc").orderBy("id", "asc").execute();
    return rows.map(toRecord);
  }

  async add(key: SpKeyRecord): Promise<void> {
    await this.db
      .insertInto("sp_keys")
      .values({
        id: key.id,
        account_id: key.accountId,
        key_use: key.use,
        certificate_pem: key.certificatePem,
        private_key_pem: key.privateKeyPem,
        active: key.active ? 1 : 0,
        created_at: key.createdAt,
      })
      .execute();
  }

  async activate(accountId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("sp_keys")
        .select("key_use")
        .where("account_id", "=", accountId)
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) return false;
      await trx
        .updateTable("sp_keys")
        .set({ active: 0 })
        .where("account_id", "=", accountId)
        .where("key_use", "=", row.key_use)
        .execute();
      const result = await trx
        .updateTable("sp_keys")
        .set({ active: 1 })
        .where("account_id", "=", accountId)
        .where("id", "=", id)
        .executeTakeFirst();
      return toCount(result.numUpdatedRows) === 1;
    });
  }

  async remove(accountId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("sp_keys")
      .where("account_id", "=", accountId)
      .where("id", "=", id)
      .executeTakeFirst();
    return toCount(result.numDeletedRows) > 0;
  }
}

function toRecord(row: Selectable<SpKeysTable>): SpKeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    use: row.key_use === "encryption" ? "encryption" : "signing",
    certificatePem: row.certificate_pem,
    privateKeyPem: row.private_key_pem,
    active: Number(row.active) === 1,
    createdAt: Number(row.created_at),
  };
}
