import { beforeEach, expect, it } from "vitest";
import { DuplicateKeyError } from "../../../src/storage/errors.js";
import { type ContractContext, seedAccount, signIn } from "./context.js";

const T0 = 1_700_000_000_000;

export function signInsContract(ctx: ContractContext): void {
  beforeEach(async () => {
    await seedAccount(ctx.storage, "a");
    await seedAccount(ctx.storage, "b");
  });

  const traces = async (filter: Parameters<typeof ctx.storage.signIns.list>[0]) =>
    (await ctx.storage.signIns.list(filter)).map((r) => r.traceId);

  it("adds a record and reads every field back", async () => {
    const record = signIn("a", "t1", T0, {
      outcome: "failure",
      failureCode: "SIGNATURE_INVALID",
      cause: "The response was signed with another certificate",
      fix: "Paste the current certificate",
      details: {
        verdicts: [{ check: "signature", expected: "valid", actual: "invalid", pass: false }],
        ok: true,
      },
      nameId: "alice@example.com",
      nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
      userId: "u1",
      requestId: "_r1",
      relayState: "/x",
      samlResponse: "PHNhbWxwOlJlc3BvbnNlLz4=",
    });
    await ctx.storage.signIns.add(record);
    expect(await ctx.storage.signIns.get("a", "t1")).toEqual(record);
    expect(await ctx.storage.signIns.get("b", "t1")).toBeUndefined();
  });

  it("rejects a duplicate trace id", async () => {
    await ctx.storage.signIns.add(signIn("a", "t1", T0));
    await expect(ctx.storage.signIns.add(signIn("a", "t1", T0 + 1))).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
  });

  it("lists newest first with filters and paging", async () => {
    await ctx.storage.signIns.add(signIn("a", "t1", T0 + 1, { outcome: "started" }));
    await ctx.storage.signIns.add(
      signIn("a", "t2", T0 + 2, { outcome: "failure", failureCode: "AUDIENCE_MISMATCH" }),
    );
    await ctx.storage.signIns.add(signIn("a", "t3", T0 + 3));
    await ctx.storage.signIns.add(
      signIn("a", "t4", T0 + 4, { outcome: "failure", failureCode: "ASSERTION_EXPIRED" }),
    );
    await ctx.storage.signIns.add(signIn("b", "t5", T0 + 5));

    expect(await traces({ accountId: "a" })).toEqual(["t4", "t3", "t2", "t1"]);
    expect(await traces({ accountId: "a", outcome: "failure" })).toEqual(["t4", "t2"]);
    expect(await traces({ accountId: "a", failureCode: "AUDIENCE_MISMATCH" })).toEqual(["t2"]);
    expect(await traces({ accountId: "a", since: T0 + 2, until: T0 + 3 })).toEqual(["t3", "t2"]);
    expect(await traces({ accountId: "a", limit: 2 })).toEqual(["t4", "t3"]);
    expect(await traces({ accountId: "a", limit: 2, offset: 2 })).toEqual(["t2", "t1"]);
    expect(await traces({ accountId: "a", offset: 3 })).toEqual(["t1"]);
    expect(await traces({ accountId: "b" })).toEqual(["t5"]);
  });

  it("updates a started record when its response arrives", async () => {
    await ctx.storage.signIns.add(signIn("a", "t1", T0, { outcome: "started", requestId: "_r" }));
    await ctx.storage.signIns.update("a", "t1", {
      outcome: "success",
      nameId: "alice",
      details: { nested: { flag: false } },
      relayState: undefined,
    });
    expect(await ctx.storage.signIns.get("a", "t1")).toMatchObject({
      outcome: "success",
      nameId: "alice",
      requestId: "_r",
      details: { nested: { flag: false } },
    });
    await ctx.storage.signIns.update("b", "t1", { outcome: "failure" });
    await ctx.storage.signIns.update("a", "t1", {});
    expect((await ctx.storage.signIns.get("a", "t1"))?.outcome).toBe("success");
  });

  it("returns the latest record, optionally of one outcome", async () => {
    expect(await ctx.storage.signIns.latest("a")).toBeUndefined();
    await ctx.storage.signIns.add(signIn("a", "t1", T0 + 1, { outcome: "success" }));
    await ctx.storage.signIns.add(signIn("a", "t2", T0 + 2, { outcome: "failure" }));
    expect((await ctx.storage.signIns.latest("a"))?.traceId).toBe("t2");
    expect((await ctx.storage.signIns.latest("a", "success"))?.traceId).toBe("t1");
    expect(await ctx.storage.signIns.latest("a", "started")).toBeUndefined();
  });

  it("prunes records older than the cut-off", async () => {
    await ctx.storage.signIns.add(signIn("a", "old1", T0 - 2));
    await ctx.storage.signIns.add(signIn("b", "old2", T0 - 1));
    await ctx.storage.signIns.add(signIn("a", "edge", T0));
    await ctx.storage.signIns.add(signIn("b", "new", T0 + 1));
    expect(await ctx.storage.signIns.prune(T0, 100)).toBe(2);
    expect(await traces({ accountId: "a" })).toEqual(["edge"]);
    expect(await traces({ accountId: "b" })).toEqual(["new"]);
  });

  it("keeps at most the newest N records per account", async () => {
    for (let i = 0; i < 5; i++) await ctx.storage.signIns.add(signIn("a", `a${i}`, T0 + i));
    for (let i = 0; i < 2; i++) await ctx.storage.signIns.add(signIn("b", `b${i}`, T0 + i));
    expect(await ctx.storage.signIns.prune(0, 3)).toBe(2);
    expect(await traces({ accountId: "a" })).toEqual(["a4", "a3", "a2"]);
    expect(await traces({ accountId: "b" })).toEqual(["b1", "b0"]);
    // By age: a2, b0, b1; then by cap: a3.
    expect(await ctx.storage.signIns.prune(T0 + 3, 1)).toBe(4);
    expect(await traces({ accountId: "a" })).toEqual(["a4"]);
    expect(await traces({ accountId: "b" })).toEqual([]);
    expect(await ctx.storage.signIns.prune(0, Number.POSITIVE_INFINITY)).toBe(0);
    expect(await ctx.storage.signIns.prune(0, 0)).toBe(1);
  });

  it("lists the records of one request id (the started record and the attempts answering it)", async () => {
    await ctx.storage.signIns.add(signIn("a", "s1", T0 + 1, { outcome: "started", requestId: "_r1" }));
    await ctx.storage.signIns.add(signIn("a", "s2", T0 + 2, { outcome: "started", requestId: "_r2" }));
    await ctx.storage.signIns.add(signIn("a", "f1", T0 + 3, { outcome: "failure", requestId: "_r1" }));
    await ctx.storage.signIns.add(signIn("b", "f2", T0 + 4, { outcome: "failure", requestId: "_r1" }));
    expect(await traces({ accountId: "a", requestId: "_r1" })).toEqual(["f1", "s1"]);
    expect(await traces({ accountId: "a", requestId: "_r1", outcome: "started" })).toEqual(["s1"]);
    expect(await traces({ accountId: "a", requestId: "_none" })).toEqual([]);
  });

  it("prunes in bounded batches when asked, oldest first, by age then by cap", async () => {
    for (let i = 0; i < 5; i++) await ctx.storage.signIns.add(signIn("a", `a${i}`, T0 + i));
    // By age (older than T0 + 3): a0, a1, a2, at most two per call.
    expect(await ctx.storage.signIns.prune(T0 + 3, 100, 2)).toBe(2);
    expect(await traces({ accountId: "a" })).toEqual(["a4", "a3", "a2"]);
    expect(await ctx.storage.signIns.prune(T0 + 3, 100, 2)).toBe(1);
    expect(await ctx.storage.signIns.prune(T0 + 3, 100, 2)).toBe(0);
    for (let i = 5; i < 9; i++) await ctx.storage.signIns.add(signIn("a", `a${i}`, T0 + i));
    // Cap of 2 over a3..a8: four to delete, two per call.
    expect(await ctx.storage.signIns.prune(0, 2, 2)).toBe(2);
    expect(await ctx.storage.signIns.prune(0, 2, 2)).toBe(2);
    expect(await ctx.storage.signIns.prune(0, 2, 2)).toBe(0);
    expect(await traces({ accountId: "a" })).toEqual(["a8", "a7"]);
  });
}
