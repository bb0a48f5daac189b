import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postToAcs, startSsoLogin } from "../helpers/sso-flow.js";
import { signTestResponse, type TestResponseOptions } from "../helpers/test-idp.js";
import {
  createTestRuntime,
  createWiredAccount,
  TEST_PUBLIC_URL,
  type TestRuntime,
} from "../helpers/test-runtime.js";

const ACCOUNT = "fail-micloud";
const ACS = `/micloud/${ACCOUNT}/saml/acs`;
const REPLY_URL = `${TEST_PUBLIC_URL}${ACS}`;
const ENTITY_ID = `${TEST_PUBLIC_URL}/micloud/${ACCOUNT}/saml/metadata`;

let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  const { account } = await createWiredAccount(rt, { id: ACCOUNT, platform: "micloud" });
  await rt.ctx.directory.create(account, {
    name: "Pending Person",
    email: "pending@contoso.com",
    status: "pending",
  });
  await createWiredAccount(rt, { id: "off-micloud", platform: "micloud", sso: { enabled: false } });
  await rt.ctx.accounts.create({
    id: "bare-cloudlink",
    platform: "cloudlink",
    displayName: "Not configured",
  });
  await rt.ctx.accounts.update("bare-cloudlink", { sso: { enabled: true } });
});
afterAll(() => rt.dispose());

/** Starts a login in a fresh browser, signs a response with these overrides, posts it. */
async function attempt(overrides: Partial<TestResponseOptions> = {}, accept = "application/json") {
  const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${ACCOUNT}`);
  const response = signTestResponse({
    replyUrl: REPLY_URL,
    audience: ENTITY_ID,
    inResponseTo: flow.request.id,
    ...overrides,
  });
  const res = await postToAcs(flow.agent, ACS, response.base64, { binding: flow.binding, accept });
  return { res, flow, response };
}

const codeOf = (res: request.Response) => (res.body as { error?: { code?: string } }).error?.code;

describe("ACS failures: one per code, each a clear 4xx with the code, never a session", () => {
  it.each<[string, Partial<TestResponseOptions>, number]>([
    ["ISSUER_MISMATCH", { issuer: "https://sts.windows.net/00000000-0000-0000-0000-000000000000/" }, 400],
    ["AUDIENCE_MISMATCH", { audience: `${ENTITY_ID}/` }, 400],
    ["DESTINATION_MISMATCH", { destination: `${REPLY_URL}x` }, 400],
    ["RECIPIENT_MISMATCH", { recipient: "https://other.example.com/acs" }, 400],
    ["ASSERTION_EXPIRED", { now: new Date(Date.now() - 3 * 3600_000) }, 400],
    ["ASSERTION_NOT_YET_VALID", { validityOffsetMinutes: { notBefore: 30, notOnOrAfter: 90 } }, 400],
    ["SIGNATURE_MISSING", { signing: { mode: "none" } }, 400],
    ["SIGNATURE_MISSING", { signing: { mode: "response" } }, 400],
    ["WEAK_SIGNATURE_ALGORITHM", { signing: { algorithm: "sha1" } }, 400],
    [
      "IDP_ERROR_STATUS",
      {
        status: {
          code: "urn:oasis:names:tc:SAML:2.0:status:Requester",
          message: "AADSTS50105: user not assigned",
        },
      },
      400,
    ],
    ["USER_NOT_FOUND", { nameId: "nobody@contoso.com" }, 403],
    ["USER_NOT_ACTIVE", { nameId: "pending@contoso.com" }, 403],
  ])("%s", async (code, overrides, status) => {
    const { res } = await attempt(overrides);
    expect(codeOf(res)).toBe(code);
    expect(res.status).toBe(status);
    expect(res.headers["set-cookie"]?.toString() ?? "").not.toMatch(/mms_session=/);
  });

  it("renders an HTML page with data-error-code, the cause, the fix and a trace id", async () => {
    const { res } = await attempt({ nameId: "nobody@contoso.com" }, "text/html");
    expect(res.status).toBe(403);
    expect(res.text).toContain('data-error-code="USER_NOT_FOUND"');
    expect(res.text).toMatch(/data-trace-id>[A-Z0-9x]{6,}</);
    expect(res.text).toContain("How to fix it");
    expect(res.text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  });

  it("SIGNATURE_INVALID: signed content altered after signing", async () => {
    const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${ACCOUNT}`);
    const response = signTestResponse({
      replyUrl: REPLY_URL,
      audience: ENTITY_ID,
      inResponseTo: flow.request.id,
    });
    expect(response.xml).toContain(">Britta<");
    const tampered = Buffer.from(response.xml.replace(">Britta<", ">Brutta<")).toString("base64");
    const res = await postToAcs(flow.agent, ACS, tampered, {
      binding: flow.binding,
      accept: "application/json",
    });
    expect(codeOf(res)).toBe("SIGNATURE_INVALID");
  });

  it("UNSOLICITED_RESPONSE: IdP-initiated (no InResponseTo)", async () => {
    const response = signTestResponse({ replyUrl: REPLY_URL, audience: ENTITY_ID, inResponseTo: null });
    const res = await postToAcs(request.agent(rt.app), ACS, response.base64, { accept: "application/json" });
    expect(codeOf(res)).toBe("UNSOLICITED_RESPONSE");
  });

  it("UNKNOWN_REQUEST: InResponseTo that was never issued here", async () => {
    const response = signTestResponse({
      replyUrl: REPLY_URL,
      audience: ENTITY_ID,
      inResponseTo: "_never-issued",
    });
    const res = await postToAcs(request.agent(rt.app), ACS, response.base64, { accept: "application/json" });
    expect(codeOf(res)).toBe("UNKNOWN_REQUEST");
  });

  it("RESPONSE_REPLAYED: the same response posted twice signs in once", async () => {
    const { res, flow, response } = await attempt();
    expect(res.status).toBe(303);
    const again = await postToAcs(flow.agent, ACS, response.base64, {
      binding: flow.binding,
      accept: "application/json",
    });
    expect(codeOf(again)).toBe("RESPONSE_REPLAYED");
  });

  it("REQUEST_NOT_FROM_THIS_BROWSER: posted without the browser that started the login", async () => {
    const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${ACCOUNT}`);
    const response = signTestResponse({
      replyUrl: REPLY_URL,
      audience: ENTITY_ID,
      inResponseTo: flow.request.id,
    });
    const res = await postToAcs(request.agent(rt.app), ACS, response.base64, { accept: "application/json" });
    expect(codeOf(res)).toBe("REQUEST_NOT_FROM_THIS_BROWSER");
  });

  it("SSO_DISABLED at the sign-on URL and at the ACS", async () => {
    const start = await request(rt.app)
      .get("/micloud/portal?account=off-micloud")
      .set("Accept", "application/json");
    expect(start.status).toBe(403);
    expect(codeOf(start)).toBe("SSO_DISABLED");
    const acs = await request(rt.app)
      .post("/micloud/off-micloud/saml/acs")
      .type("form")
      .set("Accept", "application/json")
      .send({
        SAMLResponse: Buffer.from(
          "<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'/>",
        ).toString("base64"),
      });
    expect(codeOf(acs)).toBe("SSO_DISABLED");
  });

  it("IDP_NOT_CONFIGURED when SSO settings are incomplete", async () => {
    const res = await request(rt.app)
      .get("/cloudlink/accounts?account=bare-cloudlink")
      .set("Accept", "application/json");
    expect(res.status).toBe(409);
    expect(codeOf(res)).toBe("IDP_NOT_CONFIGURED");
  });
});

describe("ACS bad input: clear 4xx, never a 500", () => {
  const post = (path: string, form: Record<string, string> | string) =>
    request(rt.app).post(path).type("form").set("Accept", "application/json").send(form);

  it("SAML_RESPONSE_MISSING when the form has no SAMLResponse", async () => {
    const res = await post(ACS, { RelayState: "/micloud/portal" });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe("SAML_RESPONSE_MISSING");
  });

  it.each([
    ["not base64", "%%%not-base64%%%"],
    ["base64 of text that is not XML", Buffer.from("hello world, not xml").toString("base64")],
    ["XML that is not well-formed", Buffer.from("<samlp:Response><unclosed>").toString("base64")],
  ])("SAML_RESPONSE_MALFORMED: %s", async (_label, value) => {
    const res = await post(ACS, { SAMLResponse: value });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe("SAML_RESPONSE_MALFORMED");
  });

  it("ACCOUNT_NOT_FOUND for an unknown account and for the wrong platform in the path", async () => {
    const unknown = await post("/micloud/no-such-account/saml/acs", { SAMLResponse: "PHg+" });
    expect(unknown.status).toBe(404);
    expect(codeOf(unknown)).toBe("ACCOUNT_NOT_FOUND");
    const wrongPlatform = await post(`/cloudlink/${ACCOUNT}/saml/acs`, { SAMLResponse: "PHg+" });
    expect(wrongPlatform.status).toBe(404);
    expect(codeOf(wrongPlatform)).toBe("ACCOUNT_NOT_FOUND");
  });

  it("413 SAML_RESPONSE_TOO_LARGE for a body over the Reply URL's limit", async () => {
    const res = await post(ACS, `SAMLResponse=${"A".repeat(600 * 1024)}`);
    expect(res.status).toBe(413);
    expect(codeOf(res)).toBe("SAML_RESPONSE_TOO_LARGE");
    expect(JSON.stringify(res.body)).not.toContain("/work/");
  });

  it("413 BODY_TOO_LARGE from the body parser elsewhere, as JSON and as the error page", async () => {
    const json = await request(rt.app)
      .post("/api/v1/accounts")
      .set("Content-Type", "application/json")
      .send(`{"x":"${"A".repeat(600 * 1024)}"}`);
    expect(json.status).toBe(413);
    expect((json.body as { error: { code: string } }).error.code).toBe("BODY_TOO_LARGE");
    const page = await request(rt.app)
      .post("/admin/sign-in")
      .type("form")
      .set("Accept", "text/html")
      .send(`password=${"A".repeat(600 * 1024)}`);
    expect(page.status).toBe(413);
    expect(page.text).toContain('data-error-code="BODY_TOO_LARGE"');
  });

  it("unknown account metadata and login are 404 pages, not 500", async () => {
    expect((await request(rt.app).get("/micloud/nope/saml/metadata")).status).toBe(404);
    expect((await request(rt.app).get("/bogus/nope/saml/login")).status).toBe(404);
    expect((await request(rt.app).get("/micloud/portal?account=nope")).status).toBe(404);
  });
});
