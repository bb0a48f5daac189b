/**
 * XML-DSig algorithm URIs we accept, and the SHA-1 ones an account may opt in to. Anything else
 * (HMAC, DSA, ECDSA, "none", an unknown or empty URI) is refused before node-saml runs: an HMAC
 * "signature" keyed with the public certificate is a classic forgery, and accepting algorithms
 * Entra never uses only widens what an attacker can try.
 */
export const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
export const RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
export const RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
export const DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
export const DIGEST_SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512";
export const DIGEST_SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";

export const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
export const C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
export const ENVELOPED_SIGNATURE = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

const STRONG = new Set([RSA_SHA256, RSA_SHA512, DIGEST_SHA256, DIGEST_SHA512]);
const SHA1 = new Set([RSA_SHA1, DIGEST_SHA1]);

export type AlgorithmVerdict = "strong" | "sha1" | "unsupported";

export function classifyAlgorithm(uri: string | null): AlgorithmVerdict {
  if (uri && STRONG.has(uri)) return "strong";
  if (uri && SHA1.has(uri)) return "sha1";
  return "unsupported";
}

/**
 * Canonicalization without comments only: Entra uses exclusive C14N. (xml-crypto drops comments
 * from same-document references anyway; refusing the "WithComments" forms keeps it that way.)
 */
export function isAcceptedCanonicalization(uri: string | null): boolean {
  return uri === EXC_C14N || uri === C14N;
}

/**
 * The transform chain of an enveloped signature: enveloped-signature, then optionally one
 * canonicalization. XPath, XSLT and base64 transforms can make a signature cover something other
 * than what the application reads, so they are refused.
 */
export function isAcceptedTransformChain(transforms: readonly string[]): boolean {
  if (transforms[0] !== ENVELOPED_SIGNATURE) return false;
  if (transforms.length === 1) return true;
  return transforms.length === 2 && isAcceptedCanonicalization(transforms[1] ?? null);
}
