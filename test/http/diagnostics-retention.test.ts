import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignInRecord } from "../../src/domain/sign-in-record.js";
import { createLogger } from "../../src/log.js";
import { SignInLog } from "../../src/sign-ins/sign-in-log.js";
import { createTestRuntime, createWiredAccount, type TestRuntime } from "../helpers/test-runtime.js";
import { accountPaths, attemptSignIn } from "./diagnostics-helpers.js";

const DAY = 24 * 3600_000;
const NOW = Date.parse("2026-11-26T12:00:00.000Z");

let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime({ overrides: { signIns: { retentionDays: 14, maxPerAccount: 5 } } });
  await createWiredAccount(rt, { id: "keep-a", platform: "micloud" });
  await createWiredAccount(rt, { id: "keep-b", platform: "cloudlink" });
});
afterAll(() => rt.dispose());

function record(accountId: string, traceId: string, at: number): SignInRecord {
  return {
    traceId,
    accountId,
    at,
    outcome: "failure",
    failureCode: "AUDIENCE_MISMATCH",
    cause: "c",
    fix: "f",
    details: {},
    nameId: null,
    nameIdFormat: null,
    userId: null,
    requestId: null,
    relayState: null,
    // A realistic payload: pruning must cope with large rows.
    samlResponse: "A".repeat(8 * 1024),
  };
}

describe("retention: a cap per account and an age limit, in small batches", () => {
  it("uses the defaults of 14 days and 1,000 records per account", async () => {
    const defaults = await createTestRuntime();
    try {
      expect(defaults.ctx.config.signIns).toEqual({
        retentionDays: 14,
        maxPerAccount: 1000,
        failuresPerAddress: 30,
        failuresPerAccount: 120,
      });
    } finally {
      await defaults.dispose();
    }
  });

  it("deletes records older than the age limit and keeps the newest N per account", async () => {
    const store = rt.ctx.storage.signIns;
    for (let i = 0; i < 3; i++) await store.add(record("keep-a", `old-a${i}`, NOW - 20 * DAY + i));
    for (let i = 0; i < 8; i++) await store.add(record("keep-a", `new-a${i}`, NOW - DAY + i));
    for (let i = 0; i < 2; i++) await store.add(record("keep-b", `new-b${i}`, NOW - DAY + i));
    const log = new SignInLog(store, createLogger("silent"), () => NOW);
    const { retentionDays, maxPerAccount } = rt.ctx.config.signIns;
    // A batch of 2 makes the loop go round several times.
    const deleted = await log.prune(retentionDays * DAY, maxPerAccount, 2);
    expect(deleted).toBe(3 + 3);
    const a = await store.list({ accountId: "keep-a" });
    expect(a.map((r) => r.traceId)).toEqual(["new-a7", "new-a6", "new-a5", "new-a4", "new-a3"]);
    expect((await store.list({ accountId: "keep-b" })).map((r) => r.traceId)).toEqual(["new-b1", "new-b0"]);
    expect(await log.prune(retentionDays * DAY, maxPerAccount, 2)).toBe(0);
  });

  it("yields between batches, so a sign-in is recorded while a large prune runs", async () => {
    const store = rt.ctx.storage.signIns;
    for (let i = 0; i < 400; i++) await store.add(record("keep-b", `bulk-${i}`, NOW - 30 * DAY + i));
    const log = new SignInLog(store, createLogger("silent"), () => NOW);
    const pruning = log.prune(14 * DAY, 1000, 25);
    // The ACS records a sign-in meanwhile, through the live app.
    const account = accountPaths("cloudlink", "keep-b");
    const attempt = await attemptSignIn(rt.app, account, { audience: "https://elsewhere.example/" });
    expect(attempt.body.error.code).toBe("AUDIENCE_MISMATCH");
    // The live write also trims keep-b to its cap of 5 as it is recorded, so the two share the
    // deletions (a prune batch that finds its rows already gone ends the loop early; the next run
    // takes the rest), and the account ends within its cap either way.
    expect(await pruning).toBeGreaterThan(0);
    expect((await store.list({ accountId: "keep-b", limit: 1000 })).length).toBeLessThanOrEqual(5);
    const kept = await store.get("keep-b", attempt.body.error.traceId);
    expect(kept?.failureCode).toBe("AUDIENCE_MISMATCH");
  });

  it("the runtime's log prunes with the configured settings", async () => {
    const deleted = await rt.ctx.signIns.prune(
      rt.ctx.config.signIns.retentionDays * DAY,
      rt.ctx.config.signIns.maxPerAccount,
    );
    expect(deleted).toBeGreaterThanOrEqual(0);
    for (const id of ["keep-a", "keep-b"]) {
      expect((await rt.ctx.storage.signIns.list({ accountId: id, limit: 100 })).length).toBeLessThanOrEqual(
        5,
      );
    }
  });
});

describe("the cap applied as records are written", () => {
  async function writeAndCount(cap: number, writes: number): Promise<number[]> {
    const accountId = `trim-${cap}`;
    await createWiredAccount(rt, { id: accountId, platform: "micloud" });
    const store = rt.ctx.storage.signIns;
    const log = new SignInLog(store, createLogger("silent"), () => NOW, {
      counters: rt.ctx.storage.rateCounters,
      maxPerAccount: cap,
      failuresPerAddress: 1000,
      failuresPerAccount: 1000,
      windowMs: 600_000,
      now: () => NOW,
    });
    const held: number[] = [];
    for (let i = 0; i < writes; i++) {
      await log.add(
        { ...record(accountId, `${accountId}-${i}`, NOW), outcome: "success", samlResponse: "PHg+" },
        `${accountId}-${i}`,
      );
      held.push((await store.list({ accountId, limit: 10_000 })).length);
    }
    return held;
  }

  it("a cap under 64 holds exactly at every write", async () => {
    const held = await writeAndCount(50, 60);
    expect(Math.max(...held)).toBe(50);
    expect(held.at(-1)).toBe(50);
  });

  it("a larger cap is trimmed every cap/32 writes, so it runs over by fewer than that many records", async () => {
    const cap = 96; // trimmed every 3rd write
    const held = await writeAndCount(cap, 110);
    expect(Math.max(...held)).toBe(cap + 2);
    // Right after a trimming write the account is back at its cap.
    expect(held.filter((n) => n === cap).length).toBeGreaterThan(3);
    expect(held.at(-1)).toBeLessThanOrEqual(cap + 2);
  });
});
