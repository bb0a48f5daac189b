import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_IDP } from "../helpers/test-idp.js";
import { createTestRuntime, TEST_PUBLIC_URL, type TestRuntime } from "../helpers/test-runtime.js";
import { type Agent, operatorAgent, pageText, postForm } from "./admin-support.js";

const certificates = new URL("../fixtures/certificates/", import.meta.url);
const fixture = (name: string, encoding: BufferEncoding = "utf8") =>
  readFileSync(new URL(name, certificates), encoding);

const SETTINGS = "/admin/accounts/mic/sso";

describe("admin: MiCloud Connect, Phone System > Add-On Features > Single Sign-On", () => {
  let rt: TestRuntime;
  let agent: Agent;
  beforeAll(async () => {
    rt = await createTestRuntime();
    agent = await operatorAgent(rt.app);
    await rt.ctx.accounts.create({ id: "mic", platform: "micloud", displayName: "Mic Co" });
  });
  afterAll(() => rt.dispose());

  const save = (fields: Record<string, string>) => postForm(agent, SETTINGS, SETTINGS, fields);
  const complete = {
    enabled: "on",
    idpSignInUrl: TEST_IDP.signInUrl,
    idpEntityId: TEST_IDP.entityId,
    idpCertificate: TEST_IDP.certificatePem,
  };

  it("shows Activate the first time; the settings are not open before", async () => {
    const page = await agent.get("/admin/accounts/mic/phone-system/add-on-features");
    expect(page.status).toBe(200);
    expect(pageText(page.text)).toContain("Phone System > Add-On Features");
    expect(page.text).toContain('id="sso-activate"');
    expect(page.text).not.toContain('id="sso-settings"');
    const early = await agent.get(SETTINGS).redirects(0);
    expect(early.status).toBe(303);
    expect(early.headers.location).toBe("/admin/accounts/mic/phone-system/add-on-features");
  });

  it("Activate needs the CSRF token", async () => {
    const res = await agent
      .post("/admin/accounts/mic/phone-system/add-on-features/single-sign-on/activate")
      .type("form")
      .send({});
    expect(res.status).toBe(403);
  });

  it("Activate opens Connect Single Sign-On Settings; Settings afterwards", async () => {
    const res = await postForm(
      agent,
      "/admin/accounts/mic/phone-system/add-on-features",
      "/admin/accounts/mic/phone-system/add-on-features/single-sign-on/activate",
      {},
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(SETTINGS);
    const page = await agent.get(SETTINGS);
    const text = pageText(page.text);
    expect(text).toContain("Connect Single Sign-On Settings");
    expect(text).toContain("Enable Single Sign-On");
    expect(page.text).toContain(
      `id="sp-entity-id" type="text" readonly value="${TEST_PUBLIC_URL}/micloud/mic/saml/metadata"`,
    );
    expect(page.text).toContain(
      `id="sp-reply-url" type="text" readonly value="${TEST_PUBLIC_URL}/micloud/mic/saml/acs"`,
    );
    expect(page.text).toContain('<label for="idp-certificate">Signing Certificate</label>');
    expect(page.text).toContain('<label for="idp-sign-in-url">Sign-in URL</label>');
    expect(page.text).toContain('<label for="idp-entity-id">Entity ID</label>');
    expect(page.text).not.toContain("Enable Mitel Credentials");
    const addons = await agent.get("/admin/accounts/mic/phone-system/add-on-features");
    expect(addons.text).toContain('id="sso-settings"');
  });

  it("saves valid settings and shows the stored certificate's thumbprints, subject and validity", async () => {
    const res = await save(complete);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(SETTINGS);
    const account = await rt.ctx.accounts.require("mic");
    expect(account.sso).toMatchObject({
      enabled: true,
      idpSignInUrl: TEST_IDP.signInUrl,
      idpEntityId: TEST_IDP.entityId,
    });
    expect(account.sso.idpCertificates).toHaveLength(1);
    const page = await agent.get(SETTINGS);
    const text = pageText(page.text);
    expect(text).toContain("Settings saved. Single Sign-On is enabled.");
    expect(text).toContain("CN=Microsoft Azure Federated SSO Certificate");
    expect(text).toMatch(/Thumbprint \(SHA-1\) [0-9A-F]{40}/);
    expect(text).toMatch(/SHA-256 [0-9A-F]{64}/);
    expect(text).toContain("valid until 2029-01-01");
    expect(page.text).toContain("-----BEGIN CERTIFICATE-----");
    expect(page.text).toMatch(/id="sso-enabled" name="enabled" value="on" checked/);
  });

  it.each([
    [
      { idpSignInUrl: "login.microsoftonline.com/x/saml2" },
      'Sign-in URL: enter an absolute URL such as https://login.microsoftonline.com/{tenant-id}/saml2 (Entra\'s "Login URL").',
    ],
    [
      { idpSignInUrl: `http://login.microsoftonline.com/${TEST_IDP.tenantId}/saml2` },
      "Sign-in URL: use https. Plain http is accepted only for localhost.",
    ],
    [
      { idpEntityId: "https://sts.windows.net/ x/" },
      "Entity ID: the identifier contains spaces or line breaks.",
    ],
    [
      { idpCertificate: fixture("entra-certificate-raw.der", "latin1") },
      'Signing Certificate: This looks like the binary "Certificate (Raw)" download.',
    ],
    [
      { idpCertificate: fixture("federation-metadata-with-bom.xml") },
      "Signing Certificate: This looks like Entra's Federation Metadata XML, not a certificate.",
    ],
    [
      { idpCertificate: fixture("private-key.pkcs8.pem") },
      "Signing Certificate: This is a private key, not a certificate.",
    ],
    [{ idpCertificate: "hello" }, "Signing Certificate: This is not a certificate."],
    [
      { idpCertificate: fixture("two-certificates-concatenated.pem") },
      "Signing Certificate: You pasted 2 different certificates, but this box takes only one.",
    ],
    [
      { idpCertificate: fixture("expired-certificate.pem") },
      "expired on 2023-01-01 (valid from 2020-01-01).",
    ],
    [
      { idpSignInUrl: "", idpEntityId: "", idpCertificate: "" },
      "Single Sign-On cannot be enabled yet: Sign-in URL, Entity ID and Signing Certificate are missing.",
    ],
    [{ idpEntityId: "" }, "Single Sign-On cannot be enabled yet: Entity ID is missing."],
  ])("refuses %j with its message and keeps what was typed", async (override, message) => {
    const before = await rt.ctx.accounts.require("mic");
    const res = await save({ ...complete, ...override });
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain(message);
    expect(res.text).toContain("Not saved.");
    expect(res.text).toContain('aria-invalid="true"');
    const after = await rt.ctx.accounts.require("mic");
    expect(after.sso).toEqual(before.sso);
  });

  it("accepts Entra's other certificate forms (76-column CRLF, single line, bare base64)", async () => {
    for (const name of [
      "entra-certificate-base64.76col-crlf.cer",
      "entra-certificate-base64.single-line.cer",
      "entra-certificate-bare-base64-no-pem-armour.txt",
    ]) {
      const res = await save({ ...complete, idpCertificate: fixture(name) });
      expect(res.status, name).toBe(303);
    }
    await save(complete);
  });

  it("saves with warnings, naming the trailing-slash and whitespace mistakes", async () => {
    const res = await save({
      ...complete,
      idpEntityId: `  ${TEST_IDP.entityId.slice(0, -1)} `,
      idpSignInUrl: "https://idp.example.com/sso",
    });
    expect(res.status).toBe(303);
    const text = pageText((await agent.get(SETTINGS)).text);
    expect(text).toContain("Entity ID: spaces or line breaks at the start or end were removed.");
    expect(text).toContain("Entity ID: the trailing slash is missing.");
    expect(text).toContain("Sign-in URL: this does not look like Entra's Login URL");
    const overview = await agent.get("/admin/accounts/mic");
    // Saved with a warning, but every sign-in would fail with ISSUER_MISMATCH: red (issue 10, item 3).
    expect(overview.text).toContain('data-step="entity-id" data-state="error"');
    expect(overview.text).toContain('data-ready="false"');
    await save(complete);
  });

  it("saves without enabling, then Add-On Features says Activated, not enabled", async () => {
    // An unticked check box is simply not sent.
    const off = await postForm(agent, SETTINGS, SETTINGS, {
      idpSignInUrl: TEST_IDP.signInUrl,
      idpEntityId: "",
      idpCertificate: "",
    });
    expect(off.status).toBe(303);
    expect((await rt.ctx.accounts.require("mic")).sso.enabled).toBe(false);
    const addons = await agent.get("/admin/accounts/mic/phone-system/add-on-features");
    expect(pageText(addons.text)).toContain("Activated, not enabled");
    await save(complete);
  });

  it("accepts a certificate expiring within 60 days, with a warning (fixed clock)", async () => {
    const realNow = rt.ctx.now;
    rt.ctx.now = () => Date.parse("2028-12-01T00:00:00Z");
    try {
      const res = await save(complete);
      expect(res.status).toBe(303);
      const page = await agent.get(SETTINGS);
      expect(pageText(page.text)).toContain(
        "expires on 2029-01-01, in 31 days (valid from 2026-01-01). Create the next certificate in Entra",
      );
      expect(page.text).toContain("Expiring soon");
      const overview = await agent.get("/admin/accounts/mic");
      expect(overview.text).toContain('data-step="certificate" data-state="warn"');
    } finally {
      rt.ctx.now = realNow;
    }
  });

  it("refuses a save without the CSRF token", async () => {
    const res = await agent
      .post(SETTINGS)
      .type("form")
      .send({ ...complete, idpEntityId: "https://evil.example/" });
    expect(res.status).toBe(403);
    expect((await rt.ctx.accounts.require("mic")).sso.idpEntityId).toBe(TEST_IDP.entityId);
  });

  it("escapes pasted values shown back in the form", async () => {
    const evil = '"><script>alert(1)</script>';
    const res = await save({ ...complete, idpSignInUrl: evil, idpEntityId: evil });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain("<script>alert(1)</script>");
    expect(res.text).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("admin: Import Federation Metadata XML", () => {
  let rt: TestRuntime;
  let agent: Agent;
  beforeAll(async () => {
    rt = await createTestRuntime();
    agent = await operatorAgent(rt.app);
    await rt.ctx.accounts.create({
      id: "imp",
      platform: "micloud",
      displayName: "Importer",
      sso: { integrationAdded: true },
    });
  });
  afterAll(() => rt.dispose());

  const importXml = (metadataXml: string) =>
    postForm(agent, "/admin/accounts/imp/sso", "/admin/accounts/imp/sso/import", { metadataXml });
  const TENANT = "8c1f3a52-4d0e-4b7a-9e61-2f5d7c9a0b13";

  it.each([
    ["with the byte-order mark", fixture("federation-metadata-with-bom.xml")],
    ["without the byte-order mark", fixture("federation-metadata-with-bom.xml").replace(/^\uFEFF/, "")],
  ])("fills the form %s and says what it filled, without saving", async (_label, xml) => {
    const res = await importXml(xml);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain("Filled from the Federation Metadata XML. Review, then press Save.");
    expect(text).toContain(`Sign-in URL: https://login.microsoftonline.com/${TENANT}/saml2`);
    expect(text).toContain(`Entity ID: https://sts.windows.net/${TENANT}/`);
    expect(text).toContain(
      "Signing Certificate: CN=Microsoft Azure Federated SSO Certificate (thumbprint C6C611A5EED45B84CB28F216DD4996DD1F49D1D3)",
    );
    expect(res.text).toContain(`value="https://login.microsoftonline.com/${TENANT}/saml2"`);
    expect(res.text).toContain(`value="https://sts.windows.net/${TENANT}/"`);
    expect(res.text).toMatch(/<textarea id="idp-certificate"[^>]*>-----BEGIN CERTIFICATE-----/);
    expect((await rt.ctx.accounts.require("imp")).sso.idpEntityId).toBe("");
  });

  it("explains what is wrong with a bad paste", async () => {
    const res = await importXml("this is not xml");
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain("This is not XML.");
    expect(res.text).toContain('<details class="import" open');
    const doctype = await importXml('<!DOCTYPE x [<!ENTITY e "x">]><EntityDescriptor/>');
    expect(pageText(doctype.text)).toContain("DOCTYPE or ENTITY declaration");
  });

  it("has a file input that admin.js reads into the paste box (no multipart upload)", async () => {
    const page = await agent.get("/admin/accounts/imp/sso");
    expect(page.text).toContain(
      'type="file" accept=".xml,application/xml,text/xml" data-read-into="metadata-xml"',
    );
    expect(page.text).toContain('<script src="/assets/admin.js"></script>');
  });

  it("refuses an import without the CSRF token", async () => {
    const res = await agent.post("/admin/accounts/imp/sso/import").type("form").send({ metadataXml: "<x/>" });
    expect(res.status).toBe(403);
  });
});
