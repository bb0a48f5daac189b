import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { readSeedFile } from "../../src/accounts/seed-accounts.js";
import { seedFileSchema } from "../../src/config/schema.js";
import { TEST_IDP } from "../helpers/test-idp.js";
import { createTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { operatorAgent } from "./admin-support.js";

const TOKEN = "test-admin-token-0123456789abcdef";
const TWO_CERTS = readFileSync(
  new URL("../fixtures/certificates/two-certificates-concatenated.pem", import.meta.url),
  "utf8",
);

const bearer = (rt: TestRuntime) => ({
  get: (path: string) => request(rt.app).get(`/api/v1${path}`).set("Authorization", `Bearer ${TOKEN}`),
  send: (method: "post" | "put" | "patch", path: string, body: object) =>
    request(rt.app)[method](`/api/v1${path}`).set("Authorization", `Bearer ${TOKEN}`).send(body),
});

async function expectOk(res: Promise<request.Response> | request.Response, status = 200) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r;
}

/**
 * What must survive the trip: every account as the API shows it, minus times and generated ids,
 * and minus whether a user has a password (passwords are left out on purpose; checked apart).
 */
async function stateOf(rt: TestRuntime) {
  const api = bearer(rt);
  const accounts = (
    (await expectOk(api.get("/accounts"))).body.accounts as Array<Record<string, unknown>>
  ).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  return Promise.all(
    accounts.map(async ({ createdAt: _c, updatedAt: _u, latestSignIn: _l, checklist: _k, ...account }) => {
      const users = (await expectOk(api.get(`/accounts/${account.id}/users`))).body.users as Array<
        Record<string, unknown>
      >;
      return {
        ...account,
        users: users
          .map(({ id: _i, createdAt: _c2, updatedAt: _u2, hasPassword: _p, ...user }) => user)
          .sort((a, b) => String(a.email).localeCompare(String(b.email))),
      };
    }),
  );
}

describe("API: GET /api/v1/export, a seed file that recreates the instance", () => {
  let source: TestRuntime;
  let copy: TestRuntime | undefined;
  let exported: string;
  beforeAll(async () => {
    source = await createTestRuntime();
    const api = bearer(source);
    // MiCloud: Mitel-shaped URLs, SHA-1 allowed, Response signature required, three kinds of user.
    await expectOk(
      api.send("post", "/accounts", {
        id: "fabrikam",
        platform: "micloud",
        displayName: "Fabrikam",
        urlProfile: "mitel",
      }),
      201,
    );
    await expectOk(
      api.send("put", "/accounts/fabrikam/sso", {
        enabled: true,
        idpSignInUrl: TEST_IDP.signInUrl,
        idpEntityId: TEST_IDP.entityId,
        idpCertificate: TEST_IDP.certificatePem,
        allowSha1: true,
        requireResponseSignature: true,
        forceAuthn: true,
        nameIdPolicyFormat: "transient",
        idpLogoutUrl: TEST_IDP.signInUrl,
      }),
    );
    // Mock-only SP keys: a signing key pair is generated; the export carries the switch, not the key.
    await expectOk(api.send("patch", "/accounts/fabrikam", { signAuthnRequests: true }));
    for (const user of [
      {
        name: "Britta Simon",
        email: "B.Simon@contoso.com",
        status: "active",
        password: "correct horse battery",
      },
      { name: "Adele Vance", email: "adele@contoso.com", username: "AdeleV@contoso.com", status: "pending" },
      { name: "Zed Zero", email: "zed@contoso.com", status: "disabled" },
    ]) {
      await expectOk(api.send("post", "/accounts/fabrikam/users", user), 201);
    }
    // CloudLink: overrides, two certificates, Mitel credentials, configured but not enabled.
    await expectOk(
      api.send("post", "/accounts", {
        id: "contoso-cl",
        platform: "cloudlink",
        displayName: "Contoso CloudLink",
        spEntityIdOverride: "https://sp.example.test/contoso",
        replyUrlOverride: "https://sp.example.test/contoso/acs",
        urlProfile: "mock",
      }),
      201,
    );
    await expectOk(
      api.send("put", "/accounts/contoso-cl/sso", {
        enabled: false,
        idpSignInUrl: TEST_IDP.signInUrl,
        idpEntityId: TEST_IDP.entityId,
        idpCertificate: TWO_CERTS,
        mitelCredentialsAllowed: true,
      }),
    );
    await expectOk(
      api.send("post", "/accounts/contoso-cl/users", {
        firstName: "Megan",
        lastName: "Bowen",
        email: "megan@contoso.com",
      }),
      201,
    );
    // And one with nothing set up.
    await expectOk(
      api.send("post", "/accounts", { id: "empty-one", platform: "micloud", displayName: "Empty" }),
      201,
    );
    const res = await expectOk(api.get("/export"));
    expect(res.headers["content-type"]).toMatch(/^application\/yaml/);
    exported = res.text;
  });
  afterAll(async () => {
    await copy?.dispose();
    await source.dispose();
  });

  it("is a valid seed file that says what it leaves out, and holds no password or hash", () => {
    expect(exported.startsWith("# mitel-mock-sp seed file")).toBe(true);
    expect(exported).toMatch(/Not included: user passwords/);
    const parsed = seedFileSchema.safeParse(parseYaml(exported));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data?.accounts.map((a) => a.id)).toEqual(["contoso-cl", "empty-one", "fabrikam"]);
    expect(exported).not.toMatch(/^\s*password:/m);
    expect(exported).not.toMatch(/scrypt|correct horse/);
  });

  it("round trip: a fresh instance seeded from it has the same state and exports the same file", async () => {
    const file = join(source.dataDir, "exported-seed.yaml");
    writeFileSync(file, exported);
    copy = await createTestRuntime({ seeds: [file] });
    expect(await stateOf(copy)).toEqual(await stateOf(source));
    const users = (await expectOk(bearer(copy).get("/accounts/fabrikam/users"))).body.users;
    expect(users.map((u: { hasPassword: boolean }) => u.hasPassword)).toEqual([false, false, false]);
    const again = await expectOk(bearer(copy).get("/export"));
    expect(again.text).toBe(exported);
  });

  it("the file keeps the account's UUID, so its Mitel-shaped Identifier (what Entra holds) is unchanged", async () => {
    const before = (await expectOk(bearer(source).get("/accounts/fabrikam"))).body;
    expect(before.effectiveUrlProfile).toBe("mitel");
    expect(before.sp.entityId).toContain(before.uuid);
    expect(exported).toContain(`uuid: ${before.uuid}`);
    expect(exported).toContain("nameIdPolicyFormat: transient");
    expect(exported).toContain(`idpLogoutUrl: ${TEST_IDP.signInUrl}`);
  });

  it("leaves the SP key pairs out unless includeKeys=1, which carries them (same keys elsewhere) under a warning", async () => {
    expect(exported).toContain("signAuthnRequests: true");
    expect(exported).not.toContain("PRIVATE KEY");
    expect(exported).not.toMatch(/^\s*spKeys:/m);
    const withKeys = (await expectOk(bearer(source).get("/export?includeKeys=1"))).text;
    expect(withKeys.startsWith("# THIS FILE HOLDS PRIVATE KEYS")).toBe(true);
    expect(withKeys).toContain("-----BEGIN PRIVATE KEY-----");
    const file = join(source.dataDir, "exported-with-keys.yaml");
    writeFileSync(file, withKeys);
    const other = await createTestRuntime({ seeds: [file] });
    try {
      const certificates = async (rt: TestRuntime) =>
        (await rt.ctx.spKeys.list("fabrikam")).map((k) => [k.use, k.active, k.certificatePem]);
      expect(await certificates(other)).toEqual(await certificates(source));
      expect((await expectOk(bearer(other).get("/export?includeKeys=1"))).text).toBe(withKeys);
    } finally {
      await other.dispose();
    }
  });

  it("a seed whose private key is not the certificate's stops start-up naming the key", async () => {
    const [key] = await source.ctx.spKeys.list("fabrikam");
    const file = join(source.dataDir, "mismatched-keys.yaml");
    const mismatched = {
      accounts: [
        {
          id: "mismatch",
          platform: "micloud",
          displayName: "Mismatch",
          spKeys: [{ use: "signing", certificate: TEST_IDP.certificatePem, privateKey: key?.privateKeyPem }],
        },
      ],
    };
    writeFileSync(file, JSON.stringify(mismatched));
    expect(() => readSeedFile(file)).toThrow(/spKeys\.0\.privateKey.*does not belong to the certificate/s);
  });

  it("download=1 names a file; a wrong query value is a 400; the token is required", async () => {
    const download = await expectOk(bearer(source).get("/export?download=1"));
    expect(download.headers["content-disposition"]).toMatch(
      /^attachment; filename="?mitel-mock-sp-seed-\d{4}-\d{2}-\d{2}\.yaml"?$/,
    );
    const bad = await bearer(source).get("/export?download=yes");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("INVALID_QUERY");
    const anonymous = await request(source.app).get("/api/v1/export");
    expect(anonymous.status).toBe(401);
  });
});

describe("console: Export seed file on the accounts list", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime();
    await rt.ctx.accounts.create({ id: "export", platform: "micloud", displayName: "Named export" });
  });
  afterAll(() => rt.dispose());

  it("links the same file the API gives, as a download, for a signed-in operator only", async () => {
    const anonymous = await request(rt.app).get("/admin/export/seed.yaml");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/admin\/sign-in/);
    const agent = await operatorAgent(rt.app);
    const list = await agent.get("/admin/accounts");
    expect(list.text).toMatch(
      /<a class="button" id="export-seed" href="\/admin\/export\/seed.yaml" download>Export seed file<\/a>/,
    );
    const file = await agent.get("/admin/export/seed.yaml");
    expect(file.status).toBe(200);
    expect(file.headers["content-disposition"]).toMatch(/^attachment;/);
    const api = await bearer(rt).get("/export");
    expect(file.text).toBe(api.text);
    expect(file.text).toContain("displayName: Named export");
    // An account named "export" still opens as an account.
    expect((await agent.get("/admin/accounts/export")).status).toBe(200);
  });
});
