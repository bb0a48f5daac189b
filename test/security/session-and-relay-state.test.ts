import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeLandingPath } from "../../src/http/relay-state.js";
import { platformOf } from "../../src/platforms/index.js";
import { cookieFrom, startSsoLogin } from "../helpers/sso-flow.js";
import {
  type AttackTarget,
  createAttackTarget,
  postResponse,
  signedFor,
  signedInNameIds,
  startLogin,
  VICTIM,
} from "./support/acs-harness.js";

let target: AttackTarget;
beforeAll(async () => {
  target = await createAttackTarget();
});
afterAll(() => target.rt.dispose());

const micloud = platformOf("micloud");
const HOME = "/micloud/portal";

describe("RelayState: only same-origin paths are followed", () => {
  it.each([
    ["https://evil.example/", HOME],
    ["http://localhost:3999.evil.example/", HOME],
    ["//evil.example/path", HOME],
    ["///evil.example", HOME],
    ["/\\evil.example", HOME],
    ["\\\\evil.example", HOME],
    ["/..//evil.example", HOME],
    ["/.//evil.example", HOME],
    ["/%2e%2e//evil.example", HOME],
    ["javascript:alert(1)", HOME],
    ["/micloud/portal\r\nLocation: https://evil.example", HOME],
    ["/\tevil", HOME],
    ["", HOME],
    ["x".repeat(600), HOME],
    ["/micloud/teamwork", "/micloud/teamwork"],
    ["/micloud/teamwork?tab=calls", "/micloud/teamwork?tab=calls"],
    ["/micloud/teamwork#fragment", "/micloud/teamwork"],
  ])("%j → %s", (value, expected) => {
    expect(safeLandingPath(value, micloud)).toBe(expected);
  });

  it.each(["https://evil.example/", "//evil.example", "/\\evil.example", "/..//evil.example"])(
    "RelayState %j at the login URL lands on the app's home page after sign-in",
    async (relayState) => {
      const login = await startSsoLogin(
        target.rt.app,
        `/micloud/${target.accountId}/saml/login?RelayState=${encodeURIComponent(relayState)}`,
      );
      expect(login.request.relayState).toBe(HOME);
      const outcome = await postResponse(target, login, signedFor(target, login), { relayState });
      expect(outcome.status).toBe(303);
      expect(outcome.location).toBe(HOME);
      expect(outcome.signedInAs).toEqual([VICTIM]);
    },
  );

  it("a RelayState posted to the ACS is ignored: the one stored with the request decides", async () => {
    const login = await startLogin(target);
    const outcome = await postResponse(target, login, signedFor(target, login), {
      relayState: "https://evil.example/",
    });
    expect(outcome.status).toBe(303);
    expect(outcome.location).toBe(HOME);
  });
});

describe("session fixation", () => {
  it("the session id changes at sign-in, and the id from before signs nobody in", async () => {
    const agent = request.agent(target.rt.app);
    const before = cookieFrom(await agent.get(HOME), "mms_session");
    expect(before).toBeTruthy();

    const login = await startSsoLogin(target.rt.app, `${HOME}?account=${target.accountId}`, agent);
    const outcome = await postResponse(target, login, signedFor(target, login));
    expect(outcome.signedInAs).toEqual([VICTIM]);
    expect(outcome.session).toBeTruthy();
    expect(outcome.session).not.toBe(before);

    // An attacker who planted (or read) the pre-login cookie gets nothing from it.
    const planted = await request(target.rt.app)
      .get(HOME)
      .set("Cookie", before as string);
    expect(planted.text).not.toMatch(/data-nameid/);
  });

  it("the session cookie is HttpOnly and SameSite=Lax, and not Secure over plain http", async () => {
    const res = await request(target.rt.app).get(HOME);
    const cookie = ((res.headers["set-cookie"] as unknown as string[]) ?? []).find((c) =>
      c.startsWith("mms_session="),
    );
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it("signing out destroys the session on the server, not only the cookie", async () => {
    const login = await startLogin(target);
    const outcome = await postResponse(target, login, signedFor(target, login));
    const session = outcome.session as string;
    expect((await request(target.rt.app).get(HOME).set("Cookie", session)).text).toMatch(/data-nameid/);
    await login.agent.post("/logout");
    expect(await signedInNameIds(target, login.agent)).toEqual([]);
    const reused = await request(target.rt.app).get(HOME).set("Cookie", session);
    expect(reused.text).not.toMatch(/data-nameid/);
  });
});
