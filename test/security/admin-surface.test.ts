import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretsEqual, verifyPassword } from "../../src/security/passwords.js";
import { cookieFrom } from "../helpers/sso-flow.js";
import { createTestRuntime, createWiredAccount, type TestRuntime } from "../helpers/test-runtime.js";
import { type RegisteredRoute, registeredRoutes } from "./support/routes.js";

/**
 * The operator console (/admin) and the JSON API (/api/v1): every route that exists refuses an
 * unauthenticated request, state-changing forms need a CSRF token, the API needs the bearer
 * token, the operator password is stored hashed and its sign-in is throttled.
 */
const PASSWORD = "operator-password-1";
const TOKEN = "test-admin-token-0123456789abcdef";
const PUBLIC_ADMIN = new Set(["/admin/sign-in", "/admin/sign-out"]);
/** The OpenAPI document: describes the API, holds no data (checked below). */
const PUBLIC_API = new Set(["/api/v1/openapi.json"]);

let rt: TestRuntime;
let adminRoutes: RegisteredRoute[];
let apiRoutes: RegisteredRoute[];

beforeAll(async () => {
  rt = await createTestRuntime();
  await createWiredAccount(rt, { id: "probe-x", platform: "micloud" });
  const all = registeredRoutes(rt.app);
  adminRoutes = all.filter((r) => r.pattern.startsWith("/admin") && !PUBLIC_ADMIN.has(r.pattern));
  apiRoutes = all.filter((r) => r.pattern.startsWith("/api/v1") && !PUBLIC_API.has(r.pattern));
  expect(all.filter((r) => PUBLIC_API.has(r.pattern)).map((r) => r.method)).toEqual(["GET"]);
});
afterAll(() => rt.dispose());

const csrfFrom = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
const send = (
  agent: ReturnType<typeof request.agent> | ReturnType<typeof request>,
  route: RegisteredRoute,
) => {
  const method = route.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
  return agent[method](route.path).redirects(0);
};

/** A browser whose session has a CSRF token but no operator: tells "no auth" apart from "no token". */
async function anonymousWithToken() {
  const agent = request.agent(rt.app);
  const page = await agent.get("/admin/sign-in");
  return { agent, token: csrfFrom(page.text) };
}

async function signedInOperator() {
  const { agent, token } = await anonymousWithToken();
  const res = await agent
    .post("/admin/sign-in")
    .type("form")
    .send({ _csrf: token, password: PASSWORD })
    .redirects(0);
  expect(res.status).toBe(303);
  const page = await agent.get("/admin/accounts");
  return { agent, token: csrfFrom(page.text) || token };
}

describe("the route walk finds the console and the API", () => {
  it("lists the routes that exist (so the checks below are not vacuous)", () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(1);
    expect(apiRoutes.length).toBeGreaterThanOrEqual(1);
    expect(adminRoutes.some((r) => r.method === "GET")).toBe(true);
  });
});

describe("every /admin route refuses an unauthenticated request", () => {
  it("GET pages redirect a browser to /admin/sign-in (302) with where it was going", async () => {
    for (const route of adminRoutes.filter((r) => r.method === "GET")) {
      const res = await send(request(rt.app), route).set("Accept", "text/html");
      expect(res.status, `${route.method} ${route.pattern}`).toBe(302);
      expect(res.headers.location, route.pattern).toMatch(/^\/admin\/sign-in\?next=/);
    }
  });

  it("GET pages answer 401 to a JSON client", async () => {
    for (const route of adminRoutes.filter((r) => r.method === "GET")) {
      const res = await send(request(rt.app), route).set("Accept", "application/json");
      expect(res.status, `${route.method} ${route.pattern}`).toBe(401);
    }
  });

  it("state-changing routes refuse a request without a CSRF token (403)", async () => {
    for (const route of adminRoutes.filter((r) => r.method !== "GET")) {
      const res = await send(request(rt.app), route).type("form").send({});
      expect(res.status, `${route.method} ${route.pattern}`).toBe(403);
    }
  });

  it("state-changing routes refuse a valid CSRF token without an operator session (302 to sign-in)", async () => {
    const { agent, token } = await anonymousWithToken();
    for (const route of adminRoutes.filter((r) => r.method !== "GET")) {
      const res = await send(agent, route).type("form").set("Accept", "text/html").send({ _csrf: token });
      expect(res.status, `${route.method} ${route.pattern}`).toBe(302);
      expect(res.headers.location).toMatch(/^\/admin\/sign-in/);
    }
  });

  it("unknown /admin paths are refused the same way (no route enumeration)", async () => {
    const res = await request(rt.app).get("/admin/no-such-page").redirects(0);
    expect(res.status).toBe(302);
  });
});

describe("every /api/v1 route refuses a request without the bearer token", () => {
  const badAuth = [
    ["no Authorization header", undefined],
    ["a wrong token of the same length", `Bearer ${"x".repeat(TOKEN.length)}`],
    ["a wrong token of another length", "Bearer short"],
    ["the token as Basic credentials", `Basic ${Buffer.from(`admin:${TOKEN}`).toString("base64")}`],
    ["the operator password as the token", `Bearer ${PASSWORD}`],
  ] as const;

  it.each(badAuth)("%s → 401 with WWW-Authenticate", async (_label, header) => {
    for (const route of [...apiRoutes, { method: "GET", pattern: "/api/v1/nope", path: "/api/v1/nope" }]) {
      let req = send(request(rt.app), route).set("Accept", "application/json");
      if (header) req = req.set("Authorization", header);
      const res = await req.send({});
      expect(res.status, `${route.method} ${route.pattern}`).toBe(401);
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    }
  });

  it("an operator session is not an API credential", async () => {
    const { agent } = await signedInOperator();
    for (const route of apiRoutes.filter((r) => r.method === "GET")) {
      const res = await send(agent, route).set("Accept", "application/json");
      expect(res.status, route.pattern).toBe(401);
    }
  });

  it("the one public route, the OpenAPI document, holds no data of the instance", async () => {
    const res = await request(rt.app).get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.text).not.toContain("probe-x");
    expect(res.text).not.toContain(TOKEN);
  });

  it("control: the right token gets through", async () => {
    const res = await request(rt.app).get("/api/v1/accounts").set("Authorization", `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
  });
});

describe("CSRF on state-changing forms, for a signed-in operator too", () => {
  it("a POST without the token is refused (403) even with the operator's session", async () => {
    const { agent } = await signedInOperator();
    for (const route of adminRoutes.filter((r) => r.method !== "GET")) {
      const res = await send(agent, route).type("form").send({});
      expect(res.status, `${route.method} ${route.pattern}`).toBe(403);
    }
  });

  it("a POST with another session's token is refused (403)", async () => {
    const { agent } = await signedInOperator();
    const { token: foreign } = await anonymousWithToken();
    const res = await agent
      .post("/admin/accounts")
      .type("form")
      .send({ _csrf: foreign, id: "csrf-probe" })
      .redirects(0);
    expect(res.status).toBe(403);
    expect(await rt.ctx.accounts.get("csrf-probe")).toBeUndefined();
  });

  it("the sign-on form (public) needs its token too", async () => {
    const res = await request(rt.app)
      .post("/micloud/sign-on")
      .type("form")
      .send({ step: "next", login: "x@contoso.com" });
    expect(res.status).toBe(403);
  });
});

describe("operator credentials", () => {
  it("the operator password is stored as an scrypt hash, never in clear", async () => {
    expect(rt.ctx.secrets.adminPasswordHash).toMatch(/^scrypt\$/);
    expect(rt.ctx.secrets.adminPasswordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, rt.ctx.secrets.adminPasswordHash)).toBe(true);
    const stored = await rt.ctx.storage.keyValues.listByPrefix("");
    for (const { value } of stored) expect(value).not.toContain(PASSWORD);
  });

  it("tokens are compared by secretsEqual: equal only for identical strings, whatever the lengths", () => {
    expect(secretsEqual(TOKEN, TOKEN)).toBe(true);
    expect(secretsEqual(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(secretsEqual(TOKEN, TOKEN.slice(0, -1))).toBe(false);
    expect(secretsEqual(TOKEN, "")).toBe(false);
    expect(secretsEqual("ü", "u\u0308")).toBe(false);
  });

  it("the session id changes at operator sign-in (fixation)", async () => {
    // The attacker gets a session from the sign-in page and plants its cookie in the victim's browser.
    const page = await request(rt.app).get("/admin/sign-in");
    const planted = cookieFrom(page, "mms_session") as string;
    expect(planted).toBeTruthy();
    const res = await request(rt.app)
      .post("/admin/sign-in")
      .set("Cookie", planted)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), password: PASSWORD })
      .redirects(0);
    expect(res.status).toBe(303);
    const issued = cookieFrom(res, "mms_session");
    expect(issued).toBeTruthy();
    expect(issued).not.toBe(planted);
    const reuse = await request(rt.app).get("/admin/accounts").set("Cookie", planted).redirects(0);
    expect(reuse.status).toBe(302);
    const victim = await request(rt.app)
      .get("/admin/accounts")
      .set("Cookie", issued as string)
      .redirects(0);
    expect(victim.status).toBe(200);
  });

  it("sign-in is throttled: after repeated wrong passwords even the right one waits (429, Retry-After)", async () => {
    const fresh = await createTestRuntime();
    try {
      const agent = request.agent(fresh.app);
      const token = csrfFrom((await agent.get("/admin/sign-in")).text);
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await agent
          .post("/admin/sign-in")
          .type("form")
          .send({ _csrf: token, password: `wrong-password-${i}` });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 4).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      const right = await agent
        .post("/admin/sign-in")
        .type("form")
        .send({ _csrf: token, password: PASSWORD })
        .redirects(0);
      expect(right.status).toBe(429);
      expect(Number(right.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await fresh.dispose();
    }
  });
});
