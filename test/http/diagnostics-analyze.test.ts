import { readFileSync } from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSigningCertificate } from "../../src/idp-simulator/keys/signing-certificate.js";
import type { AnalyzeResult } from "../../src/sign-in-engine/analyze.js";
import { postToAcs, startSsoLogin } from "../helpers/sso-flow.js";
import { signTestResponse } from "../helpers/test-idp.js";
import { createTestRuntime, createWiredAccount, type TestRuntime } from "../helpers/test-runtime.js";
import { API_TOKEN, accountPaths, verdict } from "./diagnostics-helpers.js";

/**
 * A response shaped exactly like Entra's (DESIGN §3: one line, assertion signed with RSA-SHA256
 * and exc-c14n, certificate in KeyInfo, Entra's claims, -5/+60 minute window), stored as a
 * golden fixture and issued on 2026-11-26 at 10:00 UTC: a capture from the past.
 */
const CAPTURE_XML = readFileSync(
  new URL("../fixtures/idp-simulator/entra-response.assertion-signed.sha256.golden.xml", import.meta.url),
  "utf8",
);
const CAPTURE = Buffer.from(CAPTURE_XML, "utf8").toString("base64");
const GOLDEN_ID = "golden-micloud";
const NOW = Date.parse("2026-12-01T08:00:00.000Z");

let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.ctx.now = () => NOW;
  // The settings the capture was made against: the golden file's identifiers and tenant.
  const { account } = await createWiredAccount(rt, {
    id: GOLDEN_ID,
    platform: "micloud",
    spEntityIdOverride: "https://mitel-mock-sp.test/micloud",
    replyUrlOverride: "https://mitel-mock-sp.test/micloud/saml/acs",
    sso: { idpEntityId: "https://sts.windows.net/3f2b8c1e-7d4a-4e96-b0c5-9a1d2e3f4a5b/" },
  });
  await rt.ctx.directory.create(account, {
    name: "Alice Anders",
    email: "alice.anders@contoso.example",
    status: "active",
  });
});
afterAll(() => rt.dispose());

async function analyze(accountId: string, body: Record<string, unknown>) {
  const res = await request(rt.app)
    .post(`/api/v1/accounts/${accountId}/analyze`)
    .set("Authorization", `Bearer ${API_TOKEN}`)
    .send(body);
  return { res, result: res.body as AnalyzeResult };
}

describe("Analyze at a fixed time: an Entra-shaped capture from the past", () => {
  it("at its IssueInstant, every check passes against the current settings", async () => {
    const { res, result } = await analyze(GOLDEN_ID, { samlResponse: CAPTURE, at: "2026-11-26T10:00:00Z" });
    expect(res.status).toBe(200);
    // A capture from another system: everything passes but the request, which this account never
    // issued; Analyze says so instead of "accepted" (the ACS would answer UNKNOWN_REQUEST).
    expect(result.accepted).toBe(false);
    expect(result.outcome).toBe("accepted-if-request-known");
    expect(result.evaluatedAt).toBe("2026-11-26T10:00:00.000Z");
    const d = result.diagnosis;
    expect(d.code).toBe("UNKNOWN_REQUEST");
    expect(d.verdicts.filter((v) => v.status === "fail").map((v) => v.id)).toEqual(["request"]);
    expect(
      d.verdicts
        .filter((v) => v.status === "skip")
        .map((v) => v.id)
        .sort(),
    ).toEqual(["browser", "decryption", "replay", "request-used-once", "response-signed"]);
    expect(d.signature).toMatchObject({
      signedElement: "assertion",
      verification: "valid",
      keyInfoMatchesConfigured: true,
    });
    expect(d.signature?.signatures[0]?.algorithmName).toBe("RSA-SHA256 / SHA-256");
    expect(d.times).toMatchObject({
      issueInstant: "2026-11-26T10:00:00.000Z",
      notBefore: "2026-11-26T09:55:00.000Z",
      notOnOrAfter: "2026-11-26T11:00:00.000Z",
      issuedOffsetSeconds: 0,
    });
    expect(d.userMatch?.matchedUser?.name).toBe("Alice Anders");
    expect(result.response?.claims.map((c) => c.name.split("/").pop())).toEqual([
      "tenantid",
      "objectidentifier",
      "displayname",
      "identityprovider",
      "authnmethodsreferences",
      "givenname",
      "surname",
      "emailaddress",
      "name",
    ]);
    expect(result.xml).toContain("\n  <Issuer");
  });

  it("now (days later), it has expired: the times and the difference", async () => {
    const { result } = await analyze(GOLDEN_ID, { samlResponse: CAPTURE });
    expect(result.accepted).toBe(false);
    expect(result.outcome).toBe("rejected");
    expect(result.evaluatedAt).toBe("2026-12-01T08:00:00.000Z");
    // Now, the ACS's answer comes first: this account never issued the capture's request.
    expect(result.diagnosis.code).toBe("UNKNOWN_REQUEST");
    // Everything else is still judged: it has expired, while the signature and the settings pass.
    expect(result.diagnosis.times?.secondsPastNotOnOrAfter).toBe(421200);
    expect(verdict(result.diagnosis, "not-on-or-after")).toMatchObject({
      status: "fail",
      actual: "Conditions NotOnOrAfter 2026-11-26T11:00:00.000Z",
    });
    expect(verdict(result.diagnosis, "signature").status).toBe("pass");
    expect(verdict(result.diagnosis, "audience").status).toBe("pass");
  });

  it("at a chosen time after it expired, the expiry decides (the request's state then is unknowable)", async () => {
    const { result } = await analyze(GOLDEN_ID, { samlResponse: CAPTURE, at: "2026-11-27T08:00:00Z" });
    expect(result.outcome).toBe("rejected");
    expect(result.diagnosis.code).toBe("ASSERTION_EXPIRED");
    // Item 7 of issue 10: one time, the one that applies.
    expect(result.diagnosis.cause).toContain("expired at 2026-11-26T11:00:00.000Z (Conditions NotOnOrAfter)");
    expect(result.diagnosis.cause).not.toContain(" / ");
  });

  it("before its NotBefore (beyond the allowed skew), it is not valid yet", async () => {
    const { result } = await analyze(GOLDEN_ID, {
      samlResponse: CAPTURE,
      at: Date.parse("2026-11-26T09:50:00Z"),
    });
    expect(result.diagnosis.code).toBe("ASSERTION_NOT_YET_VALID");
    expect(result.diagnosis.times?.secondsBeforeNotBefore).toBe(300);
  });

  it("against changed settings (a new certificate pasted), the same capture is a CERTIFICATE_MISMATCH", async () => {
    const other = await generateSigningCertificate();
    await createWiredAccount(rt, {
      id: "golden-rolled",
      platform: "micloud",
      spEntityIdOverride: "https://mitel-mock-sp.test/micloud",
      replyUrlOverride: "https://mitel-mock-sp.test/micloud/saml/acs",
      sso: {
        idpEntityId: "https://sts.windows.net/3f2b8c1e-7d4a-4e96-b0c5-9a1d2e3f4a5b/",
        idpCertificates: [other.certificatePem],
      },
    });
    const { result } = await analyze("golden-rolled", { samlResponse: CAPTURE, at: "2026-11-26T10:00:00Z" });
    expect(result.diagnosis.code).toBe("CERTIFICATE_MISMATCH");
    expect(result.diagnosis.cause).toContain(`this account trusts ${other.sha1Thumbprint}`);
    expect(verdict(result.diagnosis, "signature").status).toBe("fail");
    expect(verdict(result.diagnosis, "signing-certificate").status).toBe("fail");
  });

  it("against another account's identifiers: every mismatch at once, with the mistake", async () => {
    const other = accountPaths("micloud", "golden-other");
    await createWiredAccount(rt, { id: other.id, platform: "micloud" });
    const { result } = await analyze(other.id, { samlResponse: CAPTURE, at: "2026-11-26T10:00:00Z" });
    expect(result.diagnosis.code).toBe("AUDIENCE_MISMATCH");
    const failing = result.diagnosis.verdicts.filter((v) => v.status === "fail").map((v) => v.id);
    expect(failing).toEqual(
      expect.arrayContaining([
        "audience",
        "assertion-issuer",
        "response-issuer",
        "destination",
        "recipient",
        "user",
      ]),
    );
    expect(verdict(result.diagnosis, "assertion-issuer").hint).toMatch(/another tenant/);
  });

  it("accepts what admins paste: a form body (URL-encoded) or the XML itself", async () => {
    const formBody = `SAMLResponse=${encodeURIComponent(CAPTURE)}&RelayState=%2Fmicloud%2Fportal`;
    const fromForm = await analyze(GOLDEN_ID, { samlResponse: formBody, at: "2026-11-26T10:00:00Z" });
    expect(fromForm.result.outcome).toBe("accepted-if-request-known");
    const fromXml = await analyze(GOLDEN_ID, { samlResponse: CAPTURE_XML, at: "2026-11-26T10:00:00Z" });
    expect(fromXml.result.outcome).toBe("accepted-if-request-known");
  });

  it("an Entra error response: the AADSTS code explained", async () => {
    const errorResponse = signTestResponse({
      replyUrl: "https://mitel-mock-sp.test/micloud/saml/acs",
      audience: "https://mitel-mock-sp.test/micloud",
      inResponseTo: "_r",
      status: { code: "urn:oasis:names:tc:SAML:2.0:status:Requester", message: "AADSTS50105: not assigned" },
    });
    const { result } = await analyze(GOLDEN_ID, { samlResponse: errorResponse.base64 });
    expect(result.diagnosis.code).toBe("IDP_ERROR_STATUS");
    expect(result.diagnosis.aadsts?.code).toBe("AADSTS50105");
    expect(result.diagnosis.fix).toContain("Users and groups");
  });

  it("bad input: 4xx naming what is wrong", async () => {
    const garbage = await analyze(GOLDEN_ID, { samlResponse: "not base64 at all!" });
    expect(garbage.res.status).toBe(200);
    expect(garbage.result.diagnosis.code).toBe("SAML_RESPONSE_MALFORMED");
    const missing = await analyze(GOLDEN_ID, {});
    expect(missing.res.status).toBe(400);
    expect((missing.res.body as { error: { code: string } }).error.code).toBe("SAML_RESPONSE_MISSING");
    const badTime = await analyze(GOLDEN_ID, { samlResponse: CAPTURE, at: "last tuesday" });
    expect(badTime.res.status).toBe(400);
    expect((badTime.res.body as { error: { message: string } }).error.message).toMatch(/^at: /);
    expect((await analyze("no-such-account", { samlResponse: CAPTURE })).res.status).toBe(404);
    const unauthenticated = await request(rt.app)
      .post(`/api/v1/accounts/${GOLDEN_ID}/analyze`)
      .send({ samlResponse: CAPTURE });
    expect(unauthenticated.status).toBe(401);
  });
});

describe("Analyze starts no session, consumes no request ID and records nothing", () => {
  it("the analyzed response still signs in afterwards, once", async () => {
    const live = accountPaths("micloud", "analyze-live");
    await createWiredAccount(rt, { id: live.id, platform: "micloud" });
    rt.ctx.now = () => Date.now();
    try {
      const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${live.id}`);
      const response = signTestResponse({
        replyUrl: live.replyUrl,
        audience: live.entityId,
        inResponseTo: flow.request.id,
      });
      const before = await rt.ctx.signIns.search({ accountId: live.id, limit: 100 });
      const { result, res } = await analyze(live.id, { samlResponse: response.base64 });
      expect(res.status).toBe(200);
      expect(res.headers["set-cookie"]).toBeUndefined();
      expect(result.accepted).toBe(true);
      expect(verdict(result.diagnosis, "request").actual).toContain(`${flow.request.id}: issued at`);
      expect(verdict(result.diagnosis, "request").actual).toContain("unused");
      expect(await rt.ctx.signIns.search({ accountId: live.id, limit: 100 })).toHaveLength(before.length);
      const request = await rt.ctx.storage.authnRequests.get(live.id, flow.request.id);
      expect(request?.consumedAt).toBeNull();
      const acs = await postToAcs(flow.agent, live.acsPath, response.base64, { binding: flow.binding });
      expect(acs.status).toBe(303);
    } finally {
      rt.ctx.now = () => NOW;
    }
  });
});
