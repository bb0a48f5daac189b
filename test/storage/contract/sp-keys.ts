import { expect, it } from "vitest";
import type { SpKeyRecord } from "../../../src/domain/sp-key.js";
import { type ContractContext, seedAccount } from "./context.js";

function key(id: string, use: SpKeyRecord["use"], active: boolean, createdAt: number): SpKeyRecord {
  return {
    id,
    accountId: "acme",
    use,
    certificatePem: `cert of ${id}`,
    privateKeyPem: `key of ${id}`,
    active,
    createdAt,
  };
}

export function spKeysContract(ctx: ContractContext): void {
  it("lists an account's keys oldest first, by use", async () => {
    await seedAccount(ctx.storage, "acme");
    await ctx.storage.spKeys.add(key("k2", "signing", false, 2000));
    await ctx.storage.spKeys.add(key("k1", "signing", true, 1000));
    await ctx.storage.spKeys.add(key("e1", "encryption", true, 1500));
    expect((await ctx.storage.spKeys.list("acme")).map((k) => k.id)).toEqual(["k1", "e1", "k2"]);
    expect(await ctx.storage.spKeys.list("acme", "signing")).toEqual([
      key("k1", "signing", true, 1000),
      key("k2", "signing", false, 2000),
    ]);
    expect(await ctx.storage.spKeys.list("other")).toEqual([]);
  });

  it("activating a key deactivates the others of its use only", async () => {
    await seedAccount(ctx.storage, "acme");
    await ctx.storage.spKeys.add(key("k1", "signing", true, 1000));
    await ctx.storage.spKeys.add(key("k2", "signing", false, 2000));
    await ctx.storage.spKeys.add(key("e1", "encryption", true, 1500));
    expect(await ctx.storage.spKeys.activate("acme", "k2")).toBe(true);
    const active = (await ctx.storage.spKeys.list("acme")).filter((k) => k.active).map((k) => k.id);
    expect(active.sort()).toEqual(["e1", "k2"]);
    expect(await ctx.storage.spKeys.activate("acme", "missing")).toBe(false);
  });

  it("removes a key, and the account's deletion removes them all", async () => {
    await seedAccount(ctx.storage, "acme");
    await ctx.storage.spKeys.add(key("k1", "signing", true, 1000));
    await ctx.storage.spKeys.add(key("k2", "signing", false, 2000));
    expect(await ctx.storage.spKeys.remove("acme", "k2")).toBe(true);
    expect(await ctx.storage.spKeys.remove("acme", "k2")).toBe(false);
    expect((await ctx.storage.spKeys.list("acme")).map((k) => k.id)).toEqual(["k1"]);
    await ctx.storage.accounts.delete("acme");
    expect(await ctx.storage.spKeys.list("acme")).toEqual([]);
  });
}
