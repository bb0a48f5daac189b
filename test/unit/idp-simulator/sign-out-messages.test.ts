import { createVerify } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  buildLogoutRequest,
  buildLogoutResponse,
  LOGOUT_STATUS,
} from "../../../src/idp-simulator/saml/build-logout-messages.js";
import {
  parseLogoutRequest,
  parseLogoutResponse,
  samlRequestKind,
} from "../../../src/idp-simulator/saml/parse-logout-message.js";
import { signedRedirectUrl } from "../../../src/idp-simulator/saml/redirect-binding.js";
import { TEST_IDP } from "../../helpers/test-idp.js";
import { redirectEncode } from "./simulator-harness.js";

const NOW = new Date("2026-12-06T08:00:00.000Z");
const LOGOUT_URL = "https://sp.example/micloud/acc/saml/logout?tenant=x";

describe("the simulator's sign-out messages", () => {
  it("a LogoutResponse as Microsoft documents it: InResponseTo, Entra Identifier as Issuer, Success", () => {
    const { id, xml } = buildLogoutResponse({
      tenantId: TEST_IDP.tenantId,
      destination: LOGOUT_URL,
      inResponseTo: "_req<1>",
      status: LOGOUT_STATUS.success,
      now: NOW,
    });
    expect(id).toMatch(/^_[0-9a-f-]{36}$/);
    expect(xml).toContain('InResponseTo="_req&lt;1&gt;"');
    expect(xml).toContain('IssueInstant="2026-12-06T08:00:00.000Z"');
    expect(xml).toContain(
      `<Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">${TEST_IDP.entityId}</Issuer>`,
    );
    expect(parseLogoutResponse(redirectEncode(xml))).toEqual({
      ok: true,
      value: { inResponseTo: "_req<1>", issuer: TEST_IDP.entityId, statusCode: LOGOUT_STATUS.success },
    });
  });

  it("a refused sign-out: the error's StatusCode, nested StatusCode and StatusMessage, as in Entra's SAML Responses", () => {
    const { xml } = buildLogoutResponse({
      tenantId: TEST_IDP.tenantId,
      destination: LOGOUT_URL,
      inResponseTo: "_req1",
      status: LOGOUT_STATUS.requester,
      subStatus: "urn:oasis:names:tc:SAML:2.0:status:RequestDenied",
      statusMessage: "AADSTS53003: Access has been blocked by Conditional Access policies & more.",
      now: NOW,
    });
    expect(xml).toContain(
      '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester">' +
        '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestDenied"/></samlp:StatusCode>' +
        "<samlp:StatusMessage>AADSTS53003: Access has been blocked by Conditional Access policies &amp; more.</samlp:StatusMessage>" +
        "</samlp:Status>",
    );
    expect(parseLogoutResponse(redirectEncode(xml))).toEqual({
      ok: true,
      value: { inResponseTo: "_req1", issuer: TEST_IDP.entityId, statusCode: LOGOUT_STATUS.requester },
    });
  });

  it("a LogoutRequest names the NameID and SessionIndex of the app's sign-in", () => {
    const { xml } = buildLogoutRequest({
      tenantId: TEST_IDP.tenantId,
      destination: LOGOUT_URL,
      nameId: "B.Simon@contoso.com",
      nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
      sessionIndex: "_assertion-1",
      now: NOW,
    });
    const parsed = parseLogoutRequest(redirectEncode(xml));
    expect(parsed).toMatchObject({
      ok: true,
      value: { nameId: "B.Simon@contoso.com", sessionIndex: "_assertion-1" },
    });
    expect(samlRequestKind(redirectEncode(xml))).toBe("LogoutRequest");
    expect(samlRequestKind("%%%")).toBeNull();
  });

  it("refuses what is not a sign-out message", () => {
    const authn =
      '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" Version="2.0"/>';
    expect(parseLogoutRequest(redirectEncode(authn)).ok).toBe(false);
    expect(parseLogoutResponse(redirectEncode(authn)).ok).toBe(false);
    expect(parseLogoutRequest("not base64!").ok).toBe(false);
  });

  it("signs the query as sent, with lower-case escapes, after the Logout Url's own query", () => {
    const xml = "<samlp:LogoutResponse/>";
    const url = signedRedirectUrl({
      target: LOGOUT_URL,
      param: "SAMLResponse",
      xml,
      relayState: "/micloud/portal",
      signing: { privateKeyPem: TEST_IDP.privateKeyPem, algorithm: "sha256" },
    });
    expect(url.startsWith(`${LOGOUT_URL}&SAMLResponse=`)).toBe(true);
    expect(url).toContain(
      "RelayState=%2fmicloud%2fportal&SigAlg=http%3a%2f%2fwww.w3.org%2f2001%2f04%2fxmldsig-more%23rsa-sha256&Signature=",
    );
    const query = url.slice(url.indexOf("SAMLResponse="));
    const signedPart = query.slice(0, query.indexOf("&Signature="));
    const signature = decodeURIComponent(query.slice(query.indexOf("&Signature=") + 11));
    expect(
      createVerify("RSA-SHA256").update(signedPart).verify(TEST_IDP.certificatePem, signature, "base64"),
    ).toBe(true);
    const sent = new URL(url).searchParams.get("SAMLResponse") ?? "";
    expect(inflateRawSync(Buffer.from(sent, "base64")).toString("utf8")).toBe(xml);
  });
});
