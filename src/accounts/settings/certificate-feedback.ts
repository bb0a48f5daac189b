import {
  assessValidity,
  type CertificateInfo,
  describeCertificate,
  parsePastedCertificates,
  type ValidityState,
} from "../../certificates/index.js";

/** What the portal shows about one stored (or just pasted) signing certificate. */
export interface CertificateView {
  pem: string;
  subject: string;
  issuer: string;
  /** SHA-1 as Entra shows it ("Thumbprint"), upper-case hex. */
  sha1Thumbprint: string;
  sha256Thumbprint: string;
  validFrom: string;
  validTo: string;
  state: ValidityState;
  daysToExpiry: number;
  /** e.g. "valid until 2028-01-01, 900 days left (valid from 2025-01-01)". */
  validity: string;
}

export interface CertificatePasteCheck {
  certificates: CertificateView[];
  error: string | null;
  warnings: string[];
}

/** Certificates this close to their end get a warning: time to add Entra's next one. */
export const EXPIRY_WARNING_DAYS = 60;

export function viewCertificate(info: CertificateInfo, now: Date): CertificateView {
  const validity = assessValidity(info, now, EXPIRY_WARNING_DAYS);
  return {
    pem: info.pem,
    subject: info.subject,
    issuer: info.issuer,
    sha1Thumbprint: info.sha1Thumbprint,
    sha256Thumbprint: info.sha256Thumbprint,
    validFrom: info.validFrom.toISOString(),
    validTo: info.validTo.toISOString(),
    state: validity.state,
    daysToExpiry: validity.daysToExpiry,
    validity: validity.message,
  };
}

/** The stored PEMs, described for display; a PEM that no longer parses is skipped (never thrown). */
export function viewStoredCertificates(pems: string[], now: Date): CertificateView[] {
  const views: CertificateView[] = [];
  for (const pem of pems) {
    try {
      views.push(viewCertificate(describeCertificate(pem), now));
    } catch {
      // Stored values went through parsePastedCertificates; a broken one can only come from a
      // hand-edited database, and the checklist reports the count that is left.
    }
  }
  return views;
}

function which(view: CertificateView, index: number, total: number): string {
  const name = `${view.subject} (thumbprint ${view.sha1Thumbprint})`;
  return total === 1 ? `The certificate ${name}` : `Certificate ${index + 1} of ${total}, ${name},`;
}

/**
 * The "Signing Certificate" box: every form Entra admins paste is read by src/certificates; an
 * expired certificate is refused with its dates (sign-ins would fail at once); one expiring within
 * 60 days, or not valid yet, is accepted with a warning.
 */
export function checkPastedCertificates(
  text: string,
  options: { allowMultiple: boolean; now: Date; label?: string },
): CertificatePasteCheck {
  const label = options.label ?? "Signing Certificate";
  if (text.trim() === "") return { certificates: [], error: null, warnings: [] };
  const parsed = parsePastedCertificates(text, { allowMultiple: options.allowMultiple });
  if (!parsed.ok) return { certificates: [], error: `${label}: ${parsed.error.message}`, warnings: [] };
  const views = parsed.certificates.map((info) => viewCertificate(info, options.now));
  const total = views.length;
  const expired = views.findIndex((view) => view.state === "expired");
  const expiredView = views[expired];
  if (expiredView) {
    const expiredCount = views.filter((view) => view.state === "expired").length;
    const what =
      total === 1
        ? ""
        : expiredCount === total
          ? ` Every certificate pasted has expired (${total} of ${total}).`
          : ` Remove the expired certificate${expiredCount === 1 ? "" : "s"} and keep the other${total - expiredCount === 1 ? "" : "s"}.`;
    return {
      certificates: views,
      error: `${label}: ${which(expiredView, expired, total)} expired on ${expiredView.validTo.slice(0, 10)} (valid from ${expiredView.validFrom.slice(0, 10)}).${what} Paste the active certificate from Entra's SAML Signing Certificate section.`,
      warnings: [],
    };
  }
  const warnings: string[] = [];
  views.forEach((view, index) => {
    if (view.state === "expiring") {
      warnings.push(
        `${label}: ${which(view, index, total)} ${view.validity}. Create the next certificate in Entra and paste it before this one expires.`,
      );
    } else if (view.state === "not-yet-valid") {
      warnings.push(
        `${label}: ${which(view, index, total)} is ${view.validity}. Sign-ins signed with it fail until then; check the clocks.`,
      );
    }
  });
  return { certificates: views, error: null, warnings };
}
