import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeAdminPath } from "../../src/http/admin/operator-session.js";
import { OperatorThrottle } from "../../src/http/admin/operator-throttle.js";
import { cookieFrom } from "../helpers/sso-flow.js";
import { createTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { csrfFrom, OPERATOR_PASSWORD, operatorAgent, pageText } from "./admin-support.js";

describe("operator sign-in", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime();
    await rt.ctx.accounts.create({ id: "acme", platform: "micloud", displayName: "Acme" });
  });
  afterAll(() => rt.dispose());

  it("every /admin page redirects to the sign-in page, keeping where the operator was going", async () => {
    for (const path of [
      "/admin",
      "/admin/accounts",
      "/admin/accounts/acme",
      "/admin/accounts/acme/settings",
      "/admin/accounts/acme/phone-system/add-on-features",
      "/admin/accounts/acme/sso",
      "/admin/accounts/acme/users",
      "/admin/accounts/acme/users/new",
      "/admin/accounts/acme/account-information",
      "/admin/accounts/acme/integrations/new",
    ]) {
      const res = await request(rt.app).get(path).redirects(0);
      expect(res.status, path).toBe(302);
      expect(res.headers.location, path).toBe(`/admin/sign-in?next=${encodeURIComponent(path)}`);
    }
  });

  it("a form posted without being signed in is redirected too (with a valid CSRF token)", async () => {
    const agent = request.agent(rt.app);
    const page = await agent.get("/admin/sign-in");
    const res = await agent
      .post("/admin/accounts")
      .type("form")
      .redirects(0)
      .send({ _csrf: csrfFrom(page.text), platform: "micloud", id: "sneaky", displayName: "Sneaky" });
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/admin\/sign-in\?next=/);
    expect(await rt.ctx.accounts.get("sneaky")).toBeUndefined();
  });

  it("shows the sign-in form with a CSRF token and the next path", async () => {
    const res = await request(rt.app).get("/admin/sign-in?next=%2Fadmin%2Faccounts%2Facme");
    expect(res.status).toBe(200);
    expect(res.text).toContain('<label for="password">Operator password</label>');
    expect(res.text).toContain('name="next" value="/admin/accounts/acme"');
    expect(res.text).toMatch(/name="_csrf" value="[^"]+"/);
  });

  it("refuses a sign-in without the CSRF token", async () => {
    const res = await request(rt.app)
      .post("/admin/sign-in")
      .type("form")
      .send({ password: OPERATOR_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain("CSRF_TOKEN_INVALID");
  });

  it("signs in with the operator password, changes the session id and follows next", async () => {
    const agent = request.agent(rt.app);
    const page = await agent.get("/admin/sign-in");
    const before = cookieFrom(page, "mms_session");
    const res = await agent
      .post("/admin/sign-in")
      .type("form")
      .redirects(0)
      .send({
        _csrf: csrfFrom(page.text),
        password: OPERATOR_PASSWORD,
        next: "/admin/accounts/acme/users?q=simon",
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/admin/accounts/acme/users?q=simon");
    const after = cookieFrom(res, "mms_session");
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect((await agent.get("/admin/accounts")).status).toBe(200);
    // Already signed in: the sign-in page sends the operator on.
    const again = await agent.get("/admin/sign-in").redirects(0);
    expect(again.status).toBe(303);
  });

  it("signs out", async () => {
    const agent = await operatorAgent(rt.app);
    const page = await agent.get("/admin/accounts");
    const res = await agent
      .post("/admin/sign-out")
      .type("form")
      .redirects(0)
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/admin/sign-in");
    expect((await agent.get("/admin/accounts").redirects(0)).status).toBe(302);
  });

  it("says when the password is wrong or missing, and how many attempts are left", async () => {
    const agent = request.agent(rt.app);
    const page = await agent.get("/admin/sign-in");
    const wrong = await agent
      .post("/admin/sign-in")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), password: "nope" });
    expect(wrong.status).toBe(401);
    expect(pageText(wrong.text)).toContain("That password is not right. 4 attempts left");
    const empty = await agent
      .post("/admin/sign-in")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), password: "" });
    expect(empty.status).toBe(400);
    expect(pageText(empty.text)).toContain("Enter the operator password.");
  });
});

describe("operator sign-in throttling", () => {
  let rt: TestRuntime;
  let now = Date.parse("2026-06-01T10:00:00Z");
  beforeAll(async () => {
    rt = await createTestRuntime();
    rt.ctx.now = () => now;
  });
  afterAll(() => rt.dispose());

  it("pauses sign-in for 15 minutes after 5 wrong passwords from one address, even for the right one", async () => {
    const agent = request.agent(rt.app);
    const token = csrfFrom((await agent.get("/admin/sign-in")).text);
    const attempt = (password: string) =>
      agent.post("/admin/sign-in").type("form").redirects(0).send({ _csrf: token, password });
    for (let i = 0; i < 4; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    const fifth = await attempt("wrong-4");
    expect(fifth.status).toBe(429);
    expect(fifth.headers["retry-after"]).toBe("900");
    expect(pageText(fifth.text)).toContain(
      "Too many wrong passwords from your address. Sign-in is paused for 15 minutes (until 10:15 UTC).",
    );
    expect((await attempt(OPERATOR_PASSWORD)).status).toBe(429);

    now += 15 * 60_000;
    expect((await attempt(OPERATOR_PASSWORD)).status).toBe(303);
  });
});

describe("OperatorThrottle", () => {
  let rt: TestRuntime;
  let t = 0;
  beforeAll(async () => {
    rt = await createTestRuntime();
  });
  afterAll(() => rt.dispose());
  const throttle = () =>
    new OperatorThrottle(rt.ctx.storage.rateCounters, () => t, { maxAttempts: 3, windowMs: 1000 });

  it("counts every attempt in a window that starts at the first one, and resets on success", async () => {
    const th = throttle();
    expect(await th.admit("a")).toEqual({ admitted: true, remaining: 2, retryAfterMs: 1000 });
    t = 400;
    expect(await th.admit("a")).toEqual({ admitted: true, remaining: 1, retryAfterMs: 600 });
    expect(await th.admit("a")).toEqual({ admitted: true, remaining: 0, retryAfterMs: 600 });
    expect(await th.admit("a")).toEqual({ admitted: false, remaining: 0, retryAfterMs: 600 });
    expect(await th.admit("b")).toMatchObject({ admitted: true, remaining: 2 });
    t = 1000;
    expect(await th.admit("a")).toEqual({ admitted: true, remaining: 2, retryAfterMs: 1000 });
    await th.recordSuccess("a");
    expect(await th.admit("a")).toMatchObject({ admitted: true, remaining: 2 });
  });

  it("is shared: a second throttle on the same storage (another worker) sees the same count", async () => {
    t = 10_000;
    const one = throttle();
    const two = throttle();
    await one.admit("c");
    await two.admit("c");
    expect(await one.admit("c")).toMatchObject({ admitted: true, remaining: 0 });
    expect(await two.admit("c")).toMatchObject({ admitted: false });
  });

  it("expired counters are deleted by housekeeping", async () => {
    t = 20_000;
    await throttle().admit("d");
    expect(await rt.ctx.storage.rateCounters.deleteExpired(t + 1000)).toBeGreaterThan(0);
    expect(await throttle().admit("d")).toMatchObject({ remaining: 2 });
  });
});

describe("safeAdminPath (the next parameter)", () => {
  it.each([
    ["/admin/accounts/acme", "/admin/accounts/acme"],
    ["/admin/accounts?x=1", "/admin/accounts?x=1"],
    ["/admin", "/admin"],
    ["//evil.example/admin", "/admin/accounts"],
    ["/admin\\..\\evil", "/admin/accounts"],
    ["https://evil.example/admin", "/admin/accounts"],
    ["/adminx/evil", "/admin/accounts"],
    ["/admin/../logout", "/admin/accounts"],
    ["/admin/sign-in?next=/admin", "/admin/accounts"],
    ["/somewhere", "/admin/accounts"],
    [undefined, "/admin/accounts"],
  ])("%s → %s", (input, expected) => {
    expect(safeAdminPath(input)).toBe(expected);
  });
});
