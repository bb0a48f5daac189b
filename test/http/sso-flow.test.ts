import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followSignInTicket, postToAcs, readRedirect, startSsoLogin } from "../helpers/sso-flow.js";
import { signTestResponse, TEST_IDP } from "../helpers/test-idp.js";
import {
  createTestRuntime,
  createWiredAccount,
  TEST_PUBLIC_URL,
  type TestRuntime,
} from "../helpers/test-runtime.js";

const csrfFrom = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";

describe.each([
  {
    platform: "micloud" as const,
    accountId: "acme-micloud",
    signOnPath: "/micloud/portal",
    label: "Username",
  },
  {
    platform: "micloud" as const,
    accountId: "acme-micloud",
    signOnPath: "/micloud/teamwork",
    label: "Username",
  },
  {
    platform: "cloudlink" as const,
    accountId: "acme-cloudlink",
    signOnPath: "/cloudlink/accounts",
    label: "Email",
  },
])("SP-initiated SSO end to end: $signOnPath", ({ platform, accountId, signOnPath, label }) => {
  let rt: TestRuntime;
  const acsPath = `/${platform}/${accountId}/saml/acs`;
  const replyUrl = `${TEST_PUBLIC_URL}${acsPath}`;
  const entityId = `${TEST_PUBLIC_URL}/${platform}/${accountId}/saml/metadata`;

  beforeAll(async () => {
    rt = await createTestRuntime();
    await createWiredAccount(rt, { id: accountId, platform });
  });
  afterAll(() => rt.dispose());

  it("asks for the login, finds the account, offers Single Sign On, lands in the app", async () => {
    const agent = request.agent(rt.app);
    const page = await agent.get(signOnPath);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<label for="login">${label}</label>`);

    const next = await agent
      .post(`/${platform}/sign-on`)
      .type("form")
      .send({
        _csrf: csrfFrom(page.text),
        step: "next",
        login: " b.simon@CONTOSO.com ",
        app: signOnPath.split("/")[2],
      });
    expect(next.status).toBe(200);
    expect(next.text).toContain("Single Sign On");
    expect(next.text).not.toContain('name="password"');

    const sso = await agent
      .post(`/${platform}/sign-on`)
      .type("form")
      .redirects(0)
      .send({
        _csrf: csrfFrom(next.text),
        step: "sso",
        login: "b.simon@CONTOSO.com",
        accountId,
        app: signOnPath.split("/")[2],
      });
    expect(sso.status).toBe(302);
    const authn = readRedirect(sso.headers.location as string);
    expect(`${authn.url.origin}${authn.url.pathname}`).toBe(TEST_IDP.signInUrl);
    expect(authn.id).toMatch(/^[A-Za-z_]/);
    expect(authn.root.getAttribute("AssertionConsumerServiceURL")).toBe(replyUrl);
    expect(
      authn.root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer")[0]?.textContent,
    ).toBe(entityId);
    expect(authn.root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Subject").length).toBe(
      0,
    );
    const policy = authn.root.getElementsByTagNameNS(
      "urn:oasis:names:tc:SAML:2.0:protocol",
      "NameIDPolicy",
    )[0];
    expect([null, "", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"]).toContain(
      policy?.getAttribute("Format") ?? null,
    );
    expect(
      authn.root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "RequestedAuthnContext")
        .length,
    ).toBe(0);
    expect(authn.relayState).toBe(signOnPath);
    expect(authn.loginHint).toBe("b.simon@CONTOSO.com");
    const binding = (sso.headers["set-cookie"] as unknown as string[]).find((c) =>
      c.startsWith("mms_sso_binding="),
    );
    expect(binding).toMatch(/SameSite=None/i);
    expect(binding).toMatch(/Secure/i);
    expect(binding).toMatch(/HttpOnly/i);

    const response = signTestResponse({ replyUrl, audience: entityId, inResponseTo: authn.id });
    const acs = await postToAcs(agent, acsPath, response.base64, {
      binding: binding?.split(";")[0] ?? null,
      relayState: authn.relayState,
    });
    expect(acs.status).toBe(303);
    expect(acs.headers.location).toMatch(new RegExp(`^/${platform}/${accountId}/saml/complete\\?ticket=`));
    const completed = await followSignInTicket(agent, acs, binding?.split(";")[0] ?? null);
    expect(completed.status).toBe(303);
    expect(completed.headers.location).toBe(signOnPath);

    const landing = await agent.get(signOnPath);
    expect(landing.status).toBe(200);
    expect(landing.text).toMatch(/data-nameid>B\.Simon@contoso\.com</);
    expect(landing.text).toContain("Britta Simon");
    expect(landing.text).toContain("http://schemas.microsoft.com/identity/claims/tenantid");
    expect(landing.text).toContain(response.assertionId);

    const records = await rt.ctx.signIns.list(accountId);
    expect(records.map((r) => r.outcome)).toEqual(expect.arrayContaining(["started", "success"]));
  });

  it("?account=<id> skips discovery and redirects to the IdP at once", async () => {
    const { request: authn, binding } = await startSsoLogin(rt.app, `${signOnPath}?account=${accountId}`);
    expect(authn.url.href.startsWith(TEST_IDP.signInUrl)).toBe(true);
    expect(authn.loginHint).toBeNull();
    expect(binding).toBeTruthy();
  });

  it("serves SP metadata with the Entity ID and the Reply URL", async () => {
    const res = await request(rt.app).get(`/${platform}/${accountId}/saml/metadata`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`entityID="${entityId}"`);
    expect(res.text).toContain(`Location="${replyUrl}"`);
  });
});
