import { X509Certificate } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { TEST_IDP } from "../../helpers/test-idp.js";

/**
 * The test's own signer (xml-crypto directly, like Entra and the simulator do), for responses that
 * Entra would never send but a misbehaving IdP could: a holder-of-key confirmation, an expired
 * SubjectConfirmationData, two assertions, an HMAC signature... The SP's code is not used here.
 */
export const ALG = {
  rsaSha256: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
  rsaSha1: "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
  rsaSha512: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
  hmacSha1: "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
  sha256: "http://www.w3.org/2001/04/xmlenc#sha256",
  sha1: "http://www.w3.org/2000/09/xmldsig#sha1",
  excC14n: "http://www.w3.org/2001/10/xml-exc-c14n#",
  enveloped: "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
} as const;

export interface SignOptions {
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
  privateKeyPem?: string;
  /** The certificate put in KeyInfo (by default the configured test IdP certificate). */
  certificatePem?: string;
  /** HMAC: sign with this shared secret instead of an RSA key. */
  hmacKey?: string;
}

const RESPONSE = "/*[local-name(.)='Response']";
const ASSERTION = `${RESPONSE}/*[local-name(.)='Assertion']`;

/** An assertion of the Response picked by its ID (when there are several). */
export const assertionById = (id: string) => `${RESPONSE}/*[local-name(.)='Assertion' and @ID='${id}']`;

/**
 * Signs the element at `target` ("assertion" is the Response's first Assertion, or give an XPath)
 * and puts the Signature right after its Issuer, as Entra does.
 */
export function signElement(
  xml: string,
  target: "assertion" | "response" | { xpath: string },
  options: SignOptions = {},
): string {
  const xpath = typeof target === "object" ? target.xpath : target === "assertion" ? ASSERTION : RESPONSE;
  const certificatePem = options.certificatePem ?? TEST_IDP.certificatePem;
  const certificateBase64 = new X509Certificate(certificatePem).raw.toString("base64");
  const signer = new SignedXml({
    privateKey: options.hmacKey ?? options.privateKeyPem ?? TEST_IDP.privateKeyPem,
    signatureAlgorithm: options.signatureAlgorithm ?? (options.hmacKey ? ALG.hmacSha1 : ALG.rsaSha256),
    canonicalizationAlgorithm: ALG.excC14n,
    getKeyInfoContent: () => `<X509Data><X509Certificate>${certificateBase64}</X509Certificate></X509Data>`,
  });
  if (options.hmacKey) signer.enableHMAC();
  signer.addReference({
    xpath,
    transforms: [ALG.enveloped, ALG.excC14n],
    digestAlgorithm: options.digestAlgorithm ?? ALG.sha256,
  });
  signer.computeSignature(xml, {
    location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: "after" },
  });
  return signer.getSignedXml();
}

/** Signs like Entra: the assertion, the response, or both (assertion first, then the response). */
export function signLikeEntra(
  xml: string,
  mode: "assertion" | "response" | "response-and-assertion",
  options: SignOptions = {},
): string {
  let out = xml;
  if (mode !== "response") out = signElement(out, "assertion", options);
  if (mode !== "assertion") out = signElement(out, "response", options);
  return out;
}

/**
 * Verifies a signature the way a naive SP would: trusting the KeyInfo certificate, or accepting
 * HMAC. Used as a positive control, to prove an attack's signature is cryptographically sound,
 * so that its refusal comes from our policy and not from a broken fixture.
 */
export function naiveVerify(
  xml: string,
  signature: Element,
  key: { trustKeyInfo?: boolean; hmacKey?: string },
): boolean {
  const verifier = new SignedXml(
    key.trustKeyInfo ? { getCertFromKeyInfo: SignedXml.getCertFromKeyInfo } : { publicCert: key.hmacKey },
  );
  if (key.hmacKey) verifier.enableHMAC();
  verifier.loadSignature(signature);
  try {
    return verifier.checkSignature(xml);
  } catch {
    return false;
  }
}
