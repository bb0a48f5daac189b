/**
 * Signed AuthnRequests and encrypted assertions (mock only, issue 14): the account's SP key pairs
 * through the API, the SP metadata, node-saml's request signing, and the Entra simulator's
 * Verification certificates ("Require verification certificates") and Token encryption. The SP at
 * localhost, the simulator at 127.0.0.1 (one runtime).
 */
import { createVerify, X509Certificate } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostBrowser } from "../helpers/host-browser.js";
import { createTestRuntime, TEST_PUBLIC_URL, type TestRuntime } from "../helpers/test-runtime.js";
import { decodeHtml, inputValue } from "../unit/idp-simulator/simulator-harness.js";
import { operatorAgent, postForm } from "./admin-support.js";

const SIM = TEST_PUBLIC_URL.replace("localhost", "127.0.0.1");
const TOKEN = "test-admin-token-0123456789abcdef";
const ACCOUNT = "contoso-micloud";
const csrf = (html: string) => inputValue(html, "_csrf") ?? "";
const api = (rt: TestRuntime) => ({
  get: (path: string) => request(rt.app).get(`/api/v1${path}`).set("Authorization", `Bearer ${TOKEN}`),
  post: (path: string, body: object = {}) =>
    request(rt.app).post(`/api/v1${path}`).set("Authorization", `Bearer ${TOKEN}`).send(body),
  patch: (path: string, body: object) =>
    request(rt.app).patch(`/api/v1${path}`).set("Authorization", `Bearer ${TOKEN}`).send(body),
  delete: (path: string) => request(rt.app).delete(`/api/v1${path}`).set("Authorization", `Bearer ${TOKEN}`),
});

let rt: TestRuntime;
let browser: HostBrowser;
let appPath: string;
beforeAll(async () => {
  rt = await createTestRuntime({ simulator: true, seeds: ["config/seeds/demo-accounts.yaml"] });
  browser = new HostBrowser(rt.app);
  const overview = await browser.get(`${SIM}/entra-sim/`);
  const appId = /href="\/entra-sim\/apps\/([^"]+)"[^>]*>Contoso \(MiCloud Connect\)</.exec(
    overview.text,
  )?.[1];
  appPath = `${SIM}/entra-sim/apps/${appId}`;
});
afterAll(() => rt.dispose());

/** Posts a form of the simulator's application page (with its CSRF token). */
async function simForm(path: string, fields: Record<string, string>) {
  const page = await browser.get(appPath);
  return browser.postForm(`${appPath}${path}`, { _csrf: csrf(page.text), ...fields });
}

async function keys(use: "signing" | "encryption") {
  const res = await api(rt).get(`/accounts/${ACCOUNT}/sp-keys`);
  expect(res.status).toBe(200);
  return (
    res.body.keys as Array<{ id: string; use: string; active: boolean; certificateUrl: string }>
  ).filter((k) => k.use === use);
}

async function certificateOf(key: { certificateUrl: string }): Promise<string> {
  const res = await request(rt.app)
    .get(key.certificateUrl)
    .set("Authorization", `Bearer ${TOKEN}`)
    .buffer(true)
    .parse((response, done) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
      });
      response.on("end", () => done(null, text));
    });
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toContain("application/pkix-cert");
  return res.body as string;
}

/** Sign-on at the SP; the simulator's answer to the AuthnRequest (sign-in page or Entra error). */
async function startLogin() {
  const start = await browser.get(`${TEST_PUBLIC_URL}/micloud/${ACCOUNT}/saml/login`);
  expect(start.status).toBe(302);
  const location = String(start.headers.location);
  return { location, page: await browser.get(location) };
}

/** Picks B.Simon and posts the simulator's response to the ACS. */
async function finish(page: string) {
  const action = decodeHtml(/<form[^>]*action="([^"]*\/sign-in)"/.exec(page)?.[1] ?? "");
  const posted = await browser.postForm(new URL(action, SIM).href, {
    _csrf: csrf(page),
    pending: inputValue(page, "pending") ?? "",
    pick: "B.Simon@contoso.com",
  });
  const samlResponse = inputValue(posted.text, "SAMLResponse") ?? "";
  expect(samlResponse).not.toBe("");
  const acs = await browser.postForm(
    `${TEST_PUBLIC_URL}/micloud/${ACCOUNT}/saml/acs`,
    { SAMLResponse: samlResponse, RelayState: inputValue(posted.text, "RelayState") ?? "" },
    { Accept: "application/json" },
  );
  return { acs, responseXml: Buffer.from(samlResponse, "base64").toString("utf8") };
}

describe("signed AuthnRequests (mock only) and the simulator's Verification certificates", () => {
  it("turning it on generates an active signing key, published in the metadata with AuthnRequestsSigned", async () => {
    expect(await keys("signing")).toEqual([]);
    const plain = await request(rt.app).get(`/micloud/${ACCOUNT}/saml/metadata`);
    expect(plain.text).toContain('AuthnRequestsSigned="false"');
    expect(plain.text).not.toContain("KeyDescriptor");

    const patched = await api(rt).patch(`/accounts/${ACCOUNT}`, { signAuthnRequests: true });
    expect(patched.status).toBe(200);
    expect(patched.body.sso.signAuthnRequests).toBe(true);
    const [key] = await keys("signing");
    expect(key?.active).toBe(true);
    const pem = await certificateOf(key!);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\r\n/);
    const body = pem.replace(/-----[A-Z ]+-----|\s/g, "");
    const metadata = await request(rt.app).get(`/micloud/${ACCOUNT}/saml/metadata`);
    expect(metadata.text).toContain('AuthnRequestsSigned="true"');
    expect(metadata.text).toMatch(/<KeyDescriptor use="signing">/);
    expect(metadata.text).toContain(body);
    expect(metadata.text).not.toContain("PRIVATE KEY");
  });

  it("the redirect carries SigAlg RSA-SHA256 and a Signature that verifies over the query as sent", async () => {
    const [key] = await keys("signing");
    const certificate = new X509Certificate(await certificateOf(key!));
    const { location } = await startLogin();
    const query = location.slice(location.indexOf("?") + 1);
    const raw = new Map(
      query.split("&").map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]),
    );
    expect(decodeURIComponent(raw.get("SigAlg") ?? "")).toBe(
      "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    );
    const signed = ["SAMLRequest", "RelayState", "SigAlg"]
      .filter((n) => raw.has(n))
      .map((n) => `${n}=${raw.get(n)}`)
      .join("&");
    const verifier = createVerify("RSA-SHA256").update(signed);
    expect(
      verifier.verify(
        certificate.publicKey,
        Buffer.from(decodeURIComponent(raw.get("Signature") ?? ""), "base64"),
      ),
    ).toBe(true);
  });

  it("“Require verification certificates” cannot be turned on before a certificate is uploaded", async () => {
    const refused = await simForm("/verification-required", { requireVerificationCertificates: "on" });
    expect(refused.status).toBe(400);
    expect(decodeHtml(refused.text)).toContain("upload the application's verification certificate first");
  });

  it("a bad upload is refused naming the field, never a 500", async () => {
    for (const [text, words] of [
      ["not a certificate", "This is not a Base64 certificate"],
      ["-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----", "That is a private key"],
      ["QUJD", "This Base64 text is not an X.509 certificate"],
      ["", "Choose a certificate file"],
    ] as const) {
      const res = await simForm("/verification", { certificate: text });
      expect(res.status, text).toBe(400);
      expect(decodeHtml(res.text)).toContain(`Certificate: ${words}`);
    }
  });

  it("required: a request signed with an uploaded certificate is accepted, an unsigned one gets AADSTS76021", async () => {
    const [key] = await keys("signing");
    expect((await simForm("/verification", { certificate: await certificateOf(key!) })).status).toBe(303);
    expect((await simForm("/verification-required", { requireVerificationCertificates: "on" })).status).toBe(
      303,
    );

    const signed = await startLogin();
    expect(signed.page.status).toBe(200);
    expect(signed.page.text).toContain('name="pending"');
    expect((await finish(signed.page.text)).acs.status).toBe(303);

    await api(rt).patch(`/accounts/${ACCOUNT}`, { signAuthnRequests: false });
    const unsigned = await startLogin();
    expect(unsigned.location).not.toContain("Signature=");
    expect(unsigned.page.status).toBe(400);
    expect(decodeHtml(unsigned.page.text)).toContain(
      "AADSTS76021: The request sent by client is not signed while the application requires signed requests.",
    );
    await api(rt).patch(`/accounts/${ACCOUNT}`, { signAuthnRequests: true });
  });

  it("rotation with overlap: a new key is published beside the old; made active before Entra has it, AADSTS76023", async () => {
    const created = await api(rt).post(`/accounts/${ACCOUNT}/sp-keys`, { use: "signing" });
    expect(created.status).toBe(201);
    expect(created.body.active).toBe(false);
    const metadata = await request(rt.app).get(`/micloud/${ACCOUNT}/saml/metadata`);
    expect(metadata.text.match(/<KeyDescriptor use="signing">/g)).toHaveLength(2);
    // Still signed with the old, uploaded key.
    expect((await startLogin()).page.status).toBe(200);

    const activated = await api(rt).post(`/accounts/${ACCOUNT}/sp-keys/${created.body.id}/activate`);
    expect(activated.status).toBe(200);
    const refused = await startLogin();
    expect(refused.page.status).toBe(400);
    expect(decodeHtml(refused.page.text)).toContain(
      "AADSTS76023: The signature of the received authentication request is invalid",
    );
    // The admin uploads the new certificate too: accepted again.
    expect((await simForm("/verification", { certificate: await certificateOf(created.body) })).status).toBe(
      303,
    );
    expect((await startLogin()).page.status).toBe(200);

    // The old key can go now; the active one cannot while signing is on.
    const [old] = (await keys("signing")).filter((k) => !k.active);
    expect((await api(rt).delete(`/accounts/${ACCOUNT}/sp-keys/${old!.id}`)).status).toBe(204);
    const active = await api(rt).delete(`/accounts/${ACCOUNT}/sp-keys/${created.body.id}`);
    expect(active.status).toBe(400);
    expect(active.body.error.code).toBe("INVALID_SP_KEY");
  });

  it("“Test this application” is unavailable while verification is required, as in the portal", async () => {
    const page = await browser.get(appPath);
    expect(page.text).toContain("data-test-unavailable");
    const test = await browser.get(`${appPath}/test`);
    expect(test.status).toBe(400);
    expect(decodeHtml(test.text)).toContain(
      "Testing is unavailable while “Require verification certificates” is on",
    );
    expect((await simForm("/verification-required", {})).status).toBe(303);
    expect((await browser.get(`${appPath}/test`)).status).toBe(302);
  });

  it("the API refuses an unknown key use naming the field", async () => {
    const res = await api(rt).post(`/accounts/${ACCOUNT}/sp-keys`, { use: "tls" });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe("use");
    expect((await api(rt).post(`/accounts/${ACCOUNT}/sp-keys/nope/activate`)).status).toBe(404);
  });
});

describe("encrypted assertions (mock only) and the simulator's Token encryption", () => {
  it("an encrypted assertion signs in once Entra encrypts with the account's certificate", async () => {
    await api(rt).patch(`/accounts/${ACCOUNT}`, { signAuthnRequests: false, encryptedAssertions: true });
    const [key] = await keys("encryption");
    const pem = await certificateOf(key!);
    const metadata = await request(rt.app).get(`/micloud/${ACCOUNT}/saml/metadata`);
    expect(metadata.text).toMatch(/<KeyDescriptor use="encryption">/);
    expect(metadata.text).toContain(pem.replace(/-----[A-Z ]+-----|\s/g, ""));

    expect((await simForm("/token-encryption", { certificate: pem })).status).toBe(303);
    const thumbprint = new X509Certificate(pem).fingerprint.replace(/:/g, "");
    expect((await simForm(`/token-encryption/${thumbprint}/activate`, {})).status).toBe(303);

    const { page } = await startLogin();
    const { acs, responseXml } = await finish(page.text);
    expect(responseXml).toContain("<EncryptedAssertion");
    expect(responseXml).not.toContain("B.Simon@contoso.com");
    expect(acs.status).toBe(303);
    const record = (await rt.ctx.signIns.list(ACCOUNT))[0];
    expect(record?.outcome).toBe("success");
    expect(record?.nameId).toBe("B.Simon@contoso.com");
  });

  it("encrypted with a certificate the app does not have: ASSERTION_DECRYPTION_FAILED with its cause and fix", async () => {
    expect((await simForm("/faults", { encryptWithUnknownCertificate: "on" })).status).toBe(303);
    const { page } = await startLogin();
    const { acs } = await finish(page.text);
    expect(acs.status).toBe(400);
    expect(acs.body.error.code).toBe("ASSERTION_DECRYPTION_FAILED");
    expect(acs.body.error.cause).toContain("None of this account's decryption key");
    expect(acs.body.error.fix).toContain("Token encryption");
    const record = (await rt.ctx.signIns.list(ACCOUNT)).find((r) => r.outcome === "failure");
    expect(record?.failureCode).toBe("ASSERTION_DECRYPTION_FAILED");
    await simForm("/faults/reset", {});
  });

  it("Encrypted assertions off: the same encrypted response fails with the code, saying why", async () => {
    await api(rt).patch(`/accounts/${ACCOUNT}`, { encryptedAssertions: false });
    const metadata = await request(rt.app).get(`/micloud/${ACCOUNT}/saml/metadata`);
    expect(metadata.text).not.toContain('use="encryption"');
    const { page } = await startLogin();
    const { acs } = await finish(page.text);
    expect(acs.body.error.code).toBe("ASSERTION_DECRYPTION_FAILED");
    expect(acs.body.error.cause).toContain("Encrypted assertions is off");
  });
});

describe("console: the account page's SP keys (mock only)", () => {
  const CL = "contoso-cloudlink";
  const path = `/admin/accounts/${CL}`;
  const fields = {
    displayName: "Contoso (CloudLink)",
    spEntityIdOverride: "",
    replyUrlOverride: "",
    urlProfile: "",
  };

  it("the Advanced switch creates a key; SP keys lists it, downloads its .cer, rotates, refuses removing the active one", async () => {
    const agent = await operatorAgent(rt.app);
    const before = await agent.get(path);
    expect(before.text).toContain("No keys yet");
    const saved = await postForm(agent, path, `${path}/advanced`, { ...fields, signAuthnRequests: "on" });
    expect(saved.status).toBe(303);
    const page = await agent.get(path);
    expect(page.text).toMatch(/name="signAuthnRequests" value="on" checked/);
    const first = /data-sp-key="([^"]+)" data-sp-key-use="signing" data-sp-key-status="active"/.exec(
      page.text,
    )?.[1];
    expect(first).toBeDefined();

    const cer = await agent
      .get(`${path}/sp-keys/${first}/certificate`)
      .buffer(true)
      .parse((res, done) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
        });
        res.on("end", () => done(null, text));
      });
    expect(cer.headers["content-disposition"]).toMatch(
      /attachment; filename="?contoso-cloudlink-signing-.*\.cer/,
    );
    expect(cer.body as string).toMatch(/^-----BEGIN CERTIFICATE-----\r\n/);
    expect(cer.body as string).not.toContain("PRIVATE");

    expect((await postForm(agent, path, `${path}/sp-keys`, { use: "signing" })).status).toBe(303);
    const rotated = await agent.get(path);
    expect(decodeHtml(rotated.text)).toContain("the current key stays published until you remove it");
    const second = /data-sp-key="([^"]+)" data-sp-key-use="signing" data-sp-key-status="published"/.exec(
      rotated.text,
    )?.[1];
    const refused = await postForm(agent, path, `${path}/sp-keys/${first}/remove`, {});
    expect(refused.status).toBe(303);
    expect(decodeHtml((await agent.get(path)).text)).toContain("This key signs the AuthnRequests");
    expect((await postForm(agent, path, `${path}/sp-keys/${second}/activate`, {})).status).toBe(303);
    expect((await postForm(agent, path, `${path}/sp-keys/${first}/remove`, {})).status).toBe(303);
    const after = await agent.get(path);
    expect(after.text).not.toContain(`data-sp-key="${first}"`);
    expect(after.text).toContain(
      `data-sp-key="${second}" data-sp-key-use="signing" data-sp-key-status="active"`,
    );
    const badUse = await postForm(agent, path, `${path}/sp-keys`, { use: "tls" });
    expect(badUse.status).toBe(400);
    expect(decodeHtml(badUse.text)).toContain("Key use (use): choose signing or encryption.");
  });
});
