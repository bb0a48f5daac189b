/**
 * The Single Logout endpoint's checks (saml/logout/check-logout-message.ts), table by table, on
 * sign-out messages signed as Entra signs them (HTTP-Redirect query signature) by the test IdP's
 * key, through the simulator's own builders (no SP code signs them).
 */
import { generateKeyPairSync } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  buildLogoutRequest,
  buildLogoutResponse,
  LOGOUT_STATUS,
} from "../../../src/idp-simulator/saml/build-logout-messages.js";
import { signedRedirectUrl } from "../../../src/idp-simulator/saml/redirect-binding.js";
import { checkLogoutMessage } from "../../../src/saml/logout/check-logout-message.js";
import { decodeLogoutMessage } from "../../../src/saml/logout/decode-logout-message.js";
import { isConfiguredIssuer } from "../../../src/saml/logout/entra-issuer.js";
import { TEST_IDP } from "../../helpers/test-idp.js";
import { makeAccount } from "../accounts/support.js";

const PUBLIC_URL = "https://sp.example";
const account = makeAccount("micloud", {
  enabled: true,
  idpSignInUrl: TEST_IDP.signInUrl,
  idpEntityId: TEST_IDP.entityId,
  idpCertificates: [TEST_IDP.certificatePem],
  idpLogoutUrl: TEST_IDP.signInUrl,
});
const SLO = `${PUBLIC_URL}/micloud/${account.id}/saml/logout`;
const REQUEST_ID = "_0123456789abcdef";
const NOW = new Date("2026-12-06T08:00:00Z");
const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

function logoutResponseXml(overrides: { inResponseTo?: string; status?: string; destination?: string } = {}) {
  return buildLogoutResponse({
    tenantId: TEST_IDP.tenantId,
    destination: overrides.destination ?? SLO,
    inResponseTo: overrides.inResponseTo ?? REQUEST_ID,
    status: overrides.status ?? LOGOUT_STATUS.success,
    now: NOW,
  }).xml;
}

function arrived(
  param: "SAMLRequest" | "SAMLResponse",
  xml: string,
  signing: { key?: string; algorithm?: "sha256" | "sha1" } = {},
) {
  const url = new URL(
    signedRedirectUrl({
      target: SLO,
      param,
      xml,
      relayState: null,
      signing: {
        privateKeyPem: signing.key ?? TEST_IDP.privateKeyPem,
        algorithm: signing.algorithm ?? "sha256",
      },
    }),
  );
  return {
    query: Object.fromEntries(url.searchParams) as Record<string, unknown>,
    originalQuery: url.search.slice(1),
  };
}

const check = (
  kind: "LogoutRequest" | "LogoutResponse",
  message: ReturnType<typeof arrived>,
  extra: { expectedRequestId?: string | null; allowSha1?: boolean } = {},
) =>
  checkLogoutMessage(kind, {
    account: extra.allowSha1 ? { ...account, sso: { ...account.sso, allowSha1: true } } : account,
    publicUrl: PUBLIC_URL,
    clockSkewMs: 180_000,
    requestTtlMs: 600_000,
    ...message,
    expectedRequestId: extra.expectedRequestId === undefined ? REQUEST_ID : extra.expectedRequestId,
  });

const codeOf = async (p: ReturnType<typeof check>) => {
  const result = await p;
  return result.ok ? "OK" : result.failure.code;
};

describe("Entra's LogoutResponse at the Single Logout endpoint", () => {
  it("accepts Entra's signed Success answering this browser's request", async () => {
    expect(await codeOf(check("LogoutResponse", arrived("SAMLResponse", logoutResponseXml())))).toBe("OK");
  });

  it("accepts the Issuer in its login.microsoftonline.com form (Microsoft's documentation names both)", async () => {
    const xml = logoutResponseXml().replace(
      TEST_IDP.entityId,
      `https://login.microsoftonline.com/${TEST_IDP.tenantId}/`,
    );
    expect(await codeOf(check("LogoutResponse", arrived("SAMLResponse", xml)))).toBe("OK");
  });

  it.each([
    [
      "another tenant's Issuer",
      logoutResponseXml().replace(TEST_IDP.tenantId, "00000000-0000-4000-8000-00000000beef"),
      "SLO_ISSUER_MISMATCH",
    ],
    [
      "another Destination",
      logoutResponseXml({ destination: "https://other.example/saml/logout" }),
      "SLO_DESTINATION_MISMATCH",
    ],
    [
      "another request's InResponseTo",
      logoutResponseXml({ inResponseTo: "_someone-else" }),
      "SLO_UNKNOWN_REQUEST",
    ],
    ["an error status", logoutResponseXml({ status: LOGOUT_STATUS.requester }), "SLO_ERROR_STATUS"],
  ])("refuses %s", async (_what, xml, code) => {
    expect(await codeOf(check("LogoutResponse", arrived("SAMLResponse", xml)))).toBe(code);
  });

  it("answers nothing when this browser sent no LogoutRequest", async () => {
    const result = await check("LogoutResponse", arrived("SAMLResponse", logoutResponseXml()), {
      expectedRequestId: null,
    });
    expect(result.ok ? null : result.failure).toMatchObject({
      code: "SLO_UNKNOWN_REQUEST",
      expected: "(no sign-out pending)",
    });
  });

  it("decides the signature before anything the message says: an error status signed by another key is a bad signature", async () => {
    const forged = arrived("SAMLResponse", logoutResponseXml({ status: LOGOUT_STATUS.requester }), {
      key: otherKey,
    });
    expect(await codeOf(check("LogoutResponse", forged))).toBe("SLO_SIGNATURE_INVALID");
  });

  it("refuses a message changed after signing, and an unsigned one", async () => {
    const good = arrived("SAMLResponse", logoutResponseXml());
    // Another LogoutResponse (its own ID) under the first one's signature.
    const swapped = deflateRawSync(Buffer.from(logoutResponseXml())).toString("base64");
    const changed = {
      query: { ...good.query, SAMLResponse: swapped },
      originalQuery: good.originalQuery.replace(
        /SAMLResponse=[^&]*/,
        `SAMLResponse=${encodeURIComponent(swapped)}`,
      ),
    };
    expect(await codeOf(check("LogoutResponse", changed))).toBe("SLO_SIGNATURE_INVALID");
    const { Signature: _s, SigAlg: _a, ...unsignedQuery } = good.query;
    const unsigned = { query: unsignedQuery, originalQuery: good.originalQuery.replace(/&SigAlg=.*$/, "") };
    expect(await codeOf(check("LogoutResponse", unsigned))).toBe("SLO_SIGNATURE_MISSING");
  });

  it("takes SHA-1 only where the account allows SHA-1", async () => {
    const sha1 = arrived("SAMLResponse", logoutResponseXml(), { algorithm: "sha1" });
    expect(await codeOf(check("LogoutResponse", sha1))).toBe("SLO_SIGNATURE_INVALID");
    expect(await codeOf(check("LogoutResponse", sha1, { allowSha1: true }))).toBe("OK");
  });

  it.each([
    ["missing", {}],
    ["repeated", { SAMLResponse: ["a", "b"] }],
    ["not base64", { SAMLResponse: "%%%" }],
  ])("refuses a SAMLResponse that is %s as malformed", async (_what, query) => {
    expect(await codeOf(check("LogoutResponse", { query, originalQuery: "" }))).toBe("SLO_MESSAGE_MALFORMED");
  });
});

describe("Entra's LogoutRequest at the Single Logout endpoint", () => {
  const requestXml = (sessionIndex: string | null = "_assertion-1") =>
    buildLogoutRequest({
      tenantId: TEST_IDP.tenantId,
      destination: SLO,
      nameId: "B.Simon@contoso.com",
      nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
      sessionIndex,
      now: new Date(),
    }).xml;

  it("accepts Entra's signed request and names the user and session", async () => {
    const result = await check("LogoutRequest", arrived("SAMLRequest", requestXml()), {
      expectedRequestId: null,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.message).toMatchObject({ nameId: "B.Simon@contoso.com", sessionIndexes: ["_assertion-1"] });
    expect(result.profile?.nameID).toBe("B.Simon@contoso.com");
  });

  it("refuses a LogoutRequest signed by a key that is not configured", async () => {
    const forged = arrived("SAMLRequest", requestXml(), { key: otherKey });
    expect(await codeOf(check("LogoutRequest", forged, { expectedRequestId: null }))).toBe(
      "SLO_SIGNATURE_INVALID",
    );
  });
});

describe("decoding and the Issuer rule", () => {
  const encode = (xml: string) => deflateRawSync(Buffer.from(xml)).toString("base64");

  it("refuses a DOCTYPE, another root element, and an inflate bomb", () => {
    expect(decodeLogoutMessage(encode('<!DOCTYPE x [<!ENTITY a "b">]><x/>'), "LogoutResponse").ok).toBe(
      false,
    );
    const authn = '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1"/>';
    const wrongRoot = decodeLogoutMessage(encode(authn), "LogoutResponse");
    expect(wrongRoot.ok ? "" : wrongRoot.reason).toContain("must be a SAML 2.0 LogoutResponse");
    const bomb = decodeLogoutMessage(
      deflateRawSync(Buffer.alloc(1 << 20, 32)).toString("base64"),
      "LogoutResponse",
    );
    expect(bomb.ok ? "" : bomb.reason).toContain("inflates to more than");
  });

  it("the Issuer is the configured tenant in either of Entra's forms, nothing else", () => {
    const tid = TEST_IDP.tenantId;
    expect(isConfiguredIssuer(TEST_IDP.entityId, TEST_IDP.entityId)).toBe(true);
    expect(
      isConfiguredIssuer(`https://login.microsoftonline.com/${tid.toUpperCase()}/`, TEST_IDP.entityId),
    ).toBe(true);
    expect(isConfiguredIssuer(`https://login.microsoftonline.com/${tid}`, TEST_IDP.entityId)).toBe(false);
    expect(
      isConfiguredIssuer(
        "https://login.microsoftonline.com/00000000-0000-4000-8000-000000000000/",
        TEST_IDP.entityId,
      ),
    ).toBe(false);
    expect(isConfiguredIssuer(null, TEST_IDP.entityId)).toBe(false);
    expect(isConfiguredIssuer(`https://login.microsoftonline.com/${tid}/`, "https://idp.example/")).toBe(
      false,
    );
  });
});
