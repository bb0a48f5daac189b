import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { authnRequestView } from "../../../src/diagnostics/authn-request-view.js";
import type { SignInRecord } from "../../../src/domain/sign-in-record.js";
import { MAX_SENT_SAML_REQUEST, sentAuthnRequestOf } from "../../../src/saml/sent-authn-request.js";

const XML =
  '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_req1" Version="2.0"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://sp.example/metadata</saml:Issuer></samlp:AuthnRequest>';
const encoded = deflateRawSync(Buffer.from(XML)).toString("base64");
const LOGIN = "https://login.microsoftonline.com/8f1c3e0a-5b7d-4c2e-9a61-2d4b7e9c0f13/saml2";

function startedWith(authnRequest: unknown): SignInRecord {
  return {
    traceId: "t1",
    accountId: "a",
    at: 0,
    outcome: "started",
    failureCode: null,
    cause: null,
    fix: null,
    details: { authnRequest },
    nameId: null,
    nameIdFormat: null,
    userId: null,
    requestId: "_req1",
    relayState: null,
    samlResponse: null,
  };
}

describe("the AuthnRequest as the log keeps and shows it", () => {
  it("an unsigned redirect: SAMLRequest as sent, destination without the query", () => {
    const url = `${LOGIN}?SAMLRequest=${encodeURIComponent(encoded)}&RelayState=%2Fmicloud%2Fportal&login_hint=b%40contoso.com`;
    expect(sentAuthnRequestOf(url)).toEqual({
      binding: "HTTP-Redirect",
      destination: LOGIN,
      samlRequest: encoded,
      signed: false,
      sigAlg: null,
    });
  });

  it("a signed redirect is recognised by SigAlg and Signature", () => {
    const alg = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    const url = `${LOGIN}?SAMLRequest=${encodeURIComponent(encoded)}&SigAlg=${encodeURIComponent(alg)}&Signature=abc%3D`;
    expect(sentAuthnRequestOf(url)).toMatchObject({ signed: true, sigAlg: alg });
    expect(sentAuthnRequestOf(`${LOGIN}?SAMLRequest=x&SigAlg=${encodeURIComponent(alg)}`)?.signed).toBe(
      false,
    );
  });

  it("keeps no SAMLRequest over the bound, and nothing for a URL without one", () => {
    const huge = "A".repeat(MAX_SENT_SAML_REQUEST + 1);
    expect(sentAuthnRequestOf(`${LOGIN}?SAMLRequest=${huge}`)?.samlRequest).toBeNull();
    expect(sentAuthnRequestOf(LOGIN)).toBeNull();
    expect(sentAuthnRequestOf("not a url")).toBeNull();
  });

  it("shows the XML decoded and indented; undecodable or absent: no XML, still the facts", () => {
    const view = authnRequestView(
      startedWith(sentAuthnRequestOf(`${LOGIN}?SAMLRequest=${encodeURIComponent(encoded)}`)),
    );
    expect(view?.xml).toContain('ID="_req1"');
    expect(view?.xml).toContain("\n");
    const broken = authnRequestView(
      startedWith({
        binding: "HTTP-Redirect",
        destination: LOGIN,
        samlRequest: "bm90IGRlZmxhdGU=",
        signed: false,
      }),
    );
    expect(broken).toMatchObject({ binding: "HTTP-Redirect", signed: false, xml: null });
    expect(authnRequestView(startedWith(undefined))).toBeNull();
    expect(authnRequestView(null)).toBeNull();
  });

  it("an inflate bomb is not inflated past the display bound", () => {
    const bomb = deflateRawSync(Buffer.alloc(1 << 20, 32)).toString("base64");
    const view = authnRequestView(startedWith({ samlRequest: bomb, destination: LOGIN, signed: false }));
    expect(view?.xml).toBeNull();
  });
});
