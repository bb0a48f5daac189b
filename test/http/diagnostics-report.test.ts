import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, createWiredAccount, type TestRuntime } from "../helpers/test-runtime.js";
import { type Agent, operatorAgent } from "./admin-support.js";
import { accountPaths, attemptSignIn } from "./diagnostics-helpers.js";

const ACCOUNT = accountPaths("micloud", "report-micloud");
const LOG = `/admin/accounts/${ACCOUNT.id}/sign-ins`;
const USER_AGENT = "Mozilla/5.0 (ReportTest; Personal Laptop of Brian)";

let rt: TestRuntime;
let admin: Agent;
let traceId = "";

beforeAll(async () => {
  rt = await createTestRuntime();
  const { account } = await createWiredAccount(rt, { id: ACCOUNT.id, platform: "micloud" });
  await rt.ctx.directory.create(account, {
    name: "Brian Smith",
    email: "Brian.Smith@contoso.com",
    username: "bsmith",
    status: "active",
  });
  admin = await operatorAgent(rt.app);
  // MiCloud matches Username: the NameID is Brian's email, a near-miss that names him.
  await attemptSignIn(rt.app, ACCOUNT, { nameId: "Brian.Smith@contoso.com" });
  const [record] = await rt.ctx.signIns.search({ accountId: ACCOUNT.id, outcome: "failure", limit: 1 });
  traceId = record?.traceId ?? "";
  // Store the user agent a browser would have sent (supertest sends none by default).
  await rt.ctx.storage.signIns.update(ACCOUNT.id, traceId, {
    details: { ...(record?.details ?? {}), client: { ip: "203.0.113.7", userAgent: USER_AGENT } },
  });
});
afterAll(() => rt.dispose());

const PERSONAL = [
  "Brian.Smith@contoso.com",
  "Brian Smith",
  "bsmith",
  "203.0.113.7",
  USER_AGENT,
  "0c7a1e3e-5b8e-4a43-9f7f-4a9c2a1d0e11",
  "Britta",
];

describe("the shareable report redacts claim values and the XML unless asked", () => {
  it("JSON, by default: the diagnosis without personal data or XML", async () => {
    const res = await admin.get(`${LOG}/${traceId}/report.json`);
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toContain(`sign-in-${traceId}.json`);
    const text = res.text;
    for (const value of PERSONAL) expect(text, value).not.toContain(value);
    const report = JSON.parse(text) as Record<string, unknown> & {
      redacted: { claimValues: boolean; xml: boolean };
      code: string;
      nameId: string;
      fix: string;
      response: { claims: Array<{ name: string; values: string[] }> };
      signature: { keyInfoCertificate: { sha1Thumbprint: string } };
      hints: string[];
    };
    expect(report.redacted).toEqual({ claimValues: true, xml: true });
    expect(report.code).toBe("USER_NOT_FOUND");
    expect(report.nameId).toBe("[redacted]");
    expect(report.response.claims.length).toBeGreaterThan(5);
    expect(report.response.claims.every((c) => c.values.every((v) => v === "[redacted]"))).toBe(true);
    expect(report.signature.keyInfoCertificate.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(report.hints.join(" ")).toContain("MiCloud Connect matches the NameID against Username");
    expect(report.fix).toContain("Username");
    expect("samlResponse" in report).toBe(false);
    expect("xml" in report).toBe(false);
    // The tenant is not personal: the issuer stays readable.
    expect(text).toContain("https://sts.windows.net/");
  });

  it("Markdown, by default: the same redaction", async () => {
    const res = await admin.get(`${LOG}/${traceId}/report.md`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/markdown/);
    for (const value of PERSONAL) expect(res.text, value).not.toContain(value);
    expect(res.text).toContain(`# Sign-in ${traceId}: USER_NOT_FOUND`);
    expect(res.text).toContain("## Checks");
    expect(res.text).toContain("[redacted]");
    expect(res.text).toContain("Claim values redacted; raw XML not included.");
    expect(res.text).not.toContain("````xml");
  });

  it("with claim values and XML chosen: both included", async () => {
    const json = await admin.get(`${LOG}/${traceId}/report.json?claims=1&xml=1`);
    const report = JSON.parse(json.text) as {
      redacted: unknown;
      nameId: string;
      samlResponse: string;
      xml: string;
      client: { ip: string };
    };
    expect(report.redacted).toEqual({ claimValues: false, xml: false });
    expect(report.nameId).toBe("Brian.Smith@contoso.com");
    expect(report.client.ip).toBe("203.0.113.7");
    expect(report.samlResponse.length).toBeGreaterThan(1000);
    expect(report.xml).toContain("<samlp:Response");
    const md = await admin.get(`${LOG}/${traceId}/report.md?claims=1&xml=1`);
    expect(md.text).toContain("Brian Smith");
    expect(md.text).toContain("````xml");
  });

  it("claim values without the XML", async () => {
    const res = await admin.get(`${LOG}/${traceId}/report.json?claims=1`);
    const report = JSON.parse(res.text) as Record<string, unknown>;
    expect(res.text).toContain("Brian.Smith@contoso.com");
    expect("xml" in report).toBe(false);
  });
});
