import type { ResponseFacts, SignatureFacts } from "../saml/inspect-response.js";
import { summariseConfigured, summariseKeyInfoCertificate } from "./certificate-summary.js";
import type { SignatureInfo, SignatureSummary, SignatureVerification } from "./types.js";

const ALGORITHM_NAMES: Record<string, string> = {
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": "RSA-SHA256",
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": "RSA-SHA512",
  "http://www.w3.org/2000/09/xmldsig#rsa-sha1": "RSA-SHA1",
  "http://www.w3.org/2001/04/xmlenc#sha256": "SHA-256",
  "http://www.w3.org/2001/04/xmlenc#sha512": "SHA-512",
  "http://www.w3.org/2000/09/xmldsig#sha1": "SHA-1",
  "http://www.w3.org/2000/09/xmldsig#hmac-sha1": "HMAC-SHA1",
};

export function algorithmName(uri: string | null): string {
  if (!uri) return "(none)";
  return ALGORITHM_NAMES[uri] ?? uri;
}

function summariseSignature(sig: SignatureFacts, configured: string[], at: number): SignatureSummary {
  const digests = [...new Set(sig.digestMethods.map(algorithmName))];
  const summary: SignatureSummary = {
    element: sig.parent,
    signatureAlgorithm: sig.signatureMethod,
    digestAlgorithms: sig.digestMethods,
    algorithmName: `${algorithmName(sig.signatureMethod)} / ${digests.join(", ") || "(no digest)"}`,
    certificate: null,
    configuredIndex: null,
  };
  const first = sig.certificates[0];
  if (first === undefined) return summary;
  const read = summariseKeyInfoCertificate(first, at);
  if ("problem" in read) return { ...summary, certificateProblem: read.problem, configuredIndex: -1 };
  return {
    ...summary,
    certificate: read.certificate,
    configuredIndex: configured.indexOf(read.certificate.sha256Thumbprint),
  };
}

/**
 * Which element Entra signed (its "Signing Option"), with which algorithms, and the certificate
 * in the signature compared with the ones pasted into the account. Reads the message only: it
 * says nothing about whether the signature verifies (that is `verification`, set by the caller).
 */
export function describeSignatures(
  facts: ResponseFacts,
  configuredPems: readonly string[],
  at: number,
  verification: SignatureVerification = "not-checked",
  verificationDetail = "not checked",
): SignatureInfo {
  const configuredCertificates = summariseConfigured(configuredPems, at);
  const configured = configuredCertificates.map((c) => c.sha256Thumbprint);
  const signatures = facts.signatures.map((s) => summariseSignature(s, configured, at));
  const onResponse = signatures.some((s) => s.element === "response");
  const onAssertion = signatures.some((s) => s.element === "assertion");
  const signedElement =
    onResponse && onAssertion ? "both" : onResponse ? "response" : onAssertion ? "assertion" : "none";
  // Entra puts its active certificate in every signature; the assertion's is the one that counts.
  const withCertificate =
    signatures.find((s) => s.element === "assertion" && s.certificate) ??
    signatures.find((s) => s.certificate);
  const keyInfoCertificate = withCertificate?.certificate ?? null;
  return {
    signedElement,
    signatures,
    keyInfoCertificate,
    configuredCertificates,
    keyInfoMatchesConfigured: keyInfoCertificate
      ? configured.includes(keyInfoCertificate.sha256Thumbprint)
      : null,
    verification,
    verificationDetail,
  };
}
