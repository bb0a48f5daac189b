import { statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import type { SignInRecord } from "../../src/domain/sign-in-record.js";
import {
  MAX_FAILED_RESPONSE_CHARS,
  MAX_FAILURE_DETAILS_CHARS,
  MAX_FAILURE_TEXT_CHARS,
} from "../../src/sign-ins/record-bounds.js";
import { SQLITE_FILE_NAME } from "../../src/storage/sql/database.js";
import { createTestRuntime, createWiredAccount, type TestRuntime } from "../helpers/test-runtime.js";
import { operatorAgent } from "../http/admin-support.js";
import { accountPaths, postRaw, recordOf } from "../http/diagnostics-helpers.js";
import { toBase64 } from "./support/xml.js";

/**
 * Anonymous posts to an ACS cannot fill the database: a failure record is small whatever was
 * posted, an account holds at most its cap (enforced as records are written), and only so many
 * failures per client address and per account are recorded in 10 minutes; the ACS still answers
 * every post with its 4xx and code.
 */

/** The most one failure record can hold: its capped response, details and short columns. */
const MAX_RECORD_CHARS = MAX_FAILED_RESPONSE_CHARS + MAX_FAILURE_DETAILS_CHARS + 8 * MAX_FAILURE_TEXT_CHARS;

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

/**
 * A well-formed Response far over the parser's size limit: every other one about 400 KB of form
 * body (refused from its Content-Length, unread), the rest 130 KB (read, refused, recorded).
 */
function bigResponse(i: number): string {
  const fill = i % 2 === 0 ? 22_000 : 7_000;
  return toBase64(
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_${i}">${"<x>filler</x>".repeat(fill)}</samlp:Response>`,
  );
}

function storedChars(records: SignInRecord[]): number {
  return records.reduce((n, r) => n + JSON.stringify(r).length, 0);
}

/** The SQLite file's size with its write-ahead log folded in. */
function sqliteBytes(dataDir: string): number | null {
  if (process.env.DATABASE_URL) return null;
  const file = join(dataDir, SQLITE_FILE_NAME);
  const db = new Database(file);
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  return statSync(file).size;
}

describe("storage under anonymous failed posts", () => {
  it("1,000 posts of 130-400 KB to one account from 1,000 addresses: the account stays at its cap and the database grows by a bounded amount", async () => {
    const CAP = 50;
    const CONCURRENCY = 8;
    rt = await createTestRuntime({
      overrides: {
        server: { trustProxy: true },
        signIns: { maxPerAccount: CAP, failuresPerAccount: 10_000 },
      },
    });
    await createWiredAccount(rt, { id: "flooded", platform: "micloud" });
    const account = accountPaths("micloud", "flooded");
    const app = rt.app;
    const before = sqliteBytes(rt.dataDir);
    let most = 0;
    for (let batch = 0; batch < 1000 / CONCURRENCY; batch++) {
      const answers = await Promise.all(
        Array.from({ length: CONCURRENCY }, (_, j) => {
          const i = batch * CONCURRENCY + j;
          return request(app)
            .post(account.acsPath)
            .set("X-Forwarded-For", `203.0.${Math.floor(i / 250)}.${i % 250}`)
            .set("Accept", "application/json")
            .type("form")
            .send(`SAMLResponse=${encodeURIComponent(bigResponse(i))}`);
        }),
      );
      for (const res of answers) {
        expect(res.status).toBe(413);
        expect(res.body.error.code).toBe("SAML_RESPONSE_TOO_LARGE");
      }
      const held = await rt.ctx.storage.signIns.list({ accountId: "flooded", limit: 10_000 });
      most = Math.max(most, held.length);
    }
    // Each write trims the account right after it, so only the writes in flight can overshoot.
    expect(most).toBeLessThanOrEqual(CAP + CONCURRENCY);
    const held = await rt.ctx.storage.signIns.list({ accountId: "flooded", limit: 10_000 });
    expect(held.length).toBeLessThanOrEqual(CAP);
    expect(storedChars(held)).toBeLessThanOrEqual(CAP * MAX_RECORD_CHARS);
    const after = sqliteBytes(rt.dataDir);
    if (before !== null && after !== null) {
      // Freed pages are reused; the file holds at most the cap plus the records in flight.
      expect(after - before).toBeLessThanOrEqual((CAP + CONCURRENCY) * MAX_RECORD_CHARS * 2);
    }
  }, 180_000);

  it("one address: only its first 30 failures in 10 minutes are recorded, every post still gets its code", async () => {
    let now = Date.parse("2026-12-01T10:00:00Z");
    rt = await createTestRuntime();
    rt.ctx.now = () => now;
    await createWiredAccount(rt, { id: "noisy", platform: "micloud" });
    const account = accountPaths("micloud", "noisy");
    for (let i = 0; i < 40; i++) {
      const { res, body } = await postRaw(rt.app, account, toBase64("<nope/>"));
      expect(res.status).toBe(400);
      expect(body.error.code).toBe("SAML_MESSAGE_UNEXPECTED");
      expect(body.error.traceId).toMatch(/\S/);
    }
    expect(await rt.ctx.storage.signIns.list({ accountId: "noisy", limit: 100 })).toHaveLength(30);
    now += 10 * 60_000;
    await postRaw(rt.app, account, toBase64("<nope/>"));
    expect(await rt.ctx.storage.signIns.list({ accountId: "noisy", limit: 100 })).toHaveLength(31);
  });

  it("many addresses: only signIns.failuresPerAccount failures per account are recorded in 10 minutes", async () => {
    rt = await createTestRuntime({
      overrides: { server: { trustProxy: true }, signIns: { failuresPerAccount: 3 } },
    });
    rt.ctx.now = () => Date.parse("2026-12-01T10:00:00Z");
    await createWiredAccount(rt, { id: "spread", platform: "micloud" });
    const account = accountPaths("micloud", "spread");
    for (let i = 0; i < 6; i++) {
      const res = await request(rt.app)
        .post(account.acsPath)
        .set("X-Forwarded-For", `198.51.100.${i}`)
        .set("Accept", "application/json")
        .type("form")
        .send({ SAMLResponse: toBase64("<nope/>") });
      expect(res.body.error.code).toBe("SAML_MESSAGE_UNEXPECTED");
    }
    expect(await rt.ctx.storage.signIns.list({ accountId: "spread", limit: 100 })).toHaveLength(3);
  });

  it("a failure's large response is stored in part, and the record and its page say so", async () => {
    rt = await createTestRuntime();
    await createWiredAccount(rt, { id: "cut", platform: "micloud" });
    const account = accountPaths("micloud", "cut");
    // 30 KB of XML: within the parser's limit, refused for what it is, 40 KB as base64.
    const posted = toBase64(`<nope>${"y".repeat(30 * 1024)}</nope>`);
    const { body } = await postRaw(rt.app, account, posted);
    expect(body.error.code).toBe("SAML_MESSAGE_UNEXPECTED");
    const record = (await recordOf(rt.app, "cut", body.error.traceId)) as Awaited<
      ReturnType<typeof recordOf>
    > & { truncated: { samlResponseChars?: number } | null };
    expect(record.samlResponse?.length).toBe(MAX_FAILED_RESPONSE_CHARS);
    expect(record.truncated?.samlResponseChars).toBe(posted.length);
    expect(record.xml).toBeNull();

    const operator = await operatorAgent(rt.app);
    const page = await operator.get(`/admin/accounts/cut/sign-ins/${body.error.traceId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("data-truncated");
    expect(page.text).toContain(
      `Only the first 32 KB of the ${Math.round(posted.length / 1024)} KB SAMLResponse were kept`,
    );
  });
});
