/**
 * Things a newcomer met on the Mitel side: a favicon (no 404 per page load), users who are not
 * active told why on the sign-on page instead of being offered Single Sign On that can only fail
 * at the ACS, and a password sign-in's landing page that does not call the login name a NameID.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, createWiredAccount, type TestRuntime } from "../helpers/test-runtime.js";

let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  const { account } = await createWiredAccount(rt, { id: "newcomer-micloud", platform: "micloud" });
  await rt.ctx.directory.create(account, {
    name: "Pending Person",
    email: "pending@contoso.com",
    username: "pending@contoso.com",
    status: "pending",
  });
  await rt.ctx.directory.create(account, {
    name: "Gone Person",
    email: "gone@contoso.com",
    username: "gone@contoso.com",
    status: "disabled",
  });
  const cloudlink = await createWiredAccount(rt, { id: "newcomer-cloudlink", platform: "cloudlink" });
  await rt.ctx.directory.create(cloudlink.account, {
    firstName: "New",
    lastName: "Person",
    email: "new@contoso.com",
    status: "pending",
  });
  // SSO off and a password: the Mitel credentials sign-in.
  const off = await createWiredAccount(rt, {
    id: "password-micloud",
    platform: "micloud",
    sso: { enabled: false },
  });
  await rt.ctx.directory.create(off.account, {
    name: "Pat Password",
    email: "pat@contoso.com",
    username: "pat@contoso.com",
    status: "active",
    password: "a-long-password-1",
  });
});
afterAll(() => rt.dispose());

/** The sign-on page after username and Next, as the browser gets it. */
async function accountStep(
  agent: ReturnType<typeof request.agent>,
  path: string,
  platform: string,
  login: string,
  accountId?: string,
) {
  const page = await agent.get(path);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
  const res = await agent
    .post(`/${platform}/sign-on`)
    .type("form")
    .send({ _csrf: csrf, login, step: "next", ...(accountId ? { accountId } : {}) });
  return { res, csrf };
}

describe("favicon", () => {
  it("is served (an icon, cached), so page loads log no 404 for it", async () => {
    const res = await request(rt.app).get("/favicon.ico");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    expect(res.body.length).toBeGreaterThan(50);
  });
});

describe("users who are not active, on the sign-on page", () => {
  it("an active user is offered Single Sign On", async () => {
    const { res } = await accountStep(
      request.agent(rt.app),
      "/micloud/portal",
      "micloud",
      "B.Simon@contoso.com",
      "newcomer-micloud",
    );
    expect(res.text).toContain('id="sso-button"');
    expect(res.text).not.toContain("data-user-not-active");
  });

  for (const [login, words] of [
    ["pending@contoso.com", "not activated yet"],
    ["gone@contoso.com", "has been deactivated"],
  ] as const) {
    it(`${login} is told why (${words}) and offered no Single Sign On`, async () => {
      const { res } = await accountStep(request.agent(rt.app), "/micloud/portal", "micloud", login);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('id="sso-button"');
      expect(res.text).toMatch(new RegExp(`data-user-not-active>[^<]*${words}`));
    });
  }

  it("a CloudLink user who has not registered is told to finish registration", async () => {
    const { res } = await accountStep(
      request.agent(rt.app),
      "/cloudlink/accounts",
      "cloudlink",
      "new@contoso.com",
    );
    expect(res.text).not.toContain('id="sso-button"');
    expect(res.text).toContain("not completed registration");
  });

  it("posting Single Sign On for a deactivated user anyway starts no login", async () => {
    const agent = request.agent(rt.app);
    const { csrf } = await accountStep(agent, "/micloud/portal", "micloud", "gone@contoso.com");
    const res = await agent
      .post("/micloud/sign-on")
      .type("form")
      .send({ _csrf: csrf, login: "gone@contoso.com", accountId: "newcomer-micloud", step: "sso" })
      .redirects(0);
    expect(res.status).toBe(403);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain("has been deactivated");
  });
});

describe("landing page of a password sign-in", () => {
  it("labels the login name as the Username, not a NameID (data-nameid stays SSO only)", async () => {
    const agent = request.agent(rt.app);
    const { csrf } = await accountStep(agent, "/micloud/portal", "micloud", "pat@contoso.com");
    const signIn = await agent.post("/micloud/sign-on").type("form").send({
      _csrf: csrf,
      login: "pat@contoso.com",
      accountId: "password-micloud",
      step: "password",
      password: "a-long-password-1",
    });
    expect(signIn.status).toBe(303);
    const landing = await agent.get("/micloud/portal");
    expect(landing.text).toMatch(/<dt>Username<\/dt><dd><code data-login-name>pat@contoso\.com</);
    expect(landing.text).not.toContain("NameID");
    expect(landing.text).not.toContain("data-nameid");
    expect(landing.text).toContain("Mitel credentials (password)");
  });
});
