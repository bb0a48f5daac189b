import { expect, it } from "vitest";
import type { ContractContext } from "./context.js";

const T0 = 1_700_000_000_000;

export function replaysContract(ctx: ContractContext): void {
  it("remembers an assertion id once per account", async () => {
    expect(await ctx.storage.replays.remember("acc", "_a", T0 + 60_000)).toBe(true);
    expect(await ctx.storage.replays.remember("acc", "_a", T0 + 60_000)).toBe(false);
    expect(await ctx.storage.replays.remember("acc", "_a", T0 + 120_000)).toBe(false);
    expect(await ctx.storage.replays.remember("other", "_a", T0 + 60_000)).toBe(true);
  });

  it("lets exactly one of several concurrent callers record an id", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => ctx.storage.replays.remember("acc", "_race", T0 + 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("treats an expired but not yet deleted entry as seen, and forgets it once deleted", async () => {
    await ctx.storage.replays.remember("acc", "_old", T0);
    await ctx.storage.replays.remember("acc", "_live", T0 + 60_000);
    expect(await ctx.storage.replays.remember("acc", "_old", T0 + 120_000)).toBe(false);
    expect(await ctx.storage.replays.deleteExpired(T0)).toBe(1);
    expect(await ctx.storage.replays.deleteExpired(T0)).toBe(0);
    expect(await ctx.storage.replays.remember("acc", "_old", T0 + 120_000)).toBe(true);
    expect(await ctx.storage.replays.remember("acc", "_live", T0 + 60_000)).toBe(false);
  });
}
