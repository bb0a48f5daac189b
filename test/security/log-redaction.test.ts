import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../../src/composition.js";
import { loadConfig } from "../../src/config/load-config.js";
import { createLogger, redactUrl, scrubSensitive } from "../../src/log.js";
import { TEST_PUBLIC_URL } from "../helpers/test-runtime.js";
import { createAttackTarget, postResponse, signedFor, startLogin } from "./support/acs-harness.js";

/**
 * Logs carry no SAMLResponse, cookie, password or token, whether a line is written by our code,
 * by pino-http for a request, or by the error handler. The whole service runs here with a logger
 * writing into a string, at debug level so that every line there is gets written.
 */
class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

const PASSWORD = "operator-password-1";
const TOKEN = "test-admin-token-0123456789abcdef";

describe("createLogger redacts sensitive keys at any depth used in the code", () => {
  it.each([
    ["SAMLResponse", { SAMLResponse: "PHNhbWxwOlJlc3BvbnNl" }],
    ["nested samlResponse", { record: { samlResponse: "PHNhbWxwOlJlc3BvbnNl" } }],
    ["password", { body: { password: "hunter2-secret" } }],
    ["token", { auth: { token: "tok-secret-value" } }],
    ["cookie header", { req: { headers: { cookie: "mms_session=s%3Asecret" } } }],
    ["authorization header", { req: { headers: { authorization: "Bearer tok-secret-value" } } }],
    ["set-cookie", { res: { headers: { "set-cookie": ["mms_session=s%3Asecret"] } } }],
    ["session secret", { secrets: { sessionSecret: "session-secret-value" } }],
    [
      "raw body on a parser error",
      { err: Object.assign(new Error("bad"), { body: "SAMLResponse=PHNhbWxwOlJlc3BvbnNl" }) },
    ],
  ])("%s", (_label, object) => {
    const out = new Capture();
    createLogger("info", out).info(object, "a line");
    expect(out.text).toContain("[redacted]");
    for (const secret of [
      "PHNhbWxwOlJlc3BvbnNl",
      "hunter2-secret",
      "tok-secret-value",
      "s%3Asecret",
      "session-secret-value",
    ]) {
      expect(out.text).not.toContain(secret);
    }
  });

  it("URLs keep their path and harmless parameters, not SAML messages or tokens", () => {
    expect(redactUrl("/micloud/a/saml/acs?SAMLResponse=PHN4&x=1")).toBe(
      "/micloud/a/saml/acs?SAMLResponse=[redacted]&x=1",
    );
    expect(redactUrl("/x?SAMLRequest=abc&RelayState=%2Fmicloud%2Fportal")).toBe(
      "/x?SAMLRequest=[redacted]&RelayState=%2Fmicloud%2Fportal",
    );
    expect(redactUrl("/x?token=t&%5Fcsrf=c")).toBe("/x?token=[redacted]&%5Fcsrf=[redacted]");
    expect(redactUrl("/micloud/a/saml/complete?ticket=abc")).toBe(
      "/micloud/a/saml/complete?ticket=[redacted]",
    );
    expect(redactUrl("/healthz")).toBe("/healthz");
  });
});

describe("the running service's log", () => {
  const out = new Capture();
  let runtime: Runtime;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mms-logs-"));
    const config = loadConfig({
      env: {},
      overrides: {
        server: { publicUrl: TEST_PUBLIC_URL, port: 0 },
        storage: { dataDir },
        simulator: { enabled: false },
        admin: { password: PASSWORD, token: TOKEN },
        seeds: [],
        log: { level: "debug" },
      },
    });
    runtime = await createRuntime(config, { logger: createLogger("debug", out), backgroundJobs: false });
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("holds no SAMLResponse, cookie, password or token after sign-ins, failures and admin calls", async () => {
    const target = await createAttackTarget({ rt: { ...runtime, dataDir, dispose: async () => undefined } });
    const secrets: string[] = [PASSWORD, TOKEN];

    const login = await startLogin(target);
    const response = signedFor(target, login);
    secrets.push(response.base64, login.binding?.split("=")[1] ?? "binding");
    expect((await postResponse(target, login, response)).status).toBe(303);
    expect((await postResponse(target, login, response)).status).toBe(400);

    const failing = await startLogin(target);
    const refused = signedFor(target, failing, { nameId: "nobody@contoso.com" });
    secrets.push(refused.base64);
    await postResponse(target, failing, refused);

    const inQuery = signedFor(target, null).base64;
    secrets.push(inQuery);
    await request(runtime.app)
      .post(`${target.acsPath}?SAMLResponse=${encodeURIComponent(inQuery)}`)
      .type("form")
      .send({});
    await request(runtime.app)
      .post(target.acsPath)
      .set("Content-Type", "application/json")
      .send('{"SAMLResponse": "PHNhbWxwOlJlc3BvbnNl", broken');
    secrets.push("PHNhbWxwOlJlc3BvbnNl");

    const agent = request.agent(runtime.app);
    const page = await agent.get("/admin/sign-in");
    const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    secrets.push(csrf);
    await agent.post("/admin/sign-in").type("form").send({ _csrf: csrf, password: "wrong-password-guess" });
    secrets.push("wrong-password-guess");
    const signedIn = await agent
      .post("/admin/sign-in")
      .type("form")
      .send({ _csrf: csrf, password: PASSWORD })
      .redirects(0);
    const sessionCookie = (signedIn.headers["set-cookie"] as unknown as string[] | undefined)?.[0]
      ?.split(";")[0]
      ?.split("=")[1];
    if (sessionCookie) secrets.push(sessionCookie);
    await request(runtime.app).get("/api/v1/accounts").set("Authorization", `Bearer ${TOKEN}`);
    await request(runtime.app).get("/api/v1/accounts").set("Authorization", "Bearer wrong-token-value-xyz");
    secrets.push("wrong-token-value-xyz");

    expect(out.text.length).toBeGreaterThan(1000);
    // The one-time sign-in ticket travels in a URL; the request log shows it redacted.
    expect(out.text).toContain("/saml/complete?ticket=[redacted]");
    expect(out.text).not.toMatch(/ticket=(?!\[redacted\])/);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(out.text, `the log contains ${secret.slice(0, 24)}…`).not.toContain(secret);
    }
  });
});

describe("scrubbing costs nothing when there is nothing to scrub", () => {
  it("returns the very same object for a line without sensitive keys, a censored copy otherwise", () => {
    const clean = { traceId: "T1", account: "contoso", nested: { list: [1, { a: "b" }] } };
    expect(scrubSensitive(clean)).toBe(clean);
    const dirty = { account: "contoso", nested: { list: [{ Password: "hunter2-secret" }] } };
    expect(scrubSensitive(dirty)).toEqual({
      account: "contoso",
      nested: { list: [{ Password: "[redacted]" }] },
    });
    // The caller's object is not changed.
    expect(dirty.nested.list[0]?.Password).toBe("hunter2-secret");
  });

  it("censors the raw body of an error nested anywhere, keeping its message", () => {
    const err = Object.assign(new Error("request entity too large"), { body: "SAMLResponse=PHNh" });
    const out = new Capture();
    createLogger("info", out).info({ during: { err } }, "a line");
    expect(out.text).toContain("request entity too large");
    expect(out.text).not.toContain("PHNh");
  });
});
