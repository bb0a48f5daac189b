import request from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SignedXml } from "xml-crypto";
import { generateSigningCertificate } from "../../src/idp-simulator/keys/signing-certificate.js";
import { postToAcs, startSsoLogin } from "../helpers/sso-flow.js";
import { signTestResponse, TEST_IDP } from "../helpers/test-idp.js";
import {
  createTestRuntime,
  createWiredAccount,
  TEST_PUBLIC_URL,
  type TestRuntime,
} from "../helpers/test-runtime.js";
import {
  accountPaths,
  attemptSignIn,
  postRaw,
  postSignedResponse,
  recordOf,
  verdict,
} from "./diagnostics-helpers.js";

const MICLOUD = accountPaths("micloud", "diag-micloud");
const CLOUDLINK = accountPaths("cloudlink", "diag-cloudlink");
const TENANT_ISSUER = TEST_IDP.entityId;

/** The service's one clock, frozen by the tests about times (null: the real time). */
let frozenAt: number | null = null;
let rt: TestRuntime;

beforeAll(async () => {
  // Every code's failure is posted from one address against a fixed clock: lift the
  // recorded-failure limits, which hostile-storage.test.ts tests.
  rt = await createTestRuntime({
    now: () => frozenAt ?? Date.now(),
    overrides: { signIns: { failuresPerAddress: 10_000, failuresPerAccount: 10_000 } },
  });
  await createWiredAccount(rt, { id: MICLOUD.id, platform: "micloud" });
  await createWiredAccount(rt, { id: CLOUDLINK.id, platform: "cloudlink" });
});
afterAll(() => rt.dispose());
afterEach(() => {
  frozenAt = null;
});

/** One failed attempt and its record: the code the user saw and the admin's explanation. */
async function failWith(account: typeof MICLOUD, overrides: Parameters<typeof attemptSignIn>[2]) {
  const { body } = await attemptSignIn(rt.app, account, overrides);
  expect(body.error, JSON.stringify(body)).toBeDefined();
  const record = await recordOf(rt.app, account.id, body.error.traceId);
  return { error: body.error, record, diagnosis: record.diagnosis };
}

describe("a successful sign-in is recorded with every check passed", () => {
  it("records verdicts, signature, claims, matched user, request ID, RelayState, client and the XML", async () => {
    const flow = await startSsoLogin(rt.app, `/micloud/teamwork?account=${MICLOUD.id}`);
    const response = signTestResponse({
      replyUrl: MICLOUD.replyUrl,
      audience: MICLOUD.entityId,
      inResponseTo: flow.request.id,
    });
    const res = await postToAcs(flow.agent, MICLOUD.acsPath, response.base64, {
      binding: flow.binding,
      relayState: flow.request.relayState,
    }).set("User-Agent", "diagnostics-test-agent/1.0");
    expect(res.status).toBe(303);
    const list = await rt.ctx.signIns.search({ accountId: MICLOUD.id, outcome: "success", limit: 1 });
    const record = await recordOf(rt.app, MICLOUD.id, list[0]?.traceId ?? "");
    const d = record.diagnosis;
    expect(d?.code).toBeNull();
    expect(d?.verdicts.filter((v) => v.status !== "pass" && v.status !== "skip").map((v) => v.id)).toEqual(
      [],
    );
    // Only the checks this account does not ask for (a Response signature) or that do not apply to
    // this message (decryption: the assertion is not encrypted) are skipped.
    expect(d?.verdicts.filter((v) => v.status === "skip").map((v) => v.id)).toEqual([
      "decryption",
      "response-signed",
    ]);
    expect(d?.signature?.signedElement).toBe("assertion");
    expect(d?.signature?.verification).toBe("valid");
    expect(d?.signature?.keyInfoMatchesConfigured).toBe(true);
    expect(d?.signature?.signatures[0]?.algorithmName).toBe("RSA-SHA256 / SHA-256");
    expect(d?.signature?.keyInfoCertificate?.subject).toBe("CN=Microsoft Azure Federated SSO Certificate");
    expect(d?.signature?.keyInfoCertificate?.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(d?.signature?.keyInfoCertificate?.sha256Thumbprint).toMatch(/^[0-9A-F]{64}$/);
    expect(record.matchedUser?.name).toBe("Britta Simon");
    expect(record.requestId).toBe(flow.request.id);
    expect(record.relayState).toBe("/micloud/teamwork");
    expect(record.client?.userAgent).toBe("diagnostics-test-agent/1.0");
    expect(record.client?.ip).toBeTruthy();
    expect(record.xml).toBe(response.xml);
    expect(record.samlResponse).toBe(response.base64);
    // Stored once: the XML is decoded again from the stored SAMLResponse, not kept twice.
    const stored = await rt.ctx.storage.signIns.get(MICLOUD.id, record.traceId);
    expect(stored?.details).toMatchObject({ xml: null, xmlFromResponse: true });
    expect(stored?.details).not.toHaveProperty("verdicts");
    expect(record.response?.claims.map((c) => c.name)).toContain(
      "http://schemas.microsoft.com/identity/claims/tenantid",
    );
  });
});

describe("identifier mismatches: both values, the field on each side, the specific mistake", () => {
  it("AUDIENCE_MISMATCH: trailing slash", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, { audience: `${MICLOUD.entityId}/` });
    expect(error.code).toBe("AUDIENCE_MISMATCH");
    const v = verdict(diagnosis, "audience");
    expect(v).toMatchObject({ status: "fail", expected: MICLOUD.entityId, actual: `${MICLOUD.entityId}/` });
    expect(v.hint).toMatch(/trailing slash/);
    expect(diagnosis?.fix).toContain("Basic SAML Configuration > Identifier (Entity ID)");
    expect(diagnosis?.fix).toContain(MICLOUD.entityId);
    expect(diagnosis?.fix).toContain("Mitel Identifier (Entity ID)");
    expect(error.fix).toBe(diagnosis?.fix);
  });

  it("AUDIENCE_MISMATCH: letter case", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, {
      audience: MICLOUD.entityId.replace("/saml/metadata", "/SAML/metadata"),
    });
    expect(error.code).toBe("AUDIENCE_MISMATCH");
    expect(verdict(diagnosis, "audience").hint).toMatch(/letter case/);
  });

  it("AUDIENCE_MISMATCH: http vs https (TLS ends at a reverse proxy) names PUBLIC_URL and TRUST_PROXY", async () => {
    const https = MICLOUD.entityId.replace("http://", "https://");
    const { error, diagnosis } = await failWith(MICLOUD, { audience: https });
    expect(error.code).toBe("AUDIENCE_MISMATCH");
    const v = verdict(diagnosis, "audience");
    expect(v.actual).toBe(https);
    expect(v.hint).toMatch(/http vs https/);
    expect(v.hint).toContain("PUBLIC_URL");
    expect(v.hint).toContain("TRUST_PROXY");
  });

  it("AUDIENCE_MISMATCH: another host (the reverse proxy's public address)", async () => {
    const proxied = MICLOUD.entityId.replace(TEST_PUBLIC_URL, "https://sso.contoso.com");
    const { diagnosis } = await failWith(MICLOUD, { audience: proxied });
    const v = verdict(diagnosis, "audience");
    expect(v.hint).toMatch(/another host/);
    expect(v.hint).toContain("https://sso.contoso.com");
    expect(v.hint).toContain("PUBLIC_URL");
  });

  it("ISSUER_MISMATCH: trailing slash missing, in MiCloud's words (Entity ID)", async () => {
    const withoutSlash = TENANT_ISSUER.replace(/\/$/, "");
    const { error, diagnosis } = await failWith(MICLOUD, { issuer: withoutSlash });
    expect(error.code).toBe("ISSUER_MISMATCH");
    const v = verdict(diagnosis, "assertion-issuer");
    expect(v).toMatchObject({ status: "fail", expected: TENANT_ISSUER, actual: withoutSlash });
    expect(v.hint).toMatch(/trailing slash/);
    expect(diagnosis?.fix).toContain("Microsoft Entra Identifier");
    expect(diagnosis?.fix).toContain("into Entity ID in the Mitel Account portal");
  });

  it("ISSUER_MISMATCH: another tenant, in CloudLink's words (IDP Identifier (Entity ID))", async () => {
    const other = "https://sts.windows.net/00000000-1111-2222-3333-444444444444/";
    const { error, diagnosis } = await failWith(CLOUDLINK, { issuer: other });
    expect(error.code).toBe("ISSUER_MISMATCH");
    expect(verdict(diagnosis, "assertion-issuer").hint).toMatch(/another tenant/);
    expect(diagnosis?.cause).toContain(other);
    expect(diagnosis?.fix).toContain("IDP Identifier (Entity ID) in the CloudLink Accounts portal");
  });

  it("DESTINATION_MISMATCH: http vs https", async () => {
    const https = MICLOUD.replyUrl.replace("http://", "https://");
    const { error, diagnosis } = await failWith(MICLOUD, { destination: https });
    expect(error.code).toBe("DESTINATION_MISMATCH");
    const v = verdict(diagnosis, "destination");
    expect(v).toMatchObject({ expected: MICLOUD.replyUrl, actual: https });
    expect(v.hint).toContain("PUBLIC_URL");
    expect(diagnosis?.fix).toContain("Reply URL (Assertion Consumer Service URL)");
    expect(diagnosis?.fix).toContain(MICLOUD.replyUrl);
  });

  it("RECIPIENT_MISMATCH: whitespace", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, { recipient: `${MICLOUD.replyUrl} ` });
    expect(error.code).toBe("RECIPIENT_MISMATCH");
    const v = verdict(diagnosis, "recipient");
    expect(v).toMatchObject({ status: "fail", expected: MICLOUD.replyUrl, actual: `${MICLOUD.replyUrl} ` });
    expect(v.hint).toMatch(/whitespace/);
    expect(diagnosis?.fix).toContain("Reply URL");
  });

  it("every check is listed, not only the failing one", async () => {
    const { diagnosis } = await failWith(MICLOUD, {
      audience: `${MICLOUD.entityId}/`,
      recipient: "https://other.example.com/acs",
    });
    const ids = diagnosis?.verdicts.map((v) => v.id) ?? [];
    expect(ids).toEqual(
      expect.arrayContaining([
        "status",
        "assertion-signed",
        "signature",
        "audience",
        "assertion-issuer",
        "destination",
        "recipient",
        "not-on-or-after",
        "user",
      ]),
    );
    expect(verdict(diagnosis, "signature").status).toBe("pass");
    expect(verdict(diagnosis, "recipient").status).toBe("fail");
    expect(verdict(diagnosis, "user").status).toBe("pass");
    expect(verdict(diagnosis, "assertion-issuer").status).toBe("pass");
  });
});

describe("signatures and certificates", () => {
  it("CERTIFICATE_MISMATCH: names Entra's certificate and the configured one, with the fix", async () => {
    const other = await generateSigningCertificate();
    const { error, diagnosis } = await failWith(MICLOUD, {
      signing: { certificatePem: other.certificatePem, privateKeyPem: other.privateKeyPem },
    });
    expect(error.code).toBe("CERTIFICATE_MISMATCH");
    const configured = diagnosis?.signature?.configuredCertificates[0]?.sha1Thumbprint ?? "";
    expect(diagnosis?.signature?.keyInfoCertificate?.sha1Thumbprint).toBe(other.sha1Thumbprint);
    expect(diagnosis?.signature?.keyInfoMatchesConfigured).toBe(false);
    expect(diagnosis?.cause).toContain(`Entra signed with certificate ${other.sha1Thumbprint}`);
    expect(diagnosis?.cause).toContain("CN=Microsoft Azure Federated SSO Certificate");
    expect(diagnosis?.cause).toContain(`this account trusts ${configured}`);
    expect(diagnosis?.fix).toContain(
      "SAML Signing Certificate, download Certificate (Base64) and paste it into Signing Certificate",
    );
    expect(diagnosis?.fix).toContain("make it active only after pasting it");
    const v = verdict(diagnosis, "signing-certificate");
    expect(v).toMatchObject({ status: "fail", code: "CERTIFICATE_MISMATCH" });
    expect(v.expected).toContain(configured);
    expect(v.actual).toContain(other.sha1Thumbprint);
    expect(error.actual).toContain(other.sha1Thumbprint);
    expect(error.expected).toContain(configured);
  });

  it("CERTIFICATE_MISMATCH on CloudLink mentions pasting the new certificate after the current one", async () => {
    const other = await generateSigningCertificate({ notBefore: new Date(Date.now() + 60_000) });
    const { error, diagnosis } = await failWith(CLOUDLINK, {
      signing: { certificatePem: other.certificatePem, privateKeyPem: other.privateKeyPem },
    });
    expect(error.code).toBe("CERTIFICATE_MISMATCH");
    expect(diagnosis?.fix).toMatch(/paste the new one after the current one/);
    expect(diagnosis?.hints.join(" ")).toMatch(/rollover/);
  });

  it("SIGNATURE_INVALID: the configured certificate, but the content was changed after signing", async () => {
    const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${MICLOUD.id}`);
    const response = signTestResponse({
      replyUrl: MICLOUD.replyUrl,
      audience: MICLOUD.entityId,
      inResponseTo: flow.request.id,
    });
    const tampered = Buffer.from(response.xml.replace(">Britta<", ">Brutta<")).toString("base64");
    const res = await postToAcs(flow.agent, MICLOUD.acsPath, tampered, {
      binding: flow.binding,
      accept: "application/json",
    });
    const body = res.body as { error: { code: string; traceId: string } };
    expect(body.error.code).toBe("SIGNATURE_INVALID");
    const { diagnosis } = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(diagnosis?.signature?.keyInfoMatchesConfigured).toBe(true);
    expect(diagnosis?.cause).toMatch(/names the configured certificate [0-9A-F]{40}/);
    expect(diagnosis?.fix).toMatch(/altered the response/);
    expect(verdict(diagnosis, "signature")).toMatchObject({ status: "fail", code: "SIGNATURE_INVALID" });
    expect(verdict(diagnosis, "signing-certificate").status).toBe("pass");
  });

  it("SIGNATURE_MISSING: only the Response signed → Signing Option", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, { signing: { mode: "response" } });
    expect(error.code).toBe("SIGNATURE_MISSING");
    expect(diagnosis?.signature?.signedElement).toBe("response");
    expect(diagnosis?.fix).toContain("Signing Option: choose Sign SAML assertion");
    expect(verdict(diagnosis, "assertion-signed")).toMatchObject({
      status: "fail",
      actual: "only the Response is signed",
    });
  });

  it("signature info tells response-and-assertion signing apart", async () => {
    const { res, flow } = await attemptSignIn(rt.app, MICLOUD, {
      signing: { mode: "response-and-assertion" },
    });
    expect(res.status).toBe(303);
    const [record] = await rt.ctx.signIns.search({
      accountId: MICLOUD.id,
      requestId: flow.request.id,
      outcome: "success",
    });
    const detail = await recordOf(rt.app, MICLOUD.id, record?.traceId ?? "");
    expect(detail.diagnosis?.signature?.signedElement).toBe("both");
    expect(detail.diagnosis?.signature?.signatures.map((s) => s.element).sort()).toEqual([
      "assertion",
      "response",
    ]);
  });

  it("WEAK_SIGNATURE_ALGORITHM: SHA-1 → Signing Algorithm SHA-256", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, { signing: { algorithm: "sha1" } });
    expect(error.code).toBe("WEAK_SIGNATURE_ALGORITHM");
    expect(diagnosis?.fix).toContain("Signing Algorithm: choose SHA-256");
    expect(verdict(diagnosis, "algorithm").actual).toContain("RSA-SHA1");
  });
});

describe("times: the times and the clock difference in seconds", () => {
  const FIXED = Date.parse("2026-11-26T10:00:00.000Z");

  it("ASSERTION_EXPIRED", async () => {
    frozenAt = FIXED;
    const { error, diagnosis } = await failWith(MICLOUD, { now: new Date(FIXED - 3 * 3600_000) });
    expect(error.code).toBe("ASSERTION_EXPIRED");
    expect(diagnosis?.times).toMatchObject({
      evaluatedAt: "2026-11-26T10:00:00.000Z",
      issueInstant: "2026-11-26T07:00:00.000Z",
      notOnOrAfter: "2026-11-26T08:00:00.000Z",
      issuedOffsetSeconds: -10800,
      secondsPastNotOnOrAfter: 7200,
      allowedSkewSeconds: 180,
    });
    expect(diagnosis?.cause).toContain("expired at 2026-11-26T08:00:00.000Z");
    expect(diagnosis?.cause).toContain("7200 seconds");
    expect(diagnosis?.fix).toContain("a difference of -10800 seconds");
    expect(verdict(diagnosis, "not-on-or-after")).toMatchObject({
      status: "fail",
      actual: "Conditions NotOnOrAfter 2026-11-26T08:00:00.000Z",
    });
  });

  it("ASSERTION_NOT_YET_VALID: this server's clock is 10 minutes behind Entra's", async () => {
    frozenAt = FIXED;
    const { error, diagnosis } = await failWith(MICLOUD, { now: new Date(FIXED + 10 * 60_000) });
    expect(error.code).toBe("ASSERTION_NOT_YET_VALID");
    expect(diagnosis?.times).toMatchObject({
      notBefore: "2026-11-26T10:05:00.000Z",
      issuedOffsetSeconds: 600,
      secondsBeforeNotBefore: 300,
    });
    expect(diagnosis?.cause).toContain("valid only from 2026-11-26T10:05:00.000Z");
    expect(diagnosis?.fix).toContain("a difference of 600 seconds");
    expect(diagnosis?.fix).toContain("synchronise it (NTP)");
  });
});

describe("Entra errors (IDP_ERROR_STATUS): the AADSTS code, what it means, how to fix it", () => {
  it.each([
    [
      "AADSTS50011",
      /Reply URL \(Assertion Consumer Service URL\): add http:\/\/localhost:3999\/micloud\/diag-micloud\/saml\/acs/,
    ],
    [
      "AADSTS700016",
      /Identifier \(Entity ID\): set it to http:\/\/localhost:3999\/micloud\/diag-micloud\/saml\/metadata/,
    ],
    ["AADSTS50105", /Users and groups > Add user\/group/],
    ["AADSTS75011", /RequestedAuthnContext/],
    ["AADSTS75016", /NameIDPolicy|unspecified/],
    ["AADSTS7500529", /start with “_”/],
    ["AADSTS50003", /SAML Signing Certificate: add a certificate and make it active/],
    ["AADSTS501241", /Unique User Identifier \(Name ID\): choose user\.userprincipalname/],
  ])("%s", async (code, fix) => {
    const { error, diagnosis } = await failWith(MICLOUD, {
      status: {
        code: "urn:oasis:names:tc:SAML:2.0:status:Requester",
        subCode: "urn:oasis:names:tc:SAML:2.0:status:RequestDenied",
        message: `${code}: Entra's own words about the problem.\r\nTrace ID: 0000\r\nCorrelation ID: 1111`,
      },
    });
    expect(error.code).toBe("IDP_ERROR_STATUS");
    expect(diagnosis?.aadsts?.code).toBe(code);
    expect(diagnosis?.aadsts?.message).toBe(`${code}: Entra's own words about the problem.`);
    expect(diagnosis?.aadsts?.meaning).toBeTruthy();
    expect(diagnosis?.cause).toContain(`Entra answered with ${code}`);
    expect(diagnosis?.fix).toMatch(fix);
    expect(verdict(diagnosis, "status")).toMatchObject({ status: "fail", expected: "Success" });
    expect(verdict(diagnosis, "status").actual).toContain("Requester / RequestDenied");
  });

  it("an unknown AADSTS code points to Entra's sign-in logs", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, {
      status: {
        code: "urn:oasis:names:tc:SAML:2.0:status:Responder",
        message: "AADSTS9999999: something new",
      },
    });
    expect(error.code).toBe("IDP_ERROR_STATUS");
    expect(diagnosis?.fix).toContain("Sign-in logs");
  });
});

describe("requests and replays", () => {
  it("UNSOLICITED_RESPONSE: SP-initiated only, start from the Sign-on URL", async () => {
    const { body } = await postSignedResponse(rt.app, MICLOUD, null);
    expect(body.error.code).toBe("UNSOLICITED_RESPONSE");
    const { diagnosis } = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(diagnosis?.cause).toMatch(/SP-initiated SSO only/);
    expect(diagnosis?.fix).toContain(`Sign on URL: set ${TEST_PUBLIC_URL}/micloud/portal`);
    expect(diagnosis?.fix).toMatch(/My Apps tile and Test this application/);
    expect(verdict(diagnosis, "in-response-to")).toMatchObject({
      status: "fail",
      actual: "(none: IdP-initiated)",
    });
  });

  it("UNKNOWN_REQUEST: never issued here", async () => {
    const { body } = await postSignedResponse(rt.app, MICLOUD, "_never-issued");
    expect(body.error.code).toBe("UNKNOWN_REQUEST");
    const { diagnosis } = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(diagnosis?.cause).toContain("_never-issued");
    expect(diagnosis?.fix).toContain(MICLOUD.replyUrl);
  });

  it("UNKNOWN_REQUEST: the request expired (the times and the limit)", async () => {
    const start = Date.parse("2026-11-26T09:00:00.000Z");
    frozenAt = start;
    const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${MICLOUD.id}`);
    frozenAt = start + 25 * 60_000;
    const response = signTestResponse({
      now: new Date(frozenAt),
      replyUrl: MICLOUD.replyUrl,
      audience: MICLOUD.entityId,
      inResponseTo: flow.request.id,
    });
    const res = await postToAcs(flow.agent, MICLOUD.acsPath, response.base64, {
      binding: flow.binding,
      accept: "application/json",
    });
    const body = res.body as { error: { code: string; traceId: string } };
    expect(body.error.code).toBe("UNKNOWN_REQUEST");
    const { diagnosis } = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(diagnosis?.cause).toContain(
      "issued at 2026-11-26T09:00:00.000Z and expired at 2026-11-26T09:10:00.000Z",
    );
    expect(diagnosis?.cause).toContain("25 minutes");
    expect(diagnosis?.fix).toContain("within 10 minutes");
  });

  it("RESPONSE_REPLAYED: the second post of the same response", async () => {
    const { res, flow, response } = await attemptSignIn(rt.app, MICLOUD);
    expect(res.status).toBe(303);
    const again = await postToAcs(flow.agent, MICLOUD.acsPath, response.base64, {
      binding: flow.binding,
      accept: "application/json",
    });
    const body = again.body as { error: { code: string; traceId: string } };
    expect(body.error.code).toBe("RESPONSE_REPLAYED");
    const { diagnosis } = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(verdict(diagnosis, "request")).toMatchObject({ status: "fail", code: "RESPONSE_REPLAYED" });
    expect(verdict(diagnosis, "request").actual).toContain(flow.request.id);
    expect(diagnosis?.fix).toMatch(/accepted once/);
  });

  it("REQUEST_NOT_FROM_THIS_BROWSER: the cookie did not come with Entra's POST", async () => {
    const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${MICLOUD.id}`);
    const { body } = await postSignedResponse(rt.app, MICLOUD, flow.request.id);
    expect(body.error.code).toBe("REQUEST_NOT_FROM_THIS_BROWSER");
    const { diagnosis } = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(verdict(diagnosis, "browser")).toMatchObject({ status: "fail" });
    expect(verdict(diagnosis, "request").status).toBe("pass");
    expect(diagnosis?.fix).toMatch(/cookie/);
  });
});

describe("settings and message problems", () => {
  it("SSO_DISABLED at the ACS: the Mitel portal's check box", async () => {
    const off = accountPaths("micloud", "diag-off");
    await createWiredAccount(rt, { id: off.id, platform: "micloud", sso: { enabled: false } });
    const { body } = await postSignedResponse(rt.app, off, "_x");
    expect(body.error.code).toBe("SSO_DISABLED");
    const { diagnosis } = await recordOf(rt.app, off.id, body.error.traceId);
    expect(diagnosis?.fix).toContain("tick Enable Single Sign-On and Save");
    expect(verdict(diagnosis, "sso-enabled")).toMatchObject({ status: "fail", actual: "disabled" });
  });

  it("SAML_RESPONSE_MALFORMED: recorded with the reason", async () => {
    const { body } = await postRaw(
      rt.app,
      MICLOUD,
      Buffer.from("<samlp:Response><unclosed>").toString("base64"),
    );
    expect(body.error.code).toBe("SAML_RESPONSE_MALFORMED");
    const record = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(record.diagnosis?.verdicts.find((v) => v.status === "fail")).toMatchObject({
      id: "xml",
      code: "SAML_RESPONSE_MALFORMED",
    });
    expect(record.cause).toMatch(/not well-formed/);
  });

  it("MULTIPLE_ASSERTIONS", async () => {
    const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${MICLOUD.id}`);
    const response = signTestResponse({
      replyUrl: MICLOUD.replyUrl,
      audience: MICLOUD.entityId,
      inResponseTo: flow.request.id,
    });
    const assertion = response.xml.slice(
      response.xml.indexOf("<Assertion"),
      response.xml.indexOf("</samlp:Response>"),
    );
    const doubled = response.xml.replace(
      "</samlp:Response>",
      `${assertion.replace(/ID="_/, 'ID="_copy')}</samlp:Response>`,
    );
    const res = await postToAcs(flow.agent, MICLOUD.acsPath, Buffer.from(doubled).toString("base64"), {
      binding: flow.binding,
      accept: "application/json",
    });
    const body = res.body as { error: { code: string; traceId: string } };
    expect(body.error.code).toBe("MULTIPLE_ASSERTIONS");
    const { diagnosis } = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(verdict(diagnosis, "assertion-count")).toMatchObject({ status: "fail", actual: "2 Assertion" });
  });

  it("NAMEID_MISSING", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, { nameId: "" });
    expect(error.code).toBe("NAMEID_MISSING");
    expect(diagnosis?.fix).toContain("Unique User Identifier (Name ID)");
    expect(verdict(diagnosis, "nameid")).toMatchObject({ status: "fail", actual: "(none)" });
  });
});

/** Signs the assertion of an unsigned response the way Entra does (for shapes the builder cannot make). */
function signAssertion(xml: string): string {
  const assertion = "/*[local-name(.)='Response']/*[local-name(.)='Assertion']";
  const der = TEST_IDP.certificatePem.replace(/-----[^-]+-----|\s/g, "");
  const signer = new SignedXml({
    privateKey: TEST_IDP.privateKeyPem,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
    getKeyInfoContent: () => `<X509Data><X509Certificate>${der}</X509Certificate></X509Data>`,
  });
  signer.addReference({
    xpath: assertion,
    transforms: [
      "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
      "http://www.w3.org/2001/10/xml-exc-c14n#",
    ],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  signer.computeSignature(xml, {
    location: { reference: `${assertion}/*[local-name(.)='Issuer']`, action: "after" },
  });
  return signer.getSignedXml();
}

describe("the rest of the codes, each recorded with its fix", () => {
  it("SAML_RESPONSE_MISSING: the form had no SAMLResponse", async () => {
    const res = await request(rt.app)
      .post(MICLOUD.acsPath)
      .type("form")
      .set("Accept", "application/json")
      .send({ RelayState: "/x" });
    const body = res.body as { error: { code: string; traceId: string; fix: string } };
    expect(body.error.code).toBe("SAML_RESPONSE_MISSING");
    const record = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(record.fix).toContain("Start the sign-in from the Sign-on URL");
    expect(record.relayState).toBe("/x");
  });

  it("SAML_MESSAGE_UNEXPECTED: a LogoutResponse posted to the Reply URL", async () => {
    const logout =
      '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_l" Version="2.0"/>';
    const { body } = await postRaw(rt.app, MICLOUD, Buffer.from(logout).toString("base64"));
    expect(body.error.code).toBe("SAML_MESSAGE_UNEXPECTED");
    const { diagnosis } = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(verdict(diagnosis, "message")).toMatchObject({
      status: "fail",
      expected: "samlp:Response",
      actual: "LogoutResponse",
    });
    expect(diagnosis?.fix).toContain("Logout URL");
  });

  it("XML_DOCTYPE_FORBIDDEN", async () => {
    const xml =
      '<!DOCTYPE r [<!ENTITY e "x">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&e;</samlp:Response>';
    const { body } = await postRaw(rt.app, MICLOUD, Buffer.from(xml).toString("base64"));
    expect(body.error.code).toBe("XML_DOCTYPE_FORBIDDEN");
    const record = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(record.fix).toContain("never contain a DOCTYPE");
    expect(record.diagnosis?.verdicts.find((v) => v.status === "fail")).toMatchObject({
      id: "xml",
      code: "XML_DOCTYPE_FORBIDDEN",
    });
  });

  it("IDP_NOT_CONFIGURED at the Reply URL: the fields in the portal's words", async () => {
    const bare = accountPaths("cloudlink", "diag-bare");
    await rt.ctx.accounts.create({ id: bare.id, platform: "cloudlink", displayName: "Bare" });
    await rt.ctx.accounts.update(bare.id, { sso: { enabled: true, idpSignInUrl: TEST_IDP.signInUrl } });
    const { body } = await postSignedResponse(rt.app, bare, "_x");
    expect(body.error.code).toBe("IDP_NOT_CONFIGURED");
    const { diagnosis } = await recordOf(rt.app, bare.id, body.error.traceId);
    expect(diagnosis?.cause).toContain("IDP Identifier (Entity ID), Signing Certificate missing");
    expect(diagnosis?.fix).toContain("CloudLink Accounts portal");
    expect(verdict(diagnosis, "sso-enabled")).toMatchObject({ status: "fail", code: "IDP_NOT_CONFIGURED" });
  });

  it("BEARER_CONFIRMATION_MISSING: a signed assertion without a bearer confirmation", async () => {
    const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${MICLOUD.id}`);
    const unsigned = signTestResponse({
      replyUrl: MICLOUD.replyUrl,
      audience: MICLOUD.entityId,
      inResponseTo: flow.request.id,
      signing: { mode: "none" },
    });
    const holderOfKey = unsigned.xml.replace(
      'Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"',
      'Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"',
    );
    const signed = Buffer.from(signAssertion(holderOfKey)).toString("base64");
    const res = await postToAcs(flow.agent, MICLOUD.acsPath, signed, {
      binding: flow.binding,
      accept: "application/json",
    });
    const body = res.body as { error: { code: string; traceId: string } };
    expect(body.error.code).toBe("BEARER_CONFIRMATION_MISSING");
    const { diagnosis } = await recordOf(rt.app, MICLOUD.id, body.error.traceId);
    expect(verdict(diagnosis, "signature").status).toBe("pass");
    expect(verdict(diagnosis, "bearer")).toMatchObject({
      status: "fail",
      expected: "urn:oasis:names:tc:SAML:2.0:cm:bearer",
      actual: "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key",
    });
    expect(diagnosis?.fix).toContain("bearer confirmation");
  });
});

describe("the user-facing page keeps to the code, the cause, the fix and the trace id", () => {
  it("shows the engine's fix but none of the admin detail", async () => {
    const other = await generateSigningCertificate();
    const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${MICLOUD.id}`);
    const response = signTestResponse({
      replyUrl: MICLOUD.replyUrl,
      audience: MICLOUD.entityId,
      inResponseTo: flow.request.id,
      signing: { certificatePem: other.certificatePem, privateKeyPem: other.privateKeyPem },
    });
    const res = await postToAcs(flow.agent, MICLOUD.acsPath, response.base64, {
      binding: flow.binding,
      accept: "text/html",
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('data-error-code="CERTIFICATE_MISMATCH"');
    expect(res.text).toContain(other.sha1Thumbprint);
    expect(res.text).toMatch(
      /data-fix>In Entra: Mitel Connect &gt; Single sign-on &gt; SAML Signing Certificate/,
    );
    expect(res.text).toMatch(/data-trace-id>[A-Z0-9x]{6,}</);
    expect(res.text).not.toContain("data-expected");
    expect(res.text).not.toContain("SHA-256");
  });

  it("an unauthenticated client cannot read the record", async () => {
    const res = await request(rt.app).get(`/api/v1/accounts/${MICLOUD.id}/sign-ins`);
    expect(res.status).toBe(401);
  });
});
