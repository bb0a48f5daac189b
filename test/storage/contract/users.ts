import { beforeEach, expect, it } from "vitest";
import { DuplicateKeyError } from "../../../src/storage/errors.js";
import { type ContractContext, newUser, seedAccount } from "./context.js";

export function usersContract(ctx: ContractContext): void {
  beforeEach(async () => {
    await seedAccount(ctx.storage, "mi", "micloud");
    await seedAccount(ctx.storage, "mi2", "micloud");
    await seedAccount(ctx.storage, "cl", "cloudlink");
  });

  it("creates a user with defaults and reads it back", async () => {
    const created = await ctx.storage.users.create(newUser("mi"));
    expect(created).toEqual({
      id: expect.any(String),
      accountId: "mi",
      name: "Alice Example",
      firstName: null,
      lastName: null,
      email: "alice@example.com",
      username: null,
      status: "active",
      passwordHash: null,
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    expect(await ctx.storage.users.get("mi", created.id)).toEqual(created);
    expect(await ctx.storage.users.get("mi2", created.id)).toBeUndefined();
  });

  it("stores every optional field", async () => {
    const created = await ctx.storage.users.create(
      newUser("cl", {
        firstName: "Alice",
        lastName: "Example",
        username: "alice",
        status: "pending",
        passwordHash: "scrypt$16384$8$1$c2FsdA==$aGFzaA==",
      }),
    );
    expect(await ctx.storage.users.get("cl", created.id)).toMatchObject({
      firstName: "Alice",
      lastName: "Example",
      username: "alice",
      status: "pending",
      passwordHash: "scrypt$16384$8$1$c2FsdA==$aGFzaA==",
    });
  });

  it("rejects a duplicate email in the same account, ignoring case and spaces", async () => {
    await ctx.storage.users.create(newUser("mi"));
    const dup = ctx.storage.users.create(newUser("mi", { name: "Other", email: "  ALICE@example.COM " }));
    await expect(dup).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(dup).rejects.toMatchObject({ entity: "user", key: "email" });
    await expect(ctx.storage.users.create(newUser("mi2"))).resolves.toBeDefined();
  });

  it("rejects a duplicate username in the same account but allows many without one", async () => {
    await ctx.storage.users.create(newUser("mi", { username: "Alice" }));
    const dup = ctx.storage.users.create(newUser("mi", { email: "b@example.com", username: " alice" }));
    await expect(dup).rejects.toMatchObject({ entity: "user", key: "username" });
    await ctx.storage.users.create(newUser("mi", { email: "c@example.com" }));
    await ctx.storage.users.create(newUser("mi", { email: "d@example.com", username: null }));
    await ctx.storage.users.create(newUser("mi", { email: "e@example.com", username: "  " }));
    expect(await ctx.storage.users.count("mi")).toBe(4);
  });

  it("finds a user by login, case-insensitively and ignoring surrounding whitespace", async () => {
    const alice = await ctx.storage.users.create(
      newUser("mi", { email: "Alice@Example.com", username: "A.Lice" }),
    );
    expect((await ctx.storage.users.findByLogin("mi", "email", "  alice@EXAMPLE.com\t"))?.id).toBe(alice.id);
    expect((await ctx.storage.users.findByLogin("mi", "username", " a.lice "))?.id).toBe(alice.id);
    expect(await ctx.storage.users.findByLogin("mi", "username", "alice@example.com")).toBeUndefined();
    expect(await ctx.storage.users.findByLogin("mi2", "email", "alice@example.com")).toBeUndefined();
    expect(await ctx.storage.users.findByLogin("mi", "email", "   ")).toBeUndefined();
  });

  it("finds a login across the accounts of one platform only", async () => {
    const a = await ctx.storage.users.create(newUser("mi"));
    const b = await ctx.storage.users.create(newUser("mi2", { email: "ALICE@example.com" }));
    await ctx.storage.users.create(newUser("cl"));
    const found = await ctx.storage.users.findAllByLogin("micloud", "email", " Alice@Example.com ");
    expect(found.map((u) => u.id).sort()).toEqual([a.id, b.id].sort());
    const cloudlink = await ctx.storage.users.findAllByLogin("cloudlink", "email", "alice@example.com");
    expect(cloudlink.map((u) => u.accountId)).toEqual(["cl"]);
    expect(await ctx.storage.users.findAllByLogin("cloudlink", "username", "alice@example.com")).toEqual([]);
    expect(await ctx.storage.users.findAllByLogin("micloud", "email", "")).toEqual([]);
  });

  it("updates fields and keeps the login index in step", async () => {
    const user = await ctx.storage.users.create(newUser("mi", { username: "alice" }));
    const updated = await ctx.storage.users.update("mi", user.id, {
      email: "New@Example.com",
      username: null,
      status: "disabled",
      firstName: "Al",
      passwordHash: "h",
    });
    expect(updated).toMatchObject({
      id: user.id,
      email: "New@Example.com",
      username: null,
      status: "disabled",
      firstName: "Al",
      passwordHash: "h",
      name: "Alice Example",
    });
    expect(updated?.updatedAt).toBeGreaterThanOrEqual(user.updatedAt);
    expect((await ctx.storage.users.findByLogin("mi", "email", "new@example.com"))?.id).toBe(user.id);
    expect(await ctx.storage.users.findByLogin("mi", "email", "alice@example.com")).toBeUndefined();
    expect(await ctx.storage.users.findByLogin("mi", "username", "alice")).toBeUndefined();
    expect(await ctx.storage.users.get("mi", user.id)).toEqual(updated);
  });

  it("rejects an update onto another user's login", async () => {
    await ctx.storage.users.create(newUser("mi"));
    const bob = await ctx.storage.users.create(newUser("mi", { email: "bob@example.com" }));
    const clash = ctx.storage.users.update("mi", bob.id, { email: "ALICE@example.com" });
    await expect(clash).rejects.toMatchObject({ name: "DuplicateKeyError", key: "email" });
    expect((await ctx.storage.users.get("mi", bob.id))?.email).toBe("bob@example.com");
  });

  it("returns undefined when updating a missing user or one of another account", async () => {
    const user = await ctx.storage.users.create(newUser("mi"));
    expect(await ctx.storage.users.update("mi", "missing", { name: "x" })).toBeUndefined();
    expect(await ctx.storage.users.update("mi2", user.id, { name: "x" })).toBeUndefined();
    expect((await ctx.storage.users.get("mi", user.id))?.name).toBe("Alice Example");
  });

  it("deletes a user within its account only", async () => {
    const user = await ctx.storage.users.create(newUser("mi"));
    expect(await ctx.storage.users.delete("mi2", user.id)).toBe(false);
    expect(await ctx.storage.users.delete("mi", user.id)).toBe(true);
    expect(await ctx.storage.users.delete("mi", user.id)).toBe(false);
    expect(await ctx.storage.users.get("mi", user.id)).toBeUndefined();
  });

  it("searches by substring over name, email and username, ordered by name", async () => {
    const add = (name: string, email: string, username: string | null = null) =>
      ctx.storage.users.create(newUser("mi", { name, email, username }));
    await add("Zoe Zed", "zoe@example.com", "ZZ");
    await add("Bob Builder", "bob@contoso.com");
    await add("Carol Ng", "carol@example.com", "cng");
    await add("Dan 100% Sure", "dan@example.com");
    await add("Eve_Under", "eve@example.com");
    await ctx.storage.users.create(newUser("mi2", { name: "Bob Other" }));

    const names = async (query?: string) =>
      (await ctx.storage.users.search({ accountId: "mi", ...(query !== undefined ? { query } : {}) })).map(
        (u) => u.name,
      );
    expect(await names()).toEqual(["Bob Builder", "Carol Ng", "Dan 100% Sure", "Eve_Under", "Zoe Zed"]);
    expect(await names("BOB")).toEqual(["Bob Builder"]);
    expect(await names(" CONTOSO ")).toEqual(["Bob Builder"]);
    expect(await names("zz")).toEqual(["Zoe Zed"]);
    expect(await names("example.com")).toEqual(["Carol Ng", "Dan 100% Sure", "Eve_Under", "Zoe Zed"]);
    expect(await names("%")).toEqual(["Dan 100% Sure"]);
    expect(await names("e_u")).toEqual(["Eve_Under"]);
    expect(await names("_")).toEqual(["Eve_Under"]);
    expect(await names("nobody")).toEqual([]);
  });

  it("filters by status and pages the results", async () => {
    for (const [i, status] of (["active", "pending", "active", "disabled", "active"] as const).entries()) {
      await ctx.storage.users.create(
        newUser("mi", { name: `User ${i}`, email: `u${i}@example.com`, status }),
      );
    }
    const active = await ctx.storage.users.search({ accountId: "mi", status: "active" });
    expect(active.map((u) => u.name)).toEqual(["User 0", "User 2", "User 4"]);
    const page = await ctx.storage.users.search({ accountId: "mi", limit: 2, offset: 1 });
    expect(page.map((u) => u.name)).toEqual(["User 1", "User 2"]);
    const tail = await ctx.storage.users.search({ accountId: "mi", offset: 3 });
    expect(tail.map((u) => u.name)).toEqual(["User 3", "User 4"]);
    const pending = await ctx.storage.users.search({ accountId: "mi", status: "pending", query: "user" });
    expect(pending.map((u) => u.name)).toEqual(["User 1"]);
  });

  it("counts the users of one account", async () => {
    expect(await ctx.storage.users.count("mi")).toBe(0);
    await ctx.storage.users.create(newUser("mi"));
    await ctx.storage.users.create(newUser("mi", { email: "b@example.com" }));
    await ctx.storage.users.create(newUser("mi2"));
    expect(await ctx.storage.users.count("mi")).toBe(2);
  });

  it("refuses a user for an account that does not exist", async () => {
    await expect(ctx.storage.users.create(newUser("ghost"))).rejects.toThrow();
  });
}
