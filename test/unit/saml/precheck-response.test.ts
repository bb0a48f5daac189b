import { describe, expect, it } from "vitest";
import { inspectResponse } from "../../../src/saml/inspect-response.js";
import { precheckResponse } from "../../../src/saml/precheck-response.js";
import { signTestResponse, type TestResponseOptions } from "../../helpers/test-idp.js";
import { assertionOf, edit, first, NS, ownSignature } from "../../security/support/xml.js";

/** Each structural check on its own: a valid response, changed in one way, refused by that check. */
const REPLY = "http://localhost:3999/micloud/a/saml/acs";
const signed = (overrides: Partial<TestResponseOptions> = {}) =>
  signTestResponse({
    replyUrl: REPLY,
    audience: "http://localhost:3999/micloud/a/saml/metadata",
    inResponseTo: "_req",
    ...overrides,
  }).xml;

const precheck = (xml: string, allowSha1 = false) => precheckResponse(inspectResponse(xml), { allowSha1 });

describe("precheckResponse", () => {
  it.each(["assertion", "response-and-assertion"] as const)("passes Entra's response (%s signed)", (mode) => {
    expect(precheck(signed({ signing: { mode } }))).toBeNull();
  });

  it("passes SHA-1 only where allowed", () => {
    const sha1 = signed({ signing: { algorithm: "sha1" } });
    expect(precheck(sha1)?.code).toBe("WEAK_SIGNATURE_ALGORITHM");
    expect(precheck(sha1, true)).toBeNull();
  });

  it("requires the Response signature only where the account asks for it", () => {
    const strict = { allowSha1: false, requireResponseSignature: true };
    const assertionOnly = precheckResponse(inspectResponse(signed()), strict);
    expect(assertionOnly).toMatchObject({ code: "SIGNATURE_MISSING", check: "response signature" });
    expect(
      precheckResponse(inspectResponse(signed({ signing: { mode: "response-and-assertion" } })), strict),
    ).toBeNull();
    expect(precheck(signed())).toBeNull();
  });

  const cases: Array<[string, (xml: string) => string, string, string]> = [
    [
      "a LogoutResponse",
      () => '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>',
      "SAML_MESSAGE_UNEXPECTED",
      "message type",
    ],
    [
      "a non-Success status",
      (x) => x.replace("status:Success", "status:Requester"),
      "IDP_ERROR_STATUS",
      "status",
    ],
    [
      "two assertions",
      (x) => edit(x, (d) => d.documentElement.appendChild(assertionOf(d).cloneNode(true))),
      "MULTIPLE_ASSERTIONS",
      "assertion count",
    ],
    [
      "an assertion nested in the Status",
      (x) => edit(x, (d) => first(d, "Status").appendChild(assertionOf(d).cloneNode(true))),
      "MULTIPLE_ASSERTIONS",
      "assertion count",
    ],
    [
      "an EncryptedAssertion only",
      (x) =>
        edit(x, (d) =>
          d.documentElement.replaceChild(
            d.createElementNS(NS.assertion, "EncryptedAssertion"),
            assertionOf(d),
          ),
        ),
      "SAML_RESPONSE_MALFORMED",
      "assertion",
    ],
    [
      "no assertion",
      (x) => edit(x, (d) => d.documentElement.removeChild(assertionOf(d))),
      "SAML_RESPONSE_MALFORMED",
      "assertion",
    ],
    [
      "an ID used twice",
      (x) => edit(x, (d) => first(d, "Status").setAttribute("ID", assertionOf(d).getAttribute("ID") ?? "")),
      "SIGNATURE_INVALID",
      "unique IDs",
    ],
    [
      "no signature in the assertion",
      (x) => edit(x, (d) => assertionOf(d).removeChild(ownSignature(assertionOf(d)) as Element)),
      "SIGNATURE_MISSING",
      "assertion signature",
    ],
    [
      "a second signature in the assertion",
      (x) =>
        edit(x, (d) => assertionOf(d).appendChild((ownSignature(assertionOf(d)) as Element).cloneNode(true))),
      "SIGNATURE_INVALID",
      "signature placement",
    ],
    [
      "a signature in the Subject",
      (x) =>
        edit(x, (d) =>
          first(d, "Subject").appendChild((ownSignature(assertionOf(d)) as Element).cloneNode(true)),
        ),
      "SIGNATURE_INVALID",
      "signature placement",
    ],
    [
      "a reference to another element",
      (x) =>
        edit(x, (d) => first(d, "Reference").setAttribute("URI", `#${d.documentElement.getAttribute("ID")}`)),
      "SIGNATURE_INVALID",
      "signature reference",
    ],
    [
      "two SignedInfo",
      (x) =>
        edit(x, (d) =>
          first(d, "Signature").insertBefore(
            first(d, "SignedInfo").cloneNode(true),
            first(d, "SignatureValue"),
          ),
        ),
      "SIGNATURE_INVALID",
      "SignedInfo",
    ],
    [
      "two SignatureValue",
      (x) =>
        edit(x, (d) =>
          first(d, "Signature").insertBefore(first(d, "SignatureValue").cloneNode(true), first(d, "KeyInfo")),
        ),
      "SIGNATURE_INVALID",
      "SignatureValue",
    ],
    [
      "an Object in the Signature",
      (x) => edit(x, (d) => first(d, "Signature").appendChild(d.createElementNS(NS.dsig, "Object"))),
      "SIGNATURE_INVALID",
      "Signature content",
    ],
    [
      "C14N with comments",
      (x) =>
        edit(x, (d) =>
          first(d, "CanonicalizationMethod").setAttribute(
            "Algorithm",
            "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
          ),
        ),
      "SIGNATURE_INVALID",
      "canonicalization",
    ],
    [
      "an XSLT transform",
      (x) =>
        edit(x, (d) =>
          first(d, "Transform").setAttribute("Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116"),
        ),
      "SIGNATURE_INVALID",
      "transforms",
    ],
    [
      "an HMAC signature method",
      (x) =>
        edit(x, (d) =>
          first(d, "SignatureMethod").setAttribute(
            "Algorithm",
            "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
          ),
        ),
      "SIGNATURE_INVALID",
      "signature algorithm",
    ],
    [
      "a SHA-1 digest under an RSA-SHA256 signature",
      (x) =>
        edit(x, (d) =>
          first(d, "DigestMethod").setAttribute("Algorithm", "http://www.w3.org/2000/09/xmldsig#sha1"),
        ),
      "WEAK_SIGNATURE_ALGORITHM",
      "signature algorithm",
    ],
    [
      "a comment inside the NameID",
      (x) => x.replace(">B.Simon@contoso.com<", ">B.Simon<!---->@contoso.com<"),
      "SAML_RESPONSE_MALFORMED",
      "NameID",
    ],
    [
      "an element inside the NameID",
      (x) => x.replace(">B.Simon@contoso.com<", ">B.Simon<b/>@contoso.com<"),
      "SAML_RESPONSE_MALFORMED",
      "NameID",
    ],
  ];

  it.each(cases)("%s → %s", (_label, change, code, check) => {
    const base = signed();
    const changed = change(base);
    expect(changed).not.toBe(base);
    expect(precheck(changed)).toMatchObject({ code, check });
  });
});
