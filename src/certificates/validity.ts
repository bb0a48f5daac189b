import type { CertificateInfo } from "./certificate-info.js";

export type ValidityState = "valid" | "expiring" | "expired" | "not-yet-valid";

export interface ValidityAssessment {
  state: ValidityState;
  /** Whole days from `now` to validTo, rounded down: 0 = expires within a day, negative once expired. */
  daysToExpiry: number;
  /** e.g. "expired on 2024-01-31 (valid from 2021-01-31)". */
  message: string;
}

const DAY_MS = 86_400_000;

/** Certificate dates are UTC, so the UTC calendar date is the one to show. */
function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function inDays(days: number): string {
  if (days === 0) return "within a day";
  return days === 1 ? "in 1 day" : `in ${days} days`;
}

/**
 * Where a signing certificate stands at `now`. "expiring" means fewer than `warnDays` whole days
 * are left: time to add Entra's next certificate before sign-ins start failing. validTo itself
 * still counts as valid (RFC 5280: the validity period includes notAfter).
 */
export function assessValidity(
  cert: Pick<CertificateInfo, "validFrom" | "validTo">,
  now: Date,
  warnDays = 60,
): ValidityAssessment {
  const daysToExpiry = Math.floor((cert.validTo.getTime() - now.getTime()) / DAY_MS);
  const from = isoDate(cert.validFrom);
  const to = isoDate(cert.validTo);
  if (now.getTime() < cert.validFrom.getTime()) {
    return { state: "not-yet-valid", daysToExpiry, message: `not valid until ${from} (expires on ${to})` };
  }
  if (now.getTime() > cert.validTo.getTime()) {
    return { state: "expired", daysToExpiry, message: `expired on ${to} (valid from ${from})` };
  }
  if (daysToExpiry < warnDays) {
    return {
      state: "expiring",
      daysToExpiry,
      message: `expires on ${to}, ${inDays(daysToExpiry)} (valid from ${from})`,
    };
  }
  return {
    state: "valid",
    daysToExpiry,
    message: `valid until ${to}, ${daysToExpiry} days left (valid from ${from})`,
  };
}
