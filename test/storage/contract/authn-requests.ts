import { expect, it } from "vitest";
import type { AuthnRequestRecord } from "../../../src/domain/authn-request.js";
import { DuplicateKeyError } from "../../../src/storage/errors.js";
import type { ContractContext } from "./context.js";

const T0 = 1_700_000_000_000;

function request(
  id: string,
  overrides: Partial<AuthnRequestRecord> = {},
): Omit<AuthnRequestRecord, "consumedAt"> {
  return {
    id,
    accountId: "acc",
    browserBindingHash: "ab".repeat(32),
    relayState: "/home",
    loginHint: "alice@example.com",
    createdAt: T0,
    expiresAt: T0 + 5 * 60_000,
    ...overrides,
  };
}

export function authnRequestsContract(ctx: ContractContext): void {
  it("saves and reads a request", async () => {
    await ctx.storage.authnRequests.save(request("_1"));
    expect(await ctx.storage.authnRequests.get("acc", "_1")).toEqual({ ...request("_1"), consumedAt: null });
    expect(await ctx.storage.authnRequests.get("other", "_1")).toBeUndefined();
    expect(await ctx.storage.authnRequests.get("acc", "_2")).toBeUndefined();
  });

  it("keeps null optional fields", async () => {
    const bare = request("_n", { browserBindingHash: null, relayState: null, loginHint: null });
    await ctx.storage.authnRequests.save(bare);
    expect(await ctx.storage.authnRequests.get("acc", "_n")).toEqual({ ...bare, consumedAt: null });
  });

  it("rejects saving the same id twice in one account", async () => {
    await ctx.storage.authnRequests.save(request("_d"));
    await expect(ctx.storage.authnRequests.save(request("_d"))).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(ctx.storage.authnRequests.save(request("_d", { accountId: "b" }))).resolves.toBeUndefined();
  });

  it("consumes a request once", async () => {
    await ctx.storage.authnRequests.save(request("_c"));
    const first = await ctx.storage.authnRequests.consume("acc", "_c", T0 + 1_000);
    expect(first).toEqual({ ...request("_c"), consumedAt: T0 + 1_000 });
    expect(await ctx.storage.authnRequests.consume("acc", "_c", T0 + 2_000)).toBeUndefined();
    expect((await ctx.storage.authnRequests.get("acc", "_c"))?.consumedAt).toBe(T0 + 1_000);
  });

  it("does not consume another account's request or an unknown one", async () => {
    await ctx.storage.authnRequests.save(request("_x"));
    expect(await ctx.storage.authnRequests.consume("other", "_x", T0)).toBeUndefined();
    expect(await ctx.storage.authnRequests.consume("acc", "_unknown", T0)).toBeUndefined();
    expect((await ctx.storage.authnRequests.consume("acc", "_x", T0))?.id).toBe("_x");
  });

  it("does not consume an expired request", async () => {
    await ctx.storage.authnRequests.save(request("_e"));
    const expiresAt = request("_e").expiresAt;
    expect(await ctx.storage.authnRequests.consume("acc", "_e", expiresAt)).toBeUndefined();
    expect(await ctx.storage.authnRequests.consume("acc", "_e", expiresAt + 1)).toBeUndefined();
    expect((await ctx.storage.authnRequests.get("acc", "_e"))?.consumedAt).toBeNull();
    expect(await ctx.storage.authnRequests.consume("acc", "_e", expiresAt - 1)).toBeDefined();
  });

  it("lets exactly one of several concurrent consumers win", async () => {
    await ctx.storage.authnRequests.save(request("_race"));
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => ctx.storage.authnRequests.consume("acc", "_race", T0 + i)),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
  });

  it("deletes expired requests, consumed or not", async () => {
    await ctx.storage.authnRequests.save(request("_old", { expiresAt: T0 + 10 }));
    await ctx.storage.authnRequests.save(request("_used", { expiresAt: T0 + 20 }));
    await ctx.storage.authnRequests.save(request("_live", { expiresAt: T0 + 1_000 }));
    await ctx.storage.authnRequests.consume("acc", "_used", T0);
    expect(await ctx.storage.authnRequests.deleteExpired(T0 + 20)).toBe(2);
    expect(await ctx.storage.authnRequests.deleteExpired(T0 + 20)).toBe(0);
    expect(await ctx.storage.authnRequests.get("acc", "_used")).toBeUndefined();
    expect(await ctx.storage.authnRequests.get("acc", "_live")).toBeDefined();
  });
}
