import { readFileSync } from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_IDP } from "../helpers/test-idp.js";
import { createTestRuntime, TEST_PUBLIC_URL, type TestRuntime } from "../helpers/test-runtime.js";

const TOKEN = "test-admin-token-0123456789abcdef";
const EXPIRED = readFileSync(
  new URL("../fixtures/certificates/expired-certificate.pem", import.meta.url),
  "utf8",
);
const TWO_CERTS = readFileSync(
  new URL("../fixtures/certificates/two-certificates-concatenated.pem", import.meta.url),
  "utf8",
);

describe("API: /api/v1/accounts", () => {
  let rt: TestRuntime;
  const api = () => ({
    get: (path: string) => request(rt.app).get(`/api/v1${path}`).set("Authorization", `Bearer ${TOKEN}`),
    post: (path: string, body: unknown) =>
      request(rt.app)
        .post(`/api/v1${path}`)
        .set("Authorization", `Bearer ${TOKEN}`)
        .send(body as object),
    patch: (path: string, body: unknown) =>
      request(rt.app)
        .patch(`/api/v1${path}`)
        .set("Authorization", `Bearer ${TOKEN}`)
        .send(body as object),
    put: (path: string, body: unknown) =>
      request(rt.app)
        .put(`/api/v1${path}`)
        .set("Authorization", `Bearer ${TOKEN}`)
        .send(body as object),
    delete: (path: string) =>
      request(rt.app).delete(`/api/v1${path}`).set("Authorization", `Bearer ${TOKEN}`),
  });
  beforeAll(async () => {
    rt = await createTestRuntime();
  });
  afterAll(() => rt.dispose());

  it("requires the bearer token", async () => {
    for (const [method, path] of [
      ["get", "/api/v1/accounts"],
      ["post", "/api/v1/accounts"],
      ["get", "/api/v1/accounts/x"],
      ["patch", "/api/v1/accounts/x"],
      ["delete", "/api/v1/accounts/x"],
      ["put", "/api/v1/accounts/x/sso"],
      ["get", "/api/v1/accounts/x/users"],
      ["post", "/api/v1/accounts/x/users"],
      ["patch", "/api/v1/accounts/x/users/y"],
      ["delete", "/api/v1/accounts/x/users/y"],
    ] as const) {
      const res = await request(rt.app)[method](path).set("Authorization", "Bearer wrong");
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHORIZED");
    }
  });

  it("creates an account and returns its SP values and checklist", async () => {
    const res = await api().post("/accounts", {
      id: "ci-micloud",
      platform: "micloud",
      displayName: "CI MiCloud",
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe("/api/v1/accounts/ci-micloud");
    expect(res.body).toMatchObject({
      id: "ci-micloud",
      platform: "micloud",
      displayName: "CI MiCloud",
      ssoState: "not-set-up",
      sp: {
        entityId: `${TEST_PUBLIC_URL}/micloud/ci-micloud/saml/metadata`,
        replyUrl: `${TEST_PUBLIC_URL}/micloud/ci-micloud/saml/acs`,
        signOnUrls: [
          { key: "portal", url: `${TEST_PUBLIC_URL}/micloud/portal` },
          { key: "teamwork", url: `${TEST_PUBLIC_URL}/micloud/teamwork` },
        ],
      },
      checklist: { ready: false },
      latestSignIn: null,
    });
  });

  it.each([
    [{ id: "x", platform: "micloud", displayName: "X" }, 400, "INVALID_ACCOUNT_ID"],
    [{ id: "fine", platform: "teams", displayName: "X" }, 400, "INVALID_BODY"],
    [{ id: "fine", platform: "micloud", displayName: "X", extra: 1 }, 400, "INVALID_BODY"],
    [
      { id: "fine", platform: "micloud", displayName: "X", replyUrlOverride: "http://x.example/acs" },
      400,
      "INVALID_ACCOUNT",
    ],
    [{ id: "ci-micloud", platform: "micloud", displayName: "Again" }, 409, "ACCOUNT_EXISTS"],
  ])("refuses %j", async (body, status, code) => {
    const res = await api().post("/accounts", body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it("refuses a body that is not a JSON object", async () => {
    const res = await request(rt.app)
      .post("/api/v1/accounts")
      .set("Authorization", `Bearer ${TOKEN}`)
      .type("text")
      .send("hello");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("INVALID_BODY");
  });

  it("PUT /sso validates exactly like the form: missing fields named, certificate errors, warnings", async () => {
    const missing = await api().put("/accounts/ci-micloud/sso", { enabled: true });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("INVALID_SSO_SETTINGS");
    expect(missing.body.error.fields).toEqual([
      {
        field: "enabled",
        message: expect.stringContaining("Sign-in URL, Entity ID and Signing Certificate are missing"),
      },
    ]);
    const expired = await api().put("/accounts/ci-micloud/sso", { idpCertificate: EXPIRED });
    expect(expired.status).toBe(400);
    expect(expired.body.error.fields[0]).toEqual({
      field: "idpCertificate",
      message: expect.stringContaining("expired on 2023-01-01 (valid from 2020-01-01)"),
    });
    const both = await api().put("/accounts/ci-micloud/sso", { idpCertificate: "a", idpCertificates: ["b"] });
    expect(both.status).toBe(400);
    expect(both.body.error.fields[0].field).toBe("idpCertificates");

    const ok = await api().put("/accounts/ci-micloud/sso", {
      enabled: true,
      idpSignInUrl: TEST_IDP.signInUrl,
      idpEntityId: TEST_IDP.entityId.slice(0, -1),
      idpCertificates: [TEST_IDP.certificatePem],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.sso).toMatchObject({
      enabled: true,
      idpSignInUrl: TEST_IDP.signInUrl,
      integrationAdded: true,
    });
    expect(ok.body.sso.idpCertificates[0]).toMatchObject({
      subject: "CN=Microsoft Azure Federated SSO Certificate",
      state: "valid",
    });
    expect(ok.body.sso.idpCertificates[0].sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(ok.body.warnings).toEqual([
      { field: "idpEntityId", message: expect.stringContaining("trailing slash is missing") },
    ]);

    const multiple = await api().put("/accounts/ci-micloud/sso", { idpCertificate: TWO_CERTS });
    expect(multiple.status).toBe(400);
    expect(multiple.body.error.fields[0].message).toContain("this box takes only one");
  });

  it("PATCH changes display name, overrides and the SHA-1 opt-in; refuses bad values", async () => {
    const res = await api().patch("/accounts/ci-micloud", {
      displayName: "Renamed",
      spEntityIdOverride: "https://authentication.api.mitel.io/2017-09-01/saml2/abc",
      allowSha1: true,
      requireResponseSignature: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      displayName: "Renamed",
      sso: { allowSha1: true, requireResponseSignature: true, enabled: true },
      sp: { entityId: "https://authentication.api.mitel.io/2017-09-01/saml2/abc" },
    });
    expect(res.body.checklist.steps.find((s: { key: string }) => s.key === "sha1")?.state).toBe("warn");
    expect(
      res.body.checklist.steps.find((s: { key: string }) => s.key === "response-signature")?.detail,
    ).toContain("Sign SAML response and assertion");
    const cleared = await api().patch("/accounts/ci-micloud", { spEntityIdOverride: null });
    expect(cleared.body.spEntityIdOverride).toBeNull();
    const bad = await api().patch("/accounts/ci-micloud", { displayName: "", replyUrlOverride: "nope" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual([
      "displayName",
      "replyUrlOverride",
    ]);
  });

  it("manages users: create, list with search and status, patch, password, delete; never returns the hash", async () => {
    const created = await api().post("/accounts/ci-micloud/users", {
      name: "Britta Simon",
      email: "B.Simon@contoso.com",
      password: "a-long-password",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: "B.Simon@contoso.com",
      status: "pending",
      hasPassword: true,
    });
    expect(created.body).not.toHaveProperty("passwordHash");
    const id = created.body.id as string;

    const duplicate = await api().post("/accounts/ci-micloud/users", {
      name: "B",
      email: "b.simon@contoso.com",
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: "USER_EXISTS", field: "username" });
    const invalid = await api().post("/accounts/ci-micloud/users", { name: "", email: "x@contoso.com" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: "INVALID_USER", field: "name" });

    const activated = await api().patch(`/accounts/ci-micloud/users/${id}`, {
      status: "active",
      password: null,
    });
    expect(activated.body).toMatchObject({ status: "active", hasPassword: false, name: "Britta Simon" });
    const renamed = await api().patch(`/accounts/ci-micloud/users/${id}`, { name: "Britta S." });
    expect(renamed.body).toMatchObject({ name: "Britta S.", email: "B.Simon@contoso.com", status: "active" });
    const shortPassword = await api().patch(`/accounts/ci-micloud/users/${id}`, { password: "short" });
    expect(shortPassword.status).toBe(400);

    expect((await api().get("/accounts/ci-micloud/users?status=active")).body.users).toHaveLength(1);
    expect((await api().get("/accounts/ci-micloud/users?status=pending")).body.users).toHaveLength(0);
    expect((await api().get("/accounts/ci-micloud/users?q=simon")).body.users).toHaveLength(1);
    expect((await api().get("/accounts/ci-micloud/users?status=bogus")).status).toBe(400);

    const account = await api().get("/accounts/ci-micloud");
    expect(account.body.userCount).toBe(1);
    // The Entity ID was saved without its trailing slash (with a warning): every sign-in would
    // fail with ISSUER_MISMATCH, so the checklist is not ready (issue 10, item 3).
    expect(account.body.checklist.ready).toBe(false);
    expect(
      (account.body.checklist.steps as Array<{ key: string; state: string; failureCode?: string }>).find(
        (s) => s.key === "entity-id",
      ),
    ).toMatchObject({ state: "error", failureCode: "ISSUER_MISMATCH" });

    expect((await api().delete(`/accounts/ci-micloud/users/${id}`)).status).toBe(204);
    expect((await api().get(`/accounts/ci-micloud/users/${id}`)).status).toBe(404);
    expect((await api().patch(`/accounts/ci-micloud/users/${id}`, { status: "active" })).status).toBe(404);
  });

  it("CloudLink users: First/Last Name, Email; several certificates and Mitel credentials over PUT", async () => {
    await api().post("/accounts", { id: "ci-cloudlink", platform: "cloudlink", displayName: "CI CloudLink" });
    const user = await api().post("/accounts/ci-cloudlink/users", {
      firstName: "Britta",
      lastName: "Simon",
      email: "B.Simon@contoso.com",
      status: "active",
    });
    expect(user.body).toMatchObject({ name: "Britta Simon", username: null, status: "active" });
    const sso = await api().put("/accounts/ci-cloudlink/sso", {
      enabled: true,
      idpSignInUrl: TEST_IDP.signInUrl,
      idpEntityId: TEST_IDP.entityId,
      idpCertificate: `${TEST_IDP.certificatePem}${TWO_CERTS}`,
      mitelCredentialsAllowed: true,
    });
    expect(sso.status).toBe(200);
    expect(sso.body.sso.idpCertificates).toHaveLength(3);
    expect(sso.body.sso.mitelCredentialsAllowed).toBe(true);
    expect(sso.body.checklist.ready).toBe(true);
    const list = await api().get("/accounts");
    expect(list.body.accounts.map((a: { id: string }) => a.id)).toEqual(["ci-micloud", "ci-cloudlink"]);
  });

  it("deletes an account; unknown ones are 404 in JSON", async () => {
    expect((await api().delete("/accounts/ci-cloudlink")).status).toBe(204);
    const gone = await api().get("/accounts/ci-cloudlink");
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("NOT_FOUND");
  });
});
