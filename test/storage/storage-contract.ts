/**
 * The one behavioural contract every Storage implementation must meet. sqlite.test.ts and
 * postgres.test.ts run it against each engine; each test gets a freshly migrated, empty storage.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Storage } from "../../src/storage/ports.js";
import { accountsContract } from "./contract/accounts.js";
import { authnRequestsContract } from "./contract/authn-requests.js";
import type { ContractContext } from "./contract/context.js";
import { keyValuesContract } from "./contract/key-values.js";
import { replaysContract } from "./contract/replays.js";
import { sessionsContract } from "./contract/sessions.js";
import { signInsContract } from "./contract/sign-ins.js";
import { spKeysContract } from "./contract/sp-keys.js";
import { usersContract } from "./contract/users.js";

export function runStorageContract(name: string, makeStorage: () => Promise<Storage>): void {
  describe(`storage contract: ${name}`, () => {
    let current: Storage | undefined;
    const ctx: ContractContext = {
      get storage(): Storage {
        if (current === undefined) throw new Error("storage is only available inside a test");
        return current;
      },
    };

    beforeEach(async () => {
      current = await makeStorage();
    });

    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it("pings and reports its kind", async () => {
      await expect(ctx.storage.ping()).resolves.toBeUndefined();
      expect(["sqlite", "postgres"]).toContain(ctx.storage.kind);
    });

    it("closes more than once without error", async () => {
      await ctx.storage.close();
      await expect(ctx.storage.close()).resolves.toBeUndefined();
    });

    describe("accounts", () => accountsContract(ctx));
    describe("users", () => usersContract(ctx));
    describe("authn requests", () => authnRequestsContract(ctx));
    describe("replays", () => replaysContract(ctx));
    describe("sign-ins", () => signInsContract(ctx));
    describe("sessions", () => sessionsContract(ctx));
    describe("key/values", () => keyValuesContract(ctx));
    describe("SP key pairs", () => spKeysContract(ctx));
  });
}
