import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_IDP } from "../helpers/test-idp.js";
import { createTestRuntime, TEST_PUBLIC_URL, type TestRuntime } from "../helpers/test-runtime.js";
import { type Agent, operatorAgent, pageText, postForm } from "./admin-support.js";

const TWO_CERTS = readFileSync(
  new URL("../fixtures/certificates/two-certificates-concatenated.pem", import.meta.url),
  "utf8",
);
const BASE = "/admin/accounts/cl";

describe("admin: CloudLink, Account Information > Integrations > Microsoft Entra Single Sign On", () => {
  let rt: TestRuntime;
  let agent: Agent;
  beforeAll(async () => {
    rt = await createTestRuntime();
    agent = await operatorAgent(rt.app);
    await rt.ctx.accounts.create({ id: "cl", platform: "cloudlink", displayName: "CL Co" });
  });
  afterAll(() => rt.dispose());

  const complete = {
    enabled: "on",
    idpSignInUrl: TEST_IDP.signInUrl,
    idpEntityId: TEST_IDP.entityId,
    idpCertificate: TEST_IDP.certificatePem,
  };
  const save = (fields: Record<string, string>) => postForm(agent, `${BASE}/sso`, `${BASE}/sso`, fields);

  it("Account Information has an empty Integrations section with + Add new; the panel is closed until added", async () => {
    const page = await agent.get(`${BASE}/account-information`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain("Account Information");
    expect(text).toContain("Integrations");
    expect(text).toContain("+ Add new");
    expect(text).toContain("No integrations yet.");
    const early = await agent.get(`${BASE}/sso`).redirects(0);
    expect(early.status).toBe(303);
    expect(early.headers.location).toBe(`${BASE}/account-information`);
  });

  it("+ Add new opens the Integrations panel; the 3rd party tab lists Microsoft Entra Single Sign On with Add", async () => {
    const panel = await agent.get(`${BASE}/integrations/new`);
    expect(panel.status).toBe(200);
    expect(panel.text).toContain('id="tab-3rd-party" aria-current="page"');
    expect(pageText(panel.text)).toContain("Microsoft Entra Single Sign On");
    expect(panel.text).toContain('id="entra-sso-add"');
    expect(panel.text).toContain('id="integrations-done"');
    const mitelTab = await agent.get(`${BASE}/integrations/new?tab=mitel`);
    expect(mitelTab.text).not.toContain('id="entra-sso-add"');
  });

  it("Add needs the CSRF token", async () => {
    expect((await agent.post(`${BASE}/integrations/entra-sso`).type("form").send({})).status).toBe(403);
  });

  it("Add, then Done: the integration shows with Complete Setup", async () => {
    const add = await postForm(agent, `${BASE}/integrations/new`, `${BASE}/integrations/entra-sso`, {});
    expect(add.status).toBe(303);
    expect(add.headers.location).toBe(`${BASE}/integrations/new?tab=3rd-party`);
    const panel = await agent.get(add.headers.location as string);
    expect(panel.text).toContain('id="entra-sso-added"');
    const info = await agent.get(`${BASE}/account-information`);
    expect(info.text).toContain('id="integration-complete-setup"');
    expect(pageText(info.text)).toContain("Complete Setup");
    expect(pageText(info.text)).toContain("Setup incomplete");
  });

  it("Complete Setup opens the configuration panel in CloudLink's words", async () => {
    const page = await agent.get(`${BASE}/sso`);
    const text = pageText(page.text);
    expect(text).toContain("Microsoft Entra Single Sign On");
    expect(page.text).toContain(`value="${TEST_PUBLIC_URL}/cloudlink/cl/saml/metadata"`);
    expect(page.text).toContain(`value="${TEST_PUBLIC_URL}/cloudlink/cl/saml/acs"`);
    expect(page.text).toContain('<label for="idp-entity-id">IDP Identifier (Entity ID)</label>');
    expect(text).toContain("Several certificates may be pasted one after another");
    expect(text).toContain("Enable Mitel Credentials (Optional)");
    expect(text).toContain("Mitel recommends leaving this off");
    expect(page.text).not.toMatch(/id="mitel-credentials" name="mitelCredentialsAllowed" value="on" checked/);
  });

  it("saves several certificates and Mitel credentials; both show", async () => {
    const res = await save({
      ...complete,
      idpCertificate: `${TEST_IDP.certificatePem}\n${TWO_CERTS}`,
      mitelCredentialsAllowed: "on",
    });
    expect(res.status).toBe(303);
    const account = await rt.ctx.accounts.require("cl");
    expect(account.sso.idpCertificates).toHaveLength(3);
    expect(account.sso.mitelCredentialsAllowed).toBe(true);
    const page = await agent.get(`${BASE}/sso`);
    expect(pageText(page.text)).toContain("Certificate 3: CN=Microsoft Azure Federated SSO Certificate");
    const overview = await agent.get(BASE);
    expect(overview.text).toContain('data-step="mitel-credentials" data-state="warn"');
  });

  it("refuses enabling with the IDP Identifier missing, naming it", async () => {
    const res = await save({ ...complete, idpEntityId: "" });
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain(
      "Single Sign-On cannot be enabled yet: IDP Identifier (Entity ID) is missing.",
    );
  });

  it("warns when the IDP Identifier's tenant differs from the Sign-in URL's", async () => {
    const res = await save({
      ...complete,
      idpEntityId: "https://sts.windows.net/11111111-2222-3333-4444-555555555555/",
    });
    expect(res.status).toBe(303);
    expect(pageText((await agent.get(`${BASE}/sso`)).text)).toContain(
      `IDP Identifier (Entity ID): its tenant ID (11111111-2222-3333-4444-555555555555) differs from the Sign-in URL's (${TEST_IDP.tenantId}).`,
    );
  });

  it("removes the integration and its settings, keeping the account's own options", async () => {
    const accountOptions = {
      allowSha1: true,
      requireResponseSignature: true,
      forceAuthn: true,
      nameIdPolicyFormat: "persistent",
      idpLogoutUrl: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2",
      signAuthnRequests: true,
      encryptedAssertions: true,
    } as const;
    await rt.ctx.accounts.update("cl", { sso: accountOptions });
    const res = await postForm(
      agent,
      `${BASE}/account-information`,
      `${BASE}/integrations/entra-sso/remove`,
      {},
    );
    expect(res.status).toBe(303);
    const account = await rt.ctx.accounts.require("cl");
    expect(account.sso).toMatchObject({
      integrationAdded: false,
      enabled: false,
      idpSignInUrl: "",
      idpEntityId: "",
      idpCertificates: [],
      ...accountOptions,
    });
    const info = await agent.get(`${BASE}/account-information`);
    expect(pageText(info.text)).toContain("Microsoft Entra Single Sign On removed");
    expect(pageText(info.text)).toContain("No integrations yet.");
  });

  it("Remove needs the CSRF token", async () => {
    expect((await agent.post(`${BASE}/integrations/entra-sso/remove`).type("form").send({})).status).toBe(
      403,
    );
  });
});
