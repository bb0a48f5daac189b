import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  MAX_AUTHN_REQUEST_BYTES,
  type ParseAuthnRequestResult,
  parseAuthnRequest,
} from "../../../src/idp-simulator/saml/parse-authn-request.js";

const SP_REQUEST =
  '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ' +
  'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1b2c3d4e5f6" Version="2.0" ' +
  'IssueInstant="2026-11-26T09:59:58.123Z" ' +
  'Destination="https://login.microsoftonline.com/3f2b8c1e-7d4a-4e96-b0c5-9a1d2e3f4a5b/saml2" ' +
  'AssertionConsumerServiceURL="https://mitel-mock-sp.test/micloud/saml/acs" ' +
  'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">' +
  "<saml:Issuer>https://mitel-mock-sp.test/micloud</saml:Issuer>" +
  '<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/>' +
  "</samlp:AuthnRequest>";

const redirect = (xml: string): string => deflateRawSync(Buffer.from(xml, "utf8")).toString("base64");
const post = (xml: string): string => Buffer.from(xml, "utf8").toString("base64");

function errorOf(result: ParseAuthnRequestResult): string {
  if (result.ok) {
    throw new Error("expected a refusal");
  }
  return result.error;
}

describe("parseAuthnRequest", () => {
  it("parses a deflated HTTP-Redirect request", () => {
    expect(parseAuthnRequest(redirect(SP_REQUEST), "redirect")).toEqual({
      ok: true,
      request: {
        id: "_a1b2c3d4e5f6",
        issuer: "https://mitel-mock-sp.test/micloud",
        acsUrl: "https://mitel-mock-sp.test/micloud/saml/acs",
        destination: "https://login.microsoftonline.com/3f2b8c1e-7d4a-4e96-b0c5-9a1d2e3f4a5b/saml2",
        nameIdPolicyFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        hasSubject: false,
        forceAuthn: false,
        isPassive: false,
        protocolBinding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
      },
    });
  });

  it("parses an HTTP-POST request, also when the base64 is wrapped in lines", () => {
    const encoded = post(SP_REQUEST).replace(/(.{76})/g, "$1\r\n");
    const result = parseAuthnRequest(encoded, "post");
    expect(result.ok && result.request.id).toBe("_a1b2c3d4e5f6");
  });

  it("reads Microsoft's minimal sample: default-namespace Issuer, nothing optional", () => {
    const sample =
      '<samlp:AuthnRequest xmlns="urn:oasis:names:tc:SAML:2.0:metadata" ID="id6c1c178c166d486687be4aaf5e482730" ' +
      'Version="2.0" IssueInstant="2013-03-18T03:28:54.1839884Z" xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">\n' +
      '  <Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">https://www.contoso.com</Issuer>\n' +
      "</samlp:AuthnRequest>";
    expect(parseAuthnRequest(redirect(sample), "redirect")).toEqual({
      ok: true,
      request: {
        id: "id6c1c178c166d486687be4aaf5e482730",
        issuer: "https://www.contoso.com",
        acsUrl: null,
        destination: null,
        nameIdPolicyFormat: null,
        hasSubject: false,
        forceAuthn: false,
        isPassive: false,
        protocolBinding: null,
      },
    });
  });

  it("reads ForceAuthn, IsPassive and a Subject", () => {
    const xml = SP_REQUEST.replace('Version="2.0"', 'Version="2.0" ForceAuthn="true" IsPassive="1"').replace(
      "</saml:Issuer>",
      "</saml:Issuer><saml:Subject><saml:NameID>bob@contoso.example</saml:NameID></saml:Subject>",
    );
    const result = parseAuthnRequest(redirect(xml), "redirect");
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.request.forceAuthn).toBe(true);
      expect(result.request.isPassive).toBe(true);
      expect(result.request.hasSubject).toBe(true);
    }
    const bad = SP_REQUEST.replace('Version="2.0"', 'Version="2.0" ForceAuthn="yes"');
    expect(errorOf(parseAuthnRequest(redirect(bad), "redirect"))).toMatch(/ForceAuthn/);
  });

  it("refuses DOCTYPE and ENTITY declarations", () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE samlp:AuthnRequest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      SP_REQUEST.replace("https://mitel-mock-sp.test/micloud</saml:Issuer>", "&xxe;</saml:Issuer>");
    expect(errorOf(parseAuthnRequest(redirect(xxe), "redirect"))).toMatch(/DOCTYPE or ENTITY/);
    expect(errorOf(parseAuthnRequest(post(xxe), "post"))).toMatch(/DOCTYPE or ENTITY/);
    const lowercase = `<!doctype x>${SP_REQUEST}`;
    expect(errorOf(parseAuthnRequest(post(lowercase), "post"))).toMatch(/DOCTYPE or ENTITY/);
  });

  it("refuses garbage", () => {
    expect(errorOf(parseAuthnRequest("", "redirect"))).toMatch(/empty/);
    expect(errorOf(parseAuthnRequest("%%%not base64%%%", "redirect"))).toMatch(/base64/);
    expect(errorOf(parseAuthnRequest("aGVsbG8gd29ybGQ=", "redirect"))).toMatch(/DEFLATE/);
    expect(errorOf(parseAuthnRequest(post("hello world"), "post"))).toMatch(/root element|XML/);
    expect(errorOf(parseAuthnRequest(post("<samlp:AuthnRequest"), "post"))).toMatch(/well-formed/);
    expect(errorOf(parseAuthnRequest(post(`${SP_REQUEST}<x/>`), "post"))).toMatch(/well-formed/);
    expect(errorOf(parseAuthnRequest(post("<a>\u0001</a>"), "post"))).toMatch(/XML 1.0/);
    expect(errorOf(parseAuthnRequest(Buffer.from([0xc3, 0x28]).toString("base64"), "post"))).toMatch(/UTF-8/);
    // A request that is well-formed but was sent the other binding's way is not mistaken for valid.
    expect(parseAuthnRequest(post(SP_REQUEST), "redirect").ok).toBe(false);
  });

  it("refuses other roots, other namespaces, a missing ID and a wrong Version", () => {
    const wrongRoot = SP_REQUEST.replace(/samlp:AuthnRequest/g, "samlp:LogoutRequest");
    expect(errorOf(parseAuthnRequest(redirect(wrongRoot), "redirect"))).toMatch(/root element/);
    const wrongNs = SP_REQUEST.replace(
      'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"',
      'xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol"',
    );
    expect(errorOf(parseAuthnRequest(redirect(wrongNs), "redirect"))).toMatch(/root element/);
    const noId = SP_REQUEST.replace('ID="_a1b2c3d4e5f6" ', "");
    expect(errorOf(parseAuthnRequest(redirect(noId), "redirect"))).toMatch(/no ID/);
    const v1 = SP_REQUEST.replace('Version="2.0"', 'Version="1.1"');
    expect(errorOf(parseAuthnRequest(redirect(v1), "redirect"))).toMatch(/Version/);
  });

  it("caps the inflated size at 64 KB (deflate bombs) and the posted size likewise", () => {
    const padding = " ".repeat(MAX_AUTHN_REQUEST_BYTES);
    const big = SP_REQUEST.replace("</samlp:AuthnRequest>", `${padding}</samlp:AuthnRequest>`);
    expect(errorOf(parseAuthnRequest(redirect(big), "redirect"))).toMatch(/more than 65536 bytes/);
    expect(errorOf(parseAuthnRequest(post(big), "post"))).toMatch(/larger than 65536 bytes|too long/);
    const bomb = deflateRawSync(Buffer.alloc(10 * 1024 * 1024, 0x20)).toString("base64");
    expect(errorOf(parseAuthnRequest(bomb, "redirect"))).toMatch(/more than 65536 bytes/);
  });
});
