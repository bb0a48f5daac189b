import { expect, it } from "vitest";
import type { ContractContext } from "./context.js";

export function keyValuesContract(ctx: ContractContext): void {
  it("sets, overwrites, reads and deletes a value", async () => {
    expect(await ctx.storage.keyValues.get("k")).toBeUndefined();
    await ctx.storage.keyValues.set("k", "v1");
    expect(await ctx.storage.keyValues.get("k")).toBe("v1");
    await ctx.storage.keyValues.set("k", "v2");
    expect(await ctx.storage.keyValues.get("k")).toBe("v2");
    await ctx.storage.keyValues.delete("k");
    await ctx.storage.keyValues.delete("k");
    expect(await ctx.storage.keyValues.get("k")).toBeUndefined();
  });

  it("setIfAbsent keeps the first writer's value", async () => {
    expect(await ctx.storage.keyValues.setIfAbsent("secret", "first")).toBe("first");
    expect(await ctx.storage.keyValues.setIfAbsent("secret", "second")).toBe("first");
    expect(await ctx.storage.keyValues.get("secret")).toBe("first");
  });

  it("setIfAbsent gives every concurrent caller the same value", async () => {
    const values = await Promise.all(
      Array.from({ length: 5 }, (_, i) => ctx.storage.keyValues.setIfAbsent("race", `v${i}`)),
    );
    const stored = await ctx.storage.keyValues.get("race");
    expect(stored).toBeDefined();
    expect(values).toEqual(Array.from({ length: 5 }, () => stored));
  });

  it("lists by exact, case-sensitive prefix, sorted by key", async () => {
    await ctx.storage.keyValues.set("sim:b", "2");
    await ctx.storage.keyValues.set("sim:a", "1");
    await ctx.storage.keyValues.set("SIM:c", "3");
    await ctx.storage.keyValues.set("simx", "4");
    await ctx.storage.keyValues.set("50%_off", "5");
    await ctx.storage.keyValues.set("50x_off", "6");
    await ctx.storage.keyValues.set("é:1", "7");
    expect(await ctx.storage.keyValues.listByPrefix("sim:")).toEqual([
      { key: "sim:a", value: "1" },
      { key: "sim:b", value: "2" },
    ]);
    expect(await ctx.storage.keyValues.listByPrefix("50%_")).toEqual([{ key: "50%_off", value: "5" }]);
    expect(await ctx.storage.keyValues.listByPrefix("é:")).toEqual([{ key: "é:1", value: "7" }]);
    expect(await ctx.storage.keyValues.listByPrefix("none")).toEqual([]);
    expect((await ctx.storage.keyValues.listByPrefix("")).map((e) => e.key)).toEqual([
      "50%_off",
      "50x_off",
      "SIM:c",
      "sim:a",
      "sim:b",
      "simx",
      "é:1",
    ]);
  });
}
