import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_IDP } from "../helpers/test-idp.js";
import {
  createTestRuntime,
  createWiredAccount,
  TEST_PUBLIC_URL,
  type TestRuntime,
} from "../helpers/test-runtime.js";
import { type Agent, csrfFrom, operatorAgent, pageText, postForm } from "./admin-support.js";

const XSS = "<script>alert(1)</script>";

describe("admin: accounts", () => {
  let rt: TestRuntime;
  let agent: Agent;
  beforeAll(async () => {
    rt = await createTestRuntime();
    agent = await operatorAgent(rt.app);
  });
  afterAll(() => rt.dispose());

  it("creates an account and opens it with the setup checklist and the values for Entra", async () => {
    const res = await postForm(agent, "/admin/accounts", "/admin/accounts", {
      platform: "micloud",
      id: "contoso",
      displayName: "Contoso",
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/admin/accounts/contoso");
    const page = await agent.get("/admin/accounts/contoso");
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain("Account Contoso (contoso) created.");
    expect(page.text).toContain(`value="${TEST_PUBLIC_URL}/micloud/contoso/saml/metadata"`);
    expect(page.text).toContain(`value="${TEST_PUBLIC_URL}/micloud/contoso/saml/acs"`);
    expect(page.text).toContain(`value="${TEST_PUBLIC_URL}/micloud/portal"`);
    expect(page.text).toContain(`value="${TEST_PUBLIC_URL}/micloud/teamwork"`);
    expect(page.text).toContain('data-copy-target="sp-entity-id"');
    expect(page.text).toContain('data-copy-target="sp-reply-url"');
    expect(text).toContain("Mitel Identifier (Entity ID)");
    expect(text).toContain("Reply URL (Assertion Consumer Service URL)");
    expect(page.text).toContain('data-ready="false"');
    expect(page.text).toContain('data-step="sso-feature" data-state="todo"');
    // The account nav: Overview, Settings, Users, Sign-in log.
    expect(page.text).toContain('href="/admin/accounts/contoso/settings"');
    expect(page.text).toContain('href="/admin/accounts/contoso/users"');
    expect(page.text).toContain('href="/admin/accounts/contoso/sign-ins"');
    // Settings leads to the portal's own screen.
    const settings = await agent.get("/admin/accounts/contoso/settings").redirects(0);
    expect(settings.headers.location).toBe("/admin/accounts/contoso/phone-system/add-on-features");
  });

  it("lists accounts with platform, SSO state, users and the last sign-in", async () => {
    await createWiredAccount(rt, { id: "wired", platform: "cloudlink" });
    const traceId = await rt.ctx.signIns.add({
      accountId: "wired",
      outcome: "failure",
      failureCode: "USER_NOT_ACTIVE",
      nameId: "B.Simon@contoso.com",
      nameIdFormat: null,
      userId: null,
      requestId: null,
      relayState: null,
    });
    const page = await agent.get("/admin/accounts");
    const row = page.text.slice(page.text.indexOf('data-account-id="wired"'));
    expect(row).toContain("CloudLink");
    expect(row).toContain("Enabled");
    expect(row).toContain('href="/admin/accounts/wired/users">1</a>');
    expect(row).toContain(`href="/admin/accounts/wired/sign-ins/${traceId}"`);
    expect(row).toContain("USER_NOT_ACTIVE");
  });

  it.each([
    [
      { platform: "micloud", id: "A!", displayName: "X" },
      400,
      "Account id: use 2-63 lower-case letters, digits and dashes.",
    ],
    [{ platform: "micloud", id: "fresh", displayName: "  " }, 400, "Display name is required."],
    [
      { platform: "micloud", id: "fresh", displayName: "x".repeat(121) },
      400,
      "Display name: use at most 120 characters.",
    ],
    [
      { platform: "teams", id: "fresh", displayName: "X" },
      400,
      "Platform: choose MiCloud Connect or CloudLink.",
    ],
    [
      { platform: "micloud", id: "contoso", displayName: "Again" },
      409,
      'An account with id "contoso" already exists.',
    ],
  ])("refuses %j with a message", async (fields, status, message) => {
    const res = await postForm(agent, "/admin/accounts", "/admin/accounts", fields);
    expect(res.status).toBe(status);
    expect(pageText(res.text)).toContain(message);
    // The form keeps what was typed.
    expect(res.text).toContain(`value="${fields.id}"`);
  });

  it("refuses a create without the CSRF token", async () => {
    const res = await agent
      .post("/admin/accounts")
      .type("form")
      .send({ platform: "micloud", id: "nocsrf", displayName: "X" });
    expect(res.status).toBe(403);
    expect(await rt.ctx.accounts.get("nocsrf")).toBeUndefined();
  });

  it("escapes the display name everywhere it is shown", async () => {
    await postForm(agent, "/admin/accounts", "/admin/accounts", {
      platform: "cloudlink",
      id: "xss",
      displayName: XSS,
    });
    for (const path of [
      "/admin/accounts",
      "/admin/accounts/xss",
      "/admin/accounts/xss/account-information",
      "/admin/accounts/xss/integrations/new",
      "/admin/accounts/xss/users",
      "/admin/accounts/xss/users/new",
    ]) {
      const page = await agent.get(path);
      expect(page.status, path).toBe(200);
      expect(page.text, path).not.toContain(XSS);
      expect(page.text, path).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
  });

  it("shows the last sign-in on the checklist with its code and a link to it", async () => {
    const latest = await rt.ctx.signIns.latest("wired");
    const page = await agent.get("/admin/accounts/wired");
    expect(page.text).toContain('data-step="last-sign-in" data-state="error"');
    expect(page.text).toContain('data-error-code="USER_NOT_ACTIVE"');
    expect(page.text).toContain(`href="/admin/accounts/wired/sign-ins/${latest?.traceId}"`);
    expect(page.text).toContain('data-step="users" data-state="ok"');
  });

  it("answers 404 for an unknown account and for the other portal's screens", async () => {
    expect((await agent.get("/admin/accounts/nope")).status).toBe(404);
    expect((await agent.get("/admin/accounts/contoso/account-information")).status).toBe(404);
    expect((await agent.get("/admin/accounts/wired/phone-system/add-on-features")).status).toBe(404);
  });

  it("deletes an account (with its users)", async () => {
    await postForm(agent, "/admin/accounts", "/admin/accounts", {
      platform: "micloud",
      id: "doomed",
      displayName: "Doomed",
    });
    const res = await postForm(agent, "/admin/accounts/doomed", "/admin/accounts/doomed/delete", {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/admin/accounts");
    expect(await rt.ctx.accounts.get("doomed")).toBeUndefined();
    expect(pageText((await agent.get("/admin/accounts")).text)).toContain("Account Doomed (doomed) deleted.");
    const page = await agent.get("/admin/accounts/contoso");
    expect(page.text).toContain('data-confirm="Delete the account Contoso (contoso)');
  });

  it("refuses a delete without the CSRF token", async () => {
    const res = await agent.post("/admin/accounts/contoso/delete").type("form").send({});
    expect(res.status).toBe(403);
    expect(await rt.ctx.accounts.get("contoso")).toBeDefined();
  });
});

describe("admin: Advanced section (overrides, SHA-1)", () => {
  let rt: TestRuntime;
  let agent: Agent;
  beforeAll(async () => {
    rt = await createTestRuntime();
    agent = await operatorAgent(rt.app);
    await createWiredAccount(rt, { id: "adv", platform: "micloud" });
  });
  afterAll(() => rt.dispose());

  const save = (fields: Record<string, string>) =>
    postForm(agent, "/admin/accounts/adv", "/admin/accounts/adv/advanced", fields);

  it("saves the overrides and SHA-1 opt-in, which then show on the page and the checklist", async () => {
    const res = await save({
      displayName: "Advanced Co",
      spEntityIdOverride:
        "https://authentication.api.mitel.io/2017-09-01/saml2/0b6f2c1e-1111-2222-3333-444455556666",
      replyUrlOverride: "https://sso.example.com/micloud/adv/saml/acs",
      allowSha1: "on",
      requireResponseSignature: "on",
    });
    expect(res.status).toBe(303);
    const account = await rt.ctx.accounts.require("adv");
    expect(account.displayName).toBe("Advanced Co");
    expect(account.sso.allowSha1).toBe(true);
    expect(account.sso.requireResponseSignature).toBe(true);
    expect(account.sso.enabled).toBe(true);
    const page = await agent.get("/admin/accounts/adv");
    const text = pageText(page.text);
    expect(text).toContain("Advanced settings saved.");
    expect(text).toContain("update Basic SAML Configuration in Entra to match");
    expect(text).toContain("Responses must now be signed as well as their assertion");
    expect(page.text).toContain('name="requireResponseSignature" value="on" checked');
    expect(page.text).toContain(
      'id="sp-entity-id" type="text" readonly value="https://authentication.api.mitel.io/2017-09-01/saml2/0b6f2c1e-1111-2222-3333-444455556666"',
    );
    expect(page.text).toContain(
      'id="sp-reply-url" type="text" readonly value="https://sso.example.com/micloud/adv/saml/acs"',
    );
    expect(page.text).toContain('data-step="sha1" data-state="warn"');
    expect(text).toContain('"Entra signing algorithm is SHA-1" is on');
  });

  it("clears overrides when emptied, and SHA-1 when unticked", async () => {
    const res = await save({ displayName: "Advanced Co", spEntityIdOverride: "", replyUrlOverride: "" });
    expect(res.status).toBe(303);
    const account = await rt.ctx.accounts.require("adv");
    expect(account.spEntityIdOverride).toBeNull();
    expect(account.replyUrlOverride).toBeNull();
    expect(account.sso.allowSha1).toBe(false);
    expect(account.sso.requireResponseSignature).toBe(false);
  });

  it.each([
    [{ displayName: "" }, "Display name is required."],
    [
      { displayName: "A", spEntityIdOverride: "not a uri" },
      "Mitel Identifier (Entity ID) override: enter an absolute URI without spaces",
    ],
    [
      { displayName: "A", replyUrlOverride: "http://sso.example.com/acs" },
      "Reply URL override: Entra accepts only https Reply URLs (http only for localhost).",
    ],
    [
      { displayName: "A", replyUrlOverride: "https://sso.example.com/acs#frag" },
      "Reply URL override: a Reply URL cannot contain a #fragment.",
    ],
  ])("refuses %j", async (fields, message) => {
    const res = await save(fields);
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain(message);
    expect(res.text).toContain('<details id="advanced" open>');
  });

  it("escapes override values shown back in the form", async () => {
    const res = await save({ displayName: "A", spEntityIdOverride: '"><script>alert(1)</script>' });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain("<script>alert(1)</script>");
    expect(res.text).toContain("&quot;&gt;&lt;script&gt;");
  });

  it("refuses a save without the CSRF token", async () => {
    const res = await agent.post("/admin/accounts/adv/advanced").type("form").send({ displayName: "Hacked" });
    expect(res.status).toBe(403);
    expect((await rt.ctx.accounts.require("adv")).displayName).not.toBe("Hacked");
  });

  it("uses the test IdP values in the checklist when wired", async () => {
    const page = await agent.get("/admin/accounts/adv");
    expect(pageText(page.text)).toContain(TEST_IDP.signInUrl);
    expect(page.text).toContain('data-ready="true"');
    expect(csrfFrom(page.text)).toBeTruthy();
  });
});
