/**
 * The sign-in log shows the AuthnRequest next to the response it started (issue 14): the started
 * record keeps the SAMLRequest as sent; an ACS attempt's page and report show it decoded, with its
 * binding and whether it was signed. The ACS itself reads nothing more for it.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, createWiredAccount, type TestRuntime } from "../helpers/test-runtime.js";
import { decodeHtml } from "../unit/idp-simulator/simulator-harness.js";
import { type Agent, operatorAgent } from "./admin-support.js";
import { API_TOKEN, accountPaths, attemptSignIn } from "./diagnostics-helpers.js";

const ACCOUNT = accountPaths("micloud", "authn-request-log");
const LOG = `/admin/accounts/${ACCOUNT.id}/sign-ins`;

let rt: TestRuntime;
let admin: Agent;
let requestId = "";
let failureTrace = "";

beforeAll(async () => {
  rt = await createTestRuntime();
  await createWiredAccount(rt, { id: ACCOUNT.id, platform: "micloud" });
  admin = await operatorAgent(rt.app);
  // No such user: the attempt fails after the request was found, so both records exist.
  const attempt = await attemptSignIn(rt.app, ACCOUNT, { nameId: "nobody@contoso.com" });
  requestId = attempt.flow.request.id;
  failureTrace = attempt.body.error.traceId;
});
afterAll(() => rt.dispose());

describe("the AuthnRequest in the sign-in log", () => {
  it("the started record keeps the SAMLRequest as sent, bounded, with binding and signature", async () => {
    const [started] = await rt.ctx.signIns.search({ accountId: ACCOUNT.id, outcome: "started", limit: 1 });
    const sent = started?.details.authnRequest as Record<string, unknown>;
    expect(sent).toMatchObject({ binding: "HTTP-Redirect", signed: false, sigAlg: null });
    expect(typeof sent.samlRequest).toBe("string");
    expect((sent.samlRequest as string).length).toBeLessThan(2048);
    expect(String(sent.destination)).not.toContain("?");
  });

  it("an ACS attempt's page shows the request that started it, decoded, next to the response", async () => {
    const page = await admin.get(`${LOG}/${failureTrace}`);
    expect(page.status).toBe(200);
    const html = decodeHtml(page.text);
    expect(html).toContain("data-authn-request");
    expect(html).toContain("data-authn-request-binding>HTTP-Redirect<");
    expect(html).toContain('data-authn-request-signed="no"');
    expect(html).toMatch(new RegExp(`<samlp:AuthnRequest[^>]*ID="${requestId}"`));
    // Shown before the response XML.
    expect(html.indexOf("data-authn-request")).toBeLessThan(html.indexOf('id="response-xml"'));
  });

  it("the API's sign-in detail carries it too", async () => {
    const res = await request(rt.app)
      .get(`/api/v1/accounts/${ACCOUNT.id}/sign-ins/${failureTrace}`)
      .set("Authorization", `Bearer ${API_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body.authnRequest).toMatchObject({ binding: "HTTP-Redirect", signed: false, sigAlg: null });
    expect(res.body.authnRequest.xml).toContain(`ID="${requestId}"`);
  });

  it("the report names the request; its XML only when the XML is asked for", async () => {
    const plain = await admin.get(`${LOG}/${failureTrace}/report.md`);
    expect(plain.text).toContain("## AuthnRequest");
    expect(plain.text).toContain("HTTP-Redirect binding");
    expect(plain.text).toContain("not signed");
    expect(plain.text).not.toContain("## AuthnRequest XML");
    const withXml = await admin.get(`${LOG}/${failureTrace}/report.md?xml=1`);
    expect(withXml.text).toContain("## AuthnRequest XML");
    expect(withXml.text).toContain(`ID="${requestId}"`);
    const json = JSON.parse((await admin.get(`${LOG}/${failureTrace}/report.json`)).text);
    expect(json.authnRequest).toMatchObject({ binding: "HTTP-Redirect", signed: false });
    expect(json.authnRequest.xml).toBeUndefined();
  });
});
