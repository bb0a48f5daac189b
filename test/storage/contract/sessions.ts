import { expect, it } from "vitest";
import type { ContractContext } from "./context.js";

const T0 = 1_700_000_000_000;

export function sessionsContract(ctx: ContractContext): void {
  it("stores, replaces and reads a session", async () => {
    await ctx.storage.sessions.set({ sid: "s1", data: '{"a":1}', expiresAt: T0 + 1_000 });
    expect(await ctx.storage.sessions.get("s1", T0)).toEqual({
      sid: "s1",
      data: '{"a":1}',
      expiresAt: T0 + 1_000,
    });
    await ctx.storage.sessions.set({ sid: "s1", data: '{"a":2}', expiresAt: T0 + 2_000 });
    expect(await ctx.storage.sessions.get("s1", T0)).toEqual({
      sid: "s1",
      data: '{"a":2}',
      expiresAt: T0 + 2_000,
    });
    expect(await ctx.storage.sessions.get("s2", T0)).toBeUndefined();
  });

  it("ignores a session at or after its expiry", async () => {
    await ctx.storage.sessions.set({ sid: "s1", data: "{}", expiresAt: T0 });
    expect(await ctx.storage.sessions.get("s1", T0 - 1)).toBeDefined();
    expect(await ctx.storage.sessions.get("s1", T0)).toBeUndefined();
    expect(await ctx.storage.sessions.get("s1", T0 + 1)).toBeUndefined();
  });

  it("touch extends the expiry without changing data", async () => {
    await ctx.storage.sessions.set({ sid: "s1", data: '{"k":"v"}', expiresAt: T0 });
    await ctx.storage.sessions.touch("s1", T0 + 10_000);
    expect(await ctx.storage.sessions.get("s1", T0 + 5_000)).toEqual({
      sid: "s1",
      data: '{"k":"v"}',
      expiresAt: T0 + 10_000,
    });
    await ctx.storage.sessions.touch("missing", T0);
    expect(await ctx.storage.sessions.get("missing", 0)).toBeUndefined();
  });

  it("destroys a session", async () => {
    await ctx.storage.sessions.set({ sid: "s1", data: "{}", expiresAt: T0 });
    await ctx.storage.sessions.destroy("s1");
    await ctx.storage.sessions.destroy("s1");
    expect(await ctx.storage.sessions.get("s1", 0)).toBeUndefined();
  });

  it("take returns a live row once and deletes it; an expired row is deleted and not returned", async () => {
    await ctx.storage.sessions.set({ sid: "ticket", data: '{"t":1}', expiresAt: T0 + 1_000 });
    expect(await ctx.storage.sessions.take("ticket", T0)).toEqual({
      sid: "ticket",
      data: '{"t":1}',
      expiresAt: T0 + 1_000,
    });
    expect(await ctx.storage.sessions.take("ticket", T0)).toBeUndefined();
    expect(await ctx.storage.sessions.get("ticket", 0)).toBeUndefined();

    await ctx.storage.sessions.set({ sid: "stale", data: "{}", expiresAt: T0 });
    expect(await ctx.storage.sessions.take("stale", T0)).toBeUndefined();
    expect(await ctx.storage.sessions.get("stale", 0)).toBeUndefined();
    expect(await ctx.storage.sessions.take("missing", T0)).toBeUndefined();
  });

  it("of concurrent takes of one row, exactly one gets it", async () => {
    await ctx.storage.sessions.set({ sid: "once", data: "{}", expiresAt: T0 + 1_000 });
    const taken = await Promise.all(Array.from({ length: 8 }, () => ctx.storage.sessions.take("once", T0)));
    expect(taken.filter((row) => row !== undefined)).toHaveLength(1);
  });

  it("deletes expired sessions", async () => {
    await ctx.storage.sessions.set({ sid: "old", data: "{}", expiresAt: T0 - 1 });
    await ctx.storage.sessions.set({ sid: "edge", data: "{}", expiresAt: T0 });
    await ctx.storage.sessions.set({ sid: "live", data: "{}", expiresAt: T0 + 1 });
    expect(await ctx.storage.sessions.deleteExpired(T0)).toBe(2);
    expect(await ctx.storage.sessions.get("live", T0)).toBeDefined();
    expect(await ctx.storage.sessions.get("edge", 0)).toBeUndefined();
  });
}
