import { describe, expect, it } from "vitest";
import { SignedXml } from "xml-crypto";
import { generateSigningCertificate } from "../../../src/idp-simulator/keys/signing-certificate.js";
import { buildFederationMetadata } from "../../../src/idp-simulator/saml/federation-metadata.js";
import { CERTIFICATE_PEM, childNames, PRIVATE_KEY_PEM, parse } from "./support.js";

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DSIG = "http://www.w3.org/2000/09/xmldsig#";
const ENTITY = "https://sts.windows.net/3f2b8c1e-7d4a-4e96-b0c5-9a1d2e3f4a5b/";
const LOGIN = "http://127.0.0.1:3000/entra-sim/3f2b8c1e-7d4a-4e96-b0c5-9a1d2e3f4a5b/saml2";

function der(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
}

describe("buildFederationMetadata", () => {
  it("lists every certificate, is signed first thing in the EntityDescriptor, and verifies", async () => {
    const second = await generateSigningCertificate();
    const xml = buildFederationMetadata({
      entityId: ENTITY,
      loginUrl: LOGIN,
      logoutUrl: LOGIN,
      certificatesPem: [CERTIFICATE_PEM, second.certificatePem],
      signing: { certificatePem: CERTIFICATE_PEM, privateKeyPem: PRIVATE_KEY_PEM },
      id: "_fixed",
    });
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?><EntityDescriptor ID="_fixed"')).toBe(true);
    expect(xml.charCodeAt(0)).not.toBe(0xfeff);
    const doc = parse(xml);
    const root = doc.documentElement!;
    expect(root.getAttribute("entityID")).toBe(ENTITY);
    expect(childNames(root)).toEqual([`{${DSIG}}Signature`, `{${MD}}IDPSSODescriptor`]);
    const published = Array.from(doc.getElementsByTagNameNS(MD, "KeyDescriptor")).map((kd) => ({
      use: kd.getAttribute("use"),
      cert: kd.getElementsByTagNameNS(DSIG, "X509Certificate")[0]?.textContent,
    }));
    expect(published).toEqual([
      { use: "signing", cert: der(CERTIFICATE_PEM) },
      { use: "signing", cert: der(second.certificatePem) },
    ]);
    const signature = root.getElementsByTagNameNS(DSIG, "Signature")[0]!;
    const verifier = new SignedXml({ publicCert: CERTIFICATE_PEM });
    verifier.loadSignature(signature);
    expect(verifier.checkSignature(xml)).toBe(true);
    expect(verifier.getReferences()[0]?.uri).toBe("#_fixed");
    const other = new SignedXml({ publicCert: second.certificatePem });
    other.loadSignature(signature);
    expect(() => other.checkSignature(xml)).toThrow();
  });

  it("escapes URLs and can sign with SHA-1", () => {
    const xml = buildFederationMetadata({
      entityId: ENTITY,
      loginUrl: `${LOGIN}?a=1&b=2`,
      logoutUrl: LOGIN,
      certificatesPem: [CERTIFICATE_PEM],
      signing: { certificatePem: CERTIFICATE_PEM, privateKeyPem: PRIVATE_KEY_PEM, algorithm: "sha1" },
    });
    expect(xml).toContain("saml2?a=1&amp;b=2");
    expect(xml).toContain('SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"');
  });
});
