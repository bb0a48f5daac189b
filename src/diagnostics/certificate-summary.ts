import {
  assessValidity,
  type CertificateInfo,
  certificateFromDer,
  describeCertificate,
} from "../certificates/index.js";
import type { CertificateSummary } from "./types.js";

/** A certificate as the admin compares it with Entra's SAML Signing Certificate section. */
export function summariseCertificate(info: CertificateInfo, at: number): CertificateSummary {
  const validity = assessValidity(info, new Date(at));
  return {
    subject: info.subject,
    issuer: info.issuer,
    validFrom: info.validFrom.toISOString(),
    validTo: info.validTo.toISOString(),
    sha1Thumbprint: info.sha1Thumbprint,
    sha256Thumbprint: info.sha256Thumbprint,
    validityState: validity.state,
    validity: validity.message,
  };
}

/** The configured (PEM) certificates of an account; one that cannot be read is left out. */
export function summariseConfigured(pems: readonly string[], at: number): CertificateSummary[] {
  const out: CertificateSummary[] = [];
  for (const pem of pems) {
    try {
      out.push(summariseCertificate(describeCertificate(pem), at));
    } catch {
      // Stored certificates were validated when pasted; an unreadable one cannot match anything.
    }
  }
  return out;
}

/** The base64 DER of a KeyInfo X509Certificate, or why it cannot be read. */
export function summariseKeyInfoCertificate(
  base64Der: string,
  at: number,
): { certificate: CertificateSummary } | { problem: string } {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64Der))
    return { problem: "the X509Certificate element is not base64" };
  try {
    return { certificate: summariseCertificate(certificateFromDer(Buffer.from(base64Der, "base64")), at) };
  } catch {
    return { problem: "the X509Certificate element does not hold one DER certificate" };
  }
}

/** "AB12CD…" as the admin recognises it in Entra, plus the subject and end of validity. */
export function certificateLabel(cert: CertificateSummary): string {
  const validity =
    cert.validityState === "expired"
      ? `expired on ${cert.validTo.slice(0, 10)}`
      : cert.validityState === "not-yet-valid"
        ? `valid from ${cert.validFrom.slice(0, 10)}`
        : `valid to ${cert.validTo.slice(0, 10)}`;
  return `${cert.sha1Thumbprint} (${cert.subject}, ${validity})`;
}
