import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSsoSettings } from "../../src/accounts/settings/save-sso-settings.js";
import { seedAccountSchema } from "../../src/config/schema.js";
import { saveSsoDepsOf } from "../../src/http/admin/accounts/admin-helpers.js";
import { TEST_IDP } from "../helpers/test-idp.js";
import { createTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";

/**
 * The settings form and PUT /api/v1/accounts/{id}/sso save through one validate-then-save
 * (accounts/settings/save-sso-settings.ts); every creator of an account applies one display-name
 * rule (domain/display-name.ts).
 */
const TOKEN = "test-admin-token-0123456789abcdef";

describe("one validate-then-save, one display-name rule", () => {
  let rt: TestRuntime;
  const put = (path: string, body: object) =>
    request(rt.app).put(`/api/v1${path}`).set("Authorization", `Bearer ${TOKEN}`).send(body);
  beforeAll(async () => {
    rt = await createTestRuntime();
    await rt.ctx.accounts.create({ id: "shared", platform: "micloud", displayName: "Shared" });
  });
  afterAll(() => rt.dispose());

  it("refuses as a whole, saving nothing, with the errors the API answers for the same input", async () => {
    const account = await rt.ctx.accounts.require("shared");
    const input = {
      enabled: true,
      idpSignInUrl: "not a url",
      idpEntityId: TEST_IDP.entityId,
      idpCertificate: TEST_IDP.certificatePem,
      mitelCredentialsAllowed: false,
    };
    const refused = await saveSsoSettings(saveSsoDepsOf(rt.ctx), account, input);
    expect(refused.ok).toBe(false);
    expect((await rt.ctx.accounts.require("shared")).sso.idpEntityId).toBe("");
    const api = await put("/accounts/shared/sso", input);
    expect(api.status).toBe(400);
    expect(refused.ok ? [] : refused.errors).toEqual(api.body.error.fields);
  });

  it("saves valid settings with their warnings, and what the API adds beside them", async () => {
    const account = await rt.ctx.accounts.require("shared");
    const saved = await saveSsoSettings(
      saveSsoDepsOf(rt.ctx),
      account,
      {
        enabled: true,
        idpSignInUrl: TEST_IDP.signInUrl,
        // Entra's Identifier without its trailing slash: saved, with a warning.
        idpEntityId: TEST_IDP.entityId.replace(/\/$/, ""),
        idpCertificate: TEST_IDP.certificatePem,
        mitelCredentialsAllowed: false,
      },
      { allowSha1: true },
    );
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    expect(saved.warnings.map((w) => w.field)).toContain("idpEntityId");
    const stored = await rt.ctx.accounts.require("shared");
    expect(stored.sso).toMatchObject({ enabled: true, allowSha1: true, idpSignInUrl: TEST_IDP.signInUrl });
  });

  it("a display name too long is refused by the service, the API and a seed file alike", async () => {
    const long = "x".repeat(121);
    await expect(
      rt.ctx.accounts.create({ id: "too-long", platform: "micloud", displayName: long }),
    ).rejects.toThrow("Display name: use at most 120 characters.");
    const api = await request(rt.app)
      .post("/api/v1/accounts")
      .set("Authorization", `Bearer ${TOKEN}`)
      .send({ id: "too-long", platform: "micloud", displayName: long });
    expect(api.status).toBe(400);
    expect(api.body.error.fields).toContainEqual({
      field: "displayName",
      message: "Display name: use at most 120 characters.",
    });
    const seed = seedAccountSchema.safeParse({ id: "too-long", platform: "micloud", displayName: long });
    expect(seed.success).toBe(false);
    expect(
      seedAccountSchema.safeParse({ id: "fine", platform: "micloud", displayName: "x".repeat(120) }).success,
    ).toBe(true);
  });
});
