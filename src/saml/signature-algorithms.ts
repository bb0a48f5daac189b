/** XML-DSig algorithm URIs we accept, and the SHA-1 ones an account may opt in to. */
export const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
export const RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
export const RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
export const DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
export const DIGEST_SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512";
export const DIGEST_SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";

const STRONG = new Set([RSA_SHA256, RSA_SHA512, DIGEST_SHA256, DIGEST_SHA512]);
const SHA1 = new Set([RSA_SHA1, DIGEST_SHA1]);

export type AlgorithmVerdict = "strong" | "sha1" | "unsupported";

export function classifyAlgorithm(uri: string | null): AlgorithmVerdict {
  if (uri && STRONG.has(uri)) return "strong";
  if (uri && SHA1.has(uri)) return "sha1";
  return "unsupported";
}
