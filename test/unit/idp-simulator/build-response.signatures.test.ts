import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SignedXml } from "xml-crypto";
import { buildSignedResponse, type SigningMode } from "../../../src/idp-simulator/saml/build-response.js";
import {
  ASSERTION_ID,
  ASSERTION_NS,
  baseInput,
  CERTIFICATE_PEM,
  childElements,
  DSIG_NS,
  onlyChild,
  PROTOCOL_NS,
  parse,
  RESPONSE_ID,
} from "./support.js";

type Level = "response" | "assertion";

function signatureUnder(xml: string, level: Level): Element | null {
  const root = parse(xml).documentElement!;
  const parent = level === "response" ? root : onlyChild(root, ASSERTION_NS, "Assertion");
  const signatures = childElements(parent).filter(
    (e) => e.namespaceURI === DSIG_NS && e.localName === "Signature",
  );
  expect(signatures.length).toBeLessThanOrEqual(1);
  return signatures[0] ?? null;
}

/** Verifies the signature under `level` against the fixture certificate only (KeyInfo is not trusted). */
function verify(xml: string, level: Level): { valid: boolean; uri: string | undefined; signed: string[] } {
  const signature = signatureUnder(xml, level);
  if (!signature) {
    throw new Error(`no ${level} signature`);
  }
  const verifier = new SignedXml({ publicCert: CERTIFICATE_PEM });
  verifier.loadSignature(signature);
  let valid: boolean;
  try {
    valid = verifier.checkSignature(xml);
  } catch {
    valid = false;
  }
  return { valid, uri: verifier.getReferences()[0]?.uri, signed: verifier.getSignedReferences() };
}

function text(element: Element, local: string): string | null {
  return element.getElementsByTagNameNS(DSIG_NS, local)[0]?.textContent ?? null;
}

function algorithm(element: Element, local: string): string | null {
  return element.getElementsByTagNameNS(DSIG_NS, local)[0]?.getAttribute("Algorithm") ?? null;
}

const expectations: Record<SigningMode, { response: boolean; assertion: boolean }> = {
  assertion: { response: false, assertion: true },
  response: { response: true, assertion: false },
  "response-and-assertion": { response: true, assertion: true },
  none: { response: false, assertion: false },
};

describe("buildSignedResponse signatures", () => {
  for (const [mode, expected] of Object.entries(expectations) as [
    SigningMode,
    { response: boolean; assertion: boolean },
  ][]) {
    it(`mode "${mode}" signs exactly the expected elements, and each signature verifies`, () => {
      const { xml } = buildSignedResponse(baseInput(mode));
      expect(signatureUnder(xml, "response") !== null).toBe(expected.response);
      expect(signatureUnder(xml, "assertion") !== null).toBe(expected.assertion);
      if (expected.assertion) {
        const result = verify(xml, "assertion");
        expect(result.valid).toBe(true);
        expect(result.uri).toBe(`#${ASSERTION_ID}`);
        expect(result.signed).toHaveLength(1);
        expect(result.signed[0]).toMatch(
          new RegExp(`^<Assertion xmlns="${ASSERTION_NS}" ID="${ASSERTION_ID}"`),
        );
      }
      if (expected.response) {
        const result = verify(xml, "response");
        expect(result.valid).toBe(true);
        expect(result.uri).toBe(`#${RESPONSE_ID}`);
        expect(result.signed[0]).toMatch(
          new RegExp(`^<samlp:Response xmlns:samlp="${PROTOCOL_NS}" [^>]*ID="${RESPONSE_ID}"`),
        );
      }
    });
  }

  it("uses exclusive C14N, enveloped-signature, RSA-SHA256/SHA-256 and the DER certificate on one line", () => {
    const { xml } = buildSignedResponse(baseInput("response-and-assertion", "sha256"));
    for (const level of ["response", "assertion"] as const) {
      const signature = signatureUnder(xml, level)!;
      expect(signature.prefix).toBeNull();
      expect(algorithm(signature, "CanonicalizationMethod")).toBe("http://www.w3.org/2001/10/xml-exc-c14n#");
      expect(algorithm(signature, "SignatureMethod")).toBe(
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
      );
      expect(algorithm(signature, "DigestMethod")).toBe("http://www.w3.org/2001/04/xmlenc#sha256");
      const transforms = Array.from(signature.getElementsByTagNameNS(DSIG_NS, "Transform"), (t) =>
        t.getAttribute("Algorithm"),
      );
      expect(transforms).toEqual([
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
        "http://www.w3.org/2001/10/xml-exc-c14n#",
      ]);
      const certificate = text(signature, "X509Certificate");
      expect(certificate).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(certificate).toBe(new X509Certificate(CERTIFICATE_PEM).raw.toString("base64"));
    }
  });

  it("uses rsa-sha1 and sha1 URIs in sha1 mode, and still verifies", () => {
    for (const mode of ["assertion", "response", "response-and-assertion"] as const) {
      const { xml } = buildSignedResponse(baseInput(mode, "sha1"));
      expect(xml).not.toContain("sha256");
      for (const level of ["response", "assertion"] as const) {
        const signature = signatureUnder(xml, level);
        if (!signature) {
          continue;
        }
        expect(algorithm(signature, "SignatureMethod")).toBe("http://www.w3.org/2000/09/xmldsig#rsa-sha1");
        expect(algorithm(signature, "DigestMethod")).toBe("http://www.w3.org/2000/09/xmldsig#sha1");
        expect(verify(xml, level).valid).toBe(true);
      }
    }
  });

  it("a signed error response (no Assertion) verifies", () => {
    const { xml } = buildSignedResponse(
      baseInput("response", "sha256", {
        status: { code: "urn:oasis:names:tc:SAML:2.0:status:Responder", message: "AADSTS700016: not found" },
      }),
    );
    expect(verify(xml, "response").valid).toBe(true);
  });

  it("a signature over a value with a line feed still verifies after the one-line rewrite", () => {
    const { xml } = buildSignedResponse(
      baseInput("response-and-assertion", "sha256", { claims: [{ name: "note", values: ["a\nb\r\nc"] }] }),
    );
    expect(xml).not.toMatch(/[\r\n]/);
    expect(verify(xml, "assertion").valid).toBe(true);
    expect(verify(xml, "response").valid).toBe(true);
  });

  it("detects tampering: a changed NameID breaks the assertion signature", () => {
    const { xml } = buildSignedResponse(baseInput("assertion"));
    const tampered = xml.replace("alice.anders@contoso.example</NameID>", "mallory@contoso.example</NameID>");
    expect(tampered).not.toBe(xml);
    expect(verify(tampered, "assertion").valid).toBe(false);
  });

  it("detects tampering: a changed Destination breaks the response signature", () => {
    const { xml } = buildSignedResponse(baseInput("response"));
    const tampered = xml.replace('Destination="https://', 'Destination="http://');
    expect(tampered).not.toBe(xml);
    expect(verify(tampered, "response").valid).toBe(false);
  });
});
