import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIO_IDS } from "../../src/rehearsal/scenarios.js";
import { createTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { type Agent, csrfFrom, operatorAgent, pageText, postForm } from "./admin-support.js";

/**
 * The rehearsal page's forms: CSRF-protected, bad input answered 400 naming the field (never a
 * 500), and "Put things back" restoring exactly what each scenario changed on both sides (the
 * account's SSO settings, the user's status, the simulator's stored application).
 */
const ACCOUNT = "contoso-micloud";
const PAGE = `/admin/accounts/${ACCOUNT}/rehearsal`;

let rt: TestRuntime;
let agent: Agent;
let userId: string;

beforeAll(async () => {
  rt = await createTestRuntime({ simulator: true, seeds: ["config/seeds/demo-accounts.yaml"] });
  agent = await operatorAgent(rt.app);
  const page = await agent.get(PAGE);
  userId = page.text.match(/<option value="([^"]+)"[^>]*>B\.Simon@contoso\.com/)?.[1] ?? "";
  expect(userId).not.toBe("");
});
afterAll(() => rt?.dispose());

/** Everything a scenario may touch, as stored. */
async function bothSides() {
  const account = await rt.ctx.accounts.require(ACCOUNT);
  const user = await rt.ctx.directory.get(ACCOUNT, userId);
  const simulatorApp = await rt.ctx.simulator?.save(ACCOUNT);
  return { sso: account.sso, status: user?.status, simulatorApp };
}

describe("rehearsal page", () => {
  it("lists every scenario with a Set up button, and the users of the account", async () => {
    const res = await agent.get(PAGE);
    expect(res.status).toBe(200);
    for (const id of SCENARIO_IDS) expect(res.text).toContain(`data-scenario="${id}"`);
    expect(pageText(res.text)).toContain("Rehearse failures");
  });

  it("refuses a form without its CSRF token (403) and changes nothing", async () => {
    const before = await bothSides();
    const res = await agent.post(PAGE).type("form").send({ scenario: "sso-disabled", user: userId });
    expect(res.status).toBe(403);
    expect(await bothSides()).toEqual(before);
  });

  it.each([
    ["an unknown scenario", { scenario: "no-such-scenario" }, "scenario"],
    ["no scenario", { scenario: "" }, "scenario"],
    ["a user of no account", { user: "nobody" }, "user"],
    ["a scenario given twice", { scenario: ["sso-disabled", "clock-skew"] }, "scenario"],
  ])("answers %s with 400 naming the field, changing nothing", async (_what, fields, field) => {
    const before = await bothSides();
    const page = await agent.get(PAGE);
    const res = await agent
      .post(PAGE)
      .type("form")
      .redirects(0)
      .send({ _csrf: csrfFrom(page.text), scenario: "sso-disabled", user: userId, ...fields });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`data-field="${field}"`);
    expect(await bothSides()).toEqual(before);
  });

  it("an account without an application in the simulator: unavailable, Set up refused with 400", async () => {
    await rt.ctx.accounts.create({ id: "not-wired", platform: "cloudlink", displayName: "Not wired" });
    const path = "/admin/accounts/not-wired/rehearsal";
    const page = await agent.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain("data-rehearsal-unavailable");
    const res = await postForm(agent, path, path, { scenario: "sso-disabled", user: "x" });
    expect(res.status).toBe(400);
    expect(res.text).toContain('data-field="simulator"');
  });

  it("answers 404 for an account that does not exist", async () => {
    const res = await agent.get("/admin/accounts/no-such-account/rehearsal");
    expect(res.status).toBe(404);
  });

  it.each(SCENARIO_IDS)(
    "%s: Set up changes the stored state, Put things back restores it exactly",
    async (id) => {
      const before = await bothSides();
      const set = await postForm(agent, PAGE, PAGE, { scenario: id, user: userId });
      expect(set.status).toBe(303);
      const during = await bothSides();
      expect(during).not.toEqual(before);
      const shown = await agent.get(PAGE);
      expect(shown.text).toContain(`data-rehearsal-current="${id}"`);

      const back = await postForm(agent, PAGE, `${PAGE}/restore`, {});
      expect(back.status).toBe(303);
      expect(await bothSides()).toEqual(before);
      expect((await agent.get(PAGE)).text).not.toContain("data-rehearsal-current");
    },
  );

  it("a second scenario first puts the first one back: they never pile up", async () => {
    const before = await bothSides();
    await postForm(agent, PAGE, PAGE, { scenario: "sso-disabled", user: userId });
    await postForm(agent, PAGE, PAGE, { scenario: "clock-skew", user: userId });
    const during = await bothSides();
    expect(during.sso).toEqual(before.sso);
    await postForm(agent, PAGE, `${PAGE}/restore`, {});
    expect(await bothSides()).toEqual(before);
    const nothing = await postForm(agent, PAGE, `${PAGE}/restore`, {});
    expect(nothing.status).toBe(303);
  });
});

describe("rehearsal page without the simulator", () => {
  let off: TestRuntime;
  beforeAll(async () => {
    off = await createTestRuntime({ simulator: false });
    await off.ctx.accounts.create({ id: "plain", platform: "micloud", displayName: "Plain" });
  });
  afterAll(() => off?.dispose());

  it("says rehearsals are unavailable and refuses Set up with 400", async () => {
    const offAgent = await operatorAgent(off.app);
    const page = await offAgent.get("/admin/accounts/plain/rehearsal");
    expect(page.status).toBe(200);
    expect(page.text).toContain("data-rehearsal-unavailable");
    const res = await postForm(
      offAgent,
      "/admin/accounts/plain/rehearsal",
      "/admin/accounts/plain/rehearsal",
      {
        scenario: "sso-disabled",
        user: "x",
      },
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('data-field="simulator"');
  });
});
