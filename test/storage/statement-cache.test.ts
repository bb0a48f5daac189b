/** The SQLite statement cache: reuse by SQL text, the bound, and schema changes under it. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { withStatementCache } from "../../src/storage/sql/statement-cache.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "mms-stmt-cache-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function counted(max?: number) {
  const file = new Database(path.join(root, `${Math.random().toString(36).slice(2)}.sqlite`));
  let compiled = 0;
  const original = file.prepare.bind(file);
  file.prepare = ((text: string) => {
    compiled++;
    return original(text);
  }) as typeof file.prepare;
  const wrapped = withStatementCache(file, max);
  return { file, wrapped, compiled: () => compiled };
}

describe("withStatementCache", () => {
  it("compiles each SQL text once and binds new parameters on every run", () => {
    const { wrapped, compiled } = counted();
    wrapped.prepare("create table t (k text primary key, v integer)").run([]);
    const insert = "insert into t (k, v) values (?, ?)";
    for (let i = 0; i < 5; i++) wrapped.prepare(insert).run([`k${i}`, i]);
    const rows = wrapped.prepare("select v from t where k = ?").all(["k3"]);
    expect(rows).toEqual([{ v: 3 }]);
    expect(wrapped.prepare("select v from t where k = ?").all(["k4"])).toEqual([{ v: 4 }]);
    expect(compiled()).toBe(3);
    wrapped.close();
  });

  it("keeps at most the given number of statements, dropping the least recently used", () => {
    const { wrapped, compiled } = counted(2);
    wrapped.prepare("select 1").all([]);
    wrapped.prepare("select 2").all([]);
    wrapped.prepare("select 1").all([]); // 1 is now the most recent
    wrapped.prepare("select 3").all([]); // evicts 2
    expect(compiled()).toBe(3);
    wrapped.prepare("select 1").all([]);
    expect(compiled()).toBe(3);
    wrapped.prepare("select 2").all([]);
    expect(compiled()).toBe(4);
    wrapped.close();
  });

  it("serves Kysely queries correctly after a schema change under a cached statement", async () => {
    const { wrapped } = counted();
    const db = new Kysely<{ t: { k: string; v: number } }>({
      dialect: new SqliteDialect({ database: wrapped }),
    });
    await sql`create table t (k text primary key, v integer)`.execute(db);
    await db.insertInto("t").values({ k: "a", v: 1 }).execute();
    const read = () => db.selectFrom("t").selectAll().where("k", "=", "a").execute();
    expect(await read()).toEqual([{ k: "a", v: 1 }]);
    await sql`alter table t add column w integer`.execute(db);
    expect(await read()).toEqual([{ k: "a", v: 1, w: null }]);
    await db.destroy();
  });
});
