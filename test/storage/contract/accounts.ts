import { expect, it } from "vitest";
import { DEFAULT_SSO_SETTINGS } from "../../../src/domain/account.js";
import { DuplicateKeyError } from "../../../src/storage/errors.js";
import { type ContractContext, newUser, seedAccount, signIn } from "./context.js";

const CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

export function accountsContract(ctx: ContractContext): void {
  it("creates an account with default SSO settings filled in", async () => {
    const before = Date.now();
    const created = await ctx.storage.accounts.create({
      id: "acme",
      platform: "cloudlink",
      displayName: "Acme",
      sso: { enabled: true, idpCertificates: [CERT], allowSha1: undefined },
    });
    expect(created).toEqual({
      id: "acme",
      platform: "cloudlink",
      displayName: "Acme",
      sso: { ...DEFAULT_SSO_SETTINGS, enabled: true, idpCertificates: [CERT] },
      spEntityIdOverride: null,
      replyUrlOverride: null,
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      urlProfile: null,
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    expect(created.createdAt).toBeGreaterThanOrEqual(before);
    expect(await ctx.storage.accounts.get("acme")).toEqual(created);
  });

  it("gives each account its own UUID, finds it by that UUID, keeps its URL profile", async () => {
    const a = await ctx.storage.accounts.create({ id: "u1", platform: "micloud", displayName: "U1" });
    const b = await ctx.storage.accounts.create({
      id: "u2",
      platform: "cloudlink",
      displayName: "U2",
      urlProfile: "mitel",
    });
    expect(a.uuid).not.toBe(b.uuid);
    expect((await ctx.storage.accounts.getByUuid(b.uuid))?.id).toBe("u2");
    expect(await ctx.storage.accounts.getByUuid("00000000-0000-4000-8000-000000000000")).toBeUndefined();
    expect(b.urlProfile).toBe("mitel");
    const changed = await ctx.storage.accounts.update("u1", { urlProfile: "mitel", displayName: "U1b" });
    expect(changed?.urlProfile).toBe("mitel");
    expect(changed?.uuid).toBe(a.uuid);
    expect((await ctx.storage.accounts.update("u1", { urlProfile: null }))?.urlProfile).toBeNull();
  });

  it("finds accounts by the exact text of an Identifier or Reply URL override", async () => {
    await ctx.storage.accounts.create({
      id: "ov1",
      platform: "micloud",
      displayName: "O1",
      spEntityIdOverride: "https://sp.example/entity",
    });
    await ctx.storage.accounts.create({
      id: "ov2",
      platform: "cloudlink",
      displayName: "O2",
      replyUrlOverride: "https://sp.example/acs",
    });
    const ids = async (urls: string[]) =>
      (await ctx.storage.accounts.findByOverrideUrl(urls)).map((a) => a.id);
    expect(await ids(["https://sp.example/entity"])).toEqual(["ov1"]);
    expect(await ids(["http://sp.example/acs", "https://sp.example/acs"])).toEqual(["ov2"]);
    expect(await ids(["https://sp.example/ACS"])).toEqual([]);
    expect(await ids([])).toEqual([]);
  });

  it("keeps SP identifier overrides", async () => {
    await ctx.storage.accounts.create({
      id: "o",
      platform: "micloud",
      displayName: "O",
      spEntityIdOverride: "urn:sp",
      replyUrlOverride: "https://sp.example/acs",
    });
    const got = await ctx.storage.accounts.get("o");
    expect(got?.spEntityIdOverride).toBe("urn:sp");
    expect(got?.replyUrlOverride).toBe("https://sp.example/acs");
  });

  it("rejects a duplicate id with DuplicateKeyError", async () => {
    await seedAccount(ctx.storage, "dup");
    const again = ctx.storage.accounts.create({ id: "dup", platform: "cloudlink", displayName: "Again" });
    await expect(again).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(again).rejects.toMatchObject({ entity: "account" });
    expect((await ctx.storage.accounts.get("dup"))?.platform).toBe("micloud");
  });

  it("returns undefined for an unknown id", async () => {
    expect(await ctx.storage.accounts.get("nope")).toBeUndefined();
  });

  it("lists every account", async () => {
    await seedAccount(ctx.storage, "b");
    await seedAccount(ctx.storage, "a");
    const ids = (await ctx.storage.accounts.list()).map((a) => a.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids)).toEqual(new Set(["a", "b"]));
  });

  it("merges an SSO patch into the stored settings", async () => {
    await ctx.storage.accounts.create({
      id: "m",
      platform: "micloud",
      displayName: "M",
      sso: { idpEntityId: "https://sts.windows.net/t/", idpCertificates: [CERT] },
    });
    const updated = await ctx.storage.accounts.update("m", {
      displayName: "M2",
      sso: { enabled: true, idpSignInUrl: "https://login.example/saml", idpEntityId: undefined },
      replyUrlOverride: "https://acs",
    });
    expect(updated?.displayName).toBe("M2");
    expect(updated?.replyUrlOverride).toBe("https://acs");
    expect(updated?.sso).toEqual({
      ...DEFAULT_SSO_SETTINGS,
      enabled: true,
      idpSignInUrl: "https://login.example/saml",
      idpEntityId: "https://sts.windows.net/t/",
      idpCertificates: [CERT],
    });
    expect(await ctx.storage.accounts.get("m")).toEqual(updated);
    const cleared = await ctx.storage.accounts.update("m", {
      replyUrlOverride: null,
      sso: { idpCertificates: [] },
    });
    expect(cleared?.replyUrlOverride).toBeNull();
    expect(cleared?.sso.idpCertificates).toEqual([]);
    expect(cleared?.sso.enabled).toBe(true);
    expect(cleared?.updatedAt).toBeGreaterThanOrEqual(cleared?.createdAt ?? Number.POSITIVE_INFINITY);
  });

  it("keeps both of two concurrent partial SSO edits", async () => {
    await seedAccount(ctx.storage, "c");
    await Promise.all([
      ctx.storage.accounts.update("c", { sso: { enabled: true } }),
      ctx.storage.accounts.update("c", { sso: { allowSha1: true } }),
      ctx.storage.accounts.update("c", { sso: { integrationAdded: true } }),
    ]);
    const sso = (await ctx.storage.accounts.get("c"))?.sso;
    expect(sso).toMatchObject({ enabled: true, allowSha1: true, integrationAdded: true });
  });

  it("returns undefined when updating an unknown account", async () => {
    expect(await ctx.storage.accounts.update("nope", { displayName: "x" })).toBeUndefined();
  });

  it("deletes an account and cascades to its users, sign-ins and requests", async () => {
    await seedAccount(ctx.storage, "gone");
    await seedAccount(ctx.storage, "kept");
    const user = await ctx.storage.users.create(newUser("gone"));
    const keptUser = await ctx.storage.users.create(newUser("kept"));
    await ctx.storage.signIns.add(signIn("gone", "t-gone", 1_000));
    await ctx.storage.signIns.add(signIn("kept", "t-kept", 1_000));
    const now = Date.now();
    const request = { browserBindingHash: null, relayState: null, loginHint: null, createdAt: now };
    await ctx.storage.authnRequests.save({
      ...request,
      id: "_r1",
      accountId: "gone",
      expiresAt: now + 60_000,
    });
    await ctx.storage.replays.remember("gone", "_a1", now + 60_000);

    expect(await ctx.storage.accounts.delete("gone")).toBe(true);
    expect(await ctx.storage.accounts.delete("gone")).toBe(false);
    expect(await ctx.storage.accounts.get("gone")).toBeUndefined();
    expect(await ctx.storage.users.get("gone", user.id)).toBeUndefined();
    expect(await ctx.storage.users.count("gone")).toBe(0);
    expect(await ctx.storage.signIns.get("gone", "t-gone")).toBeUndefined();
    expect(await ctx.storage.authnRequests.get("gone", "_r1")).toBeUndefined();
    expect(await ctx.storage.replays.remember("gone", "_a1", now + 60_000)).toBe(true);

    expect(await ctx.storage.users.get("kept", keptUser.id)).toEqual(keptUser);
    expect(await ctx.storage.signIns.get("kept", "t-kept")).toBeDefined();
  });
}
