import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSigningCertificate } from "../../src/idp-simulator/keys/signing-certificate.js";
import { signTestResponse } from "../helpers/test-idp.js";
import { createTestRuntime, createWiredAccount, type TestRuntime } from "../helpers/test-runtime.js";
import { type Agent, csrfFrom, operatorAgent, pageText } from "./admin-support.js";
import { accountPaths, attemptSignIn } from "./diagnostics-helpers.js";

const ACCOUNT = accountPaths("micloud", "pages-micloud");
const LOG = `/admin/accounts/${ACCOUNT.id}/sign-ins`;

let rt: TestRuntime;
let admin: Agent;
let successTrace = "";
let mismatchTrace = "";
let audienceTrace = "";
let otherThumbprint = "";

beforeAll(async () => {
  rt = await createTestRuntime();
  await createWiredAccount(rt, { id: ACCOUNT.id, platform: "micloud" });
  admin = await operatorAgent(rt.app);
  const ok = await attemptSignIn(rt.app, ACCOUNT);
  expect(ok.res.status).toBe(303);
  successTrace = (await rt.ctx.signIns.latest(ACCOUNT.id, "success"))?.traceId ?? "";
  const other = await generateSigningCertificate();
  otherThumbprint = other.sha1Thumbprint;
  const bad = await attemptSignIn(rt.app, ACCOUNT, {
    signing: { certificatePem: other.certificatePem, privateKeyPem: other.privateKeyPem },
  });
  mismatchTrace = bad.body.error.traceId;
  const audience = await attemptSignIn(rt.app, ACCOUNT, { audience: `${ACCOUNT.entityId}/` });
  audienceTrace = audience.body.error.traceId;
});
afterAll(() => rt.dispose());

describe("the sign-in log pages (operator console)", () => {
  it("needs the operator session", async () => {
    const res = await request(rt.app).get(LOG);
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/admin\/sign-in\?next=/);
    const analyze = await request(rt.app).get(`/admin/accounts/${ACCOUNT.id}/analyze`);
    expect(analyze.status).toBe(302);
  });

  it("lists every record, newest first, and filters by outcome, code and time", async () => {
    const all = await admin.get(LOG);
    expect(all.status).toBe(200);
    const order = [...all.text.matchAll(/data-trace-id="([^"]+)"/g)].map((m) => m[1]);
    expect(order.indexOf(audienceTrace)).toBeLessThan(order.indexOf(mismatchTrace));
    expect(order).toContain(successTrace);
    expect(all.text).toMatch(/data-outcome="started"/);

    const failures = await admin.get(`${LOG}?outcome=failure`);
    expect(failures.text).toContain(mismatchTrace);
    expect(failures.text).not.toContain(successTrace);
    expect(failures.text).not.toMatch(/data-outcome="started"/);

    const byCode = await admin.get(`${LOG}?code=CERTIFICATE_MISMATCH`);
    expect(byCode.text).toContain(mismatchTrace);
    expect(byCode.text).not.toContain(audienceTrace);

    const future = await admin.get(`${LOG}?since=2999-01-01T00:00`);
    expect(pageText(future.text)).toContain("No sign-in matches.");
    const past = await admin.get(`${LOG}?until=2000-01-01`);
    expect(pageText(past.text)).toContain("No sign-in matches.");
  });

  it("refuses a bad filter with a 400 that names it", async () => {
    const res = await admin.get(`${LOG}?outcome=maybe`);
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain("outcome: use started, success or failure.");
    expect((await admin.get(`${LOG}?since=yesterday`)).status).toBe(400);
    expect((await admin.get(`${LOG}?code=NOPE`)).status).toBe(400);
  });

  it("shows a failed sign-in: cause, fix, every check, certificates, escaped XML with copy and download", async () => {
    const res = await admin.get(`${LOG}/${mismatchTrace}`);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(res.text).toContain('data-error-code="CERTIFICATE_MISMATCH"');
    expect(text).toContain(`Entra signed with certificate ${otherThumbprint}`);
    expect(text).toContain("make it active only after pasting it");
    expect(res.text).toMatch(/data-check="signing-certificate" data-status="fail"/);
    expect(res.text).toMatch(/data-check="audience" data-status="pass"/);
    expect(res.text).toMatch(/data-certificate="signature"/);
    expect(res.text).toMatch(/data-certificate="configured"/);
    expect(res.text).toContain("&lt;samlp:Response");
    expect(res.text).not.toContain("<samlp:Response");
    expect(res.text).toContain('data-copy-target="response-xml"');
    expect(res.text).toContain(`${LOG}/${mismatchTrace}/response.xml`);
    expect(res.text).toContain(`${LOG}/${mismatchTrace}/report.md`);

    const xml = await admin.get(`${LOG}/${mismatchTrace}/response.xml`);
    expect(xml.status).toBe(200);
    expect(xml.headers["content-type"]).toMatch(/application\/xml/);
    expect(xml.headers["content-disposition"]).toContain(`saml-response-${mismatchTrace}.xml`);
    expect(xml.text).toMatch(/^<samlp:Response[^\n]*>\n {2}<Issuer/);
  });

  it("compares with the last successful sign-in: the certificate changed, the audience did not", async () => {
    const res = await admin.get(`${LOG}/${mismatchTrace}/compare`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`data-baseline>${successTrace}<`);
    expect(res.text).toMatch(/data-aspect="Signing certificate \(in the signature\)" data-changed="yes"/);
    expect(res.text).toMatch(/data-aspect="Audience" data-changed="no"/);
    expect(res.text).toContain(otherThumbprint);

    const audience = await admin.get(`${LOG}/${audienceTrace}/compare`);
    expect(audience.text).toMatch(/data-aspect="Audience" data-changed="yes"/);
    expect(audience.text).toMatch(/data-aspect="Signing certificate \(in the signature\)" data-changed="no"/);
    expect(pageText(audience.text)).toContain("Changed in what Entra sent: Audience.");
  });

  it("a started sign-in with its answer links both ways", async () => {
    const started = await rt.ctx.signIns.search({ accountId: ACCOUNT.id, outcome: "started", limit: 10 });
    const answered = started.find((s) => s.requestId && s.at <= Date.now());
    const res = await admin.get(`${LOG}/${answered?.traceId}`);
    expect(res.status).toBe(200);
    expect(pageText(res.text)).toContain("answered by");
    expect(res.text).not.toContain("data-stopped-at-entra");
  });

  it("unknown sign-ins and accounts are 404 pages", async () => {
    expect((await admin.get(`${LOG}/NOSUCHTRACE`)).status).toBe(404);
    expect((await admin.get("/admin/accounts/no-such-account/sign-ins")).status).toBe(404);
    expect((await admin.get(`${LOG}/${mismatchTrace}/report.pdf`)).status).toBe(404);
  });
});

describe("Analyze page", () => {
  it("runs every check on a pasted response without recording or consuming anything", async () => {
    const page = await admin.get(`/admin/accounts/${ACCOUNT.id}/analyze`);
    expect(page.status).toBe(200);
    const before = (await rt.ctx.signIns.search({ accountId: ACCOUNT.id, limit: 200 })).length;
    const response = signTestResponse({
      replyUrl: ACCOUNT.replyUrl,
      audience: `${ACCOUNT.entityId}/`,
      inResponseTo: "_pasted",
    });
    // SAML-tracer wraps the value; the paste keeps the line breaks.
    const wrapped = response.base64.replace(/(.{76})/g, "$1\n");
    const res = await admin
      .post(`/admin/accounts/${ACCOUNT.id}/analyze`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), samlResponse: wrapped, when: "now" });
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-analyze-result="refused"');
    // Now, the ACS would stop at the request first ("_pasted" was never issued here); the audience
    // mistake is named too, as another failing check.
    expect(res.text).toContain('data-error-code="UNKNOWN_REQUEST"');
    expect(res.text).toContain('data-other-code="AUDIENCE_MISMATCH"');
    expect(pageText(res.text)).toMatch(/trailing slash/);
    expect(res.text).toMatch(/data-check="signature" data-status="pass"/);
    // "_pasted" was never issued here: the one thing the ACS would refuse besides the audience.
    expect(res.text).toMatch(/data-check="request" data-status="fail"/);
    expect(res.text).toContain("&lt;Audience&gt;");
    expect((await rt.ctx.signIns.search({ accountId: ACCOUNT.id, limit: 200 })).length).toBe(before);
  });

  it("asks again, with the reason, for an empty paste or a bad time", async () => {
    const page = await admin.get(`/admin/accounts/${ACCOUNT.id}/analyze`);
    const empty = await admin
      .post(`/admin/accounts/${ACCOUNT.id}/analyze`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), samlResponse: "  ", when: "now" });
    expect(empty.status).toBe(400);
    expect(pageText(empty.text)).toContain("SAMLResponse: paste the base64 value");
    const badTime = await admin
      .post(`/admin/accounts/${ACCOUNT.id}/analyze`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), samlResponse: "PHg+", when: "at", at: "tomorrow-ish" });
    expect(badTime.status).toBe(400);
    expect(pageText(badTime.text)).toContain("Time: enter a date and time");
  });

  it("refuses a post without the CSRF token", async () => {
    const res = await admin
      .post(`/admin/accounts/${ACCOUNT.id}/analyze`)
      .type("form")
      .send({ samlResponse: "PHg+" });
    expect(res.status).toBe(403);
  });
});
