/**
 * "Require verification certificates": Entra verifies the signature of an HTTP-Redirect
 * AuthnRequest (SAML bindings §3.4.4.1) against the certificates uploaded as Verification
 * certificates. The signed text is the query exactly as sent: "SAMLRequest=…&RelayState=…&SigAlg=…"
 * with the original URL encoding, so the raw query string is read, never re-encoded values.
 * Only RSA-SHA256 is accepted (Microsoft: "Signature algorithm not allowed. Only RSA-SHA256 is
 * supported"). Simulator-side code: node:crypto, nothing of the SP's.
 */
import { createVerify, X509Certificate } from "node:crypto";
import type { SimUploadedCertificate } from "../state/model.js";

export const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

export type RequestSignatureCheck =
  | { state: "verified"; thumbprint: string }
  | { state: "unsigned" }
  | { state: "invalid"; detail: string };

/** The raw (still URL-encoded) value of each parameter of a query string, first occurrence. */
function rawParams(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split("&")) {
    const eq = part.indexOf("=");
    const name = eq < 0 ? part : part.slice(0, eq);
    if (!params.has(name)) params.set(name, eq < 0 ? "" : part.slice(eq + 1));
  }
  return params;
}

const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, " "));

/** `query`: the request URL's query string after "?", as it arrived. */
export function verifyRedirectSignature(
  query: string,
  certificates: readonly SimUploadedCertificate[],
): RequestSignatureCheck {
  const params = rawParams(query);
  const signature = params.get("Signature");
  const sigAlg = params.get("SigAlg");
  if (signature === undefined || signature === "") return { state: "unsigned" };
  let algorithm: string;
  let signatureBytes: Buffer;
  try {
    algorithm = sigAlg === undefined ? "" : decode(sigAlg);
    signatureBytes = Buffer.from(decode(signature), "base64");
  } catch {
    return { state: "invalid", detail: "The Signature or SigAlg parameter is not URL-encoded correctly." };
  }
  if (algorithm === "") {
    return { state: "invalid", detail: "The request is signed but names no signature algorithm (SigAlg)." };
  }
  if (algorithm !== RSA_SHA256) {
    return {
      state: "invalid",
      detail: `Signature algorithm ${algorithm} is not allowed: only RSA-SHA256 is supported.`,
    };
  }
  const signed = ["SAMLRequest", "RelayState", "SigAlg"]
    .filter((name) => params.has(name))
    .map((name) => `${name}=${params.get(name)}`)
    .join("&");
  if (certificates.length === 0) {
    return { state: "invalid", detail: "No verification certificate is uploaded for this application." };
  }
  for (const certificate of certificates) {
    const verifier = createVerify("RSA-SHA256");
    verifier.update(signed, "utf8");
    if (verifier.verify(new X509Certificate(certificate.certificatePem).publicKey, signatureBytes)) {
      return { state: "verified", thumbprint: certificate.thumbprint };
    }
  }
  return {
    state: "invalid",
    detail: `The request's signature verifies with none of the ${certificates.length} verification certificate(s) uploaded to this application: it was signed with a key whose certificate is not uploaded here.`,
  };
}
