import type { AssertionFacts, ResponseFacts } from "../saml/inspect-response.js";
import type { TimeFacts } from "./types.js";

const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

function ms(value: string | null | undefined): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : null;
}

function seconds(deltaMs: number): number {
  return Math.round(deltaMs / 1000);
}

/** The bearer SubjectConfirmationData's NotOnOrAfter (the earliest, if Entra ever sent several). */
function confirmationLimit(assertion: AssertionFacts | null): string | null {
  const limits = (assertion?.subjectConfirmations ?? [])
    .filter((c) => c.method === BEARER && ms(c.notOnOrAfter) !== null)
    .map((c) => c.notOnOrAfter as string)
    .sort((a, b) => (ms(a) ?? 0) - (ms(b) ?? 0));
  return limits[0] ?? null;
}

/**
 * The times of the assertion against the time it is evaluated at (arrival at the ACS, or the
 * time chosen in Analyze), with node-saml's rule: NotBefore ≤ now + skew < … and
 * now − skew < NotOnOrAfter.
 */
export function timeFacts(facts: ResponseFacts, at: number, skewMs: number): TimeFacts {
  const a = facts.assertion;
  const issueInstant = a?.issueInstant ?? facts.issueInstant;
  const issued = ms(issueInstant);
  const notBefore = ms(a?.notBefore);
  const confirmationNotOnOrAfter = confirmationLimit(a);
  const ends = [ms(a?.notOnOrAfter), ms(confirmationNotOnOrAfter)].filter((t): t is number => t !== null);
  const earliestEnd = ends.length > 0 ? Math.min(...ends) : null;
  return {
    evaluatedAt: new Date(at).toISOString(),
    issueInstant: issueInstant ?? null,
    notBefore: a?.notBefore ?? null,
    notOnOrAfter: a?.notOnOrAfter ?? null,
    confirmationNotOnOrAfter,
    allowedSkewSeconds: seconds(skewMs),
    issuedOffsetSeconds: issued === null ? null : seconds(issued - at),
    secondsPastNotOnOrAfter: earliestEnd === null ? null : seconds(at - earliestEnd),
    secondsBeforeNotBefore: notBefore === null ? null : seconds(notBefore - at),
  };
}

export type TimeVerdict = "ok" | "not-yet-valid" | "expired";

/** node-saml's semantics, at a time of our choosing. */
export function notBeforeVerdict(facts: ResponseFacts, at: number, skewMs: number): TimeVerdict {
  const notBefore = ms(facts.assertion?.notBefore);
  const confirmations = (facts.assertion?.subjectConfirmations ?? []).map((c) => ms(c.notBefore));
  const limits = [notBefore, ...confirmations].filter((t): t is number => t !== null);
  return limits.some((t) => at + skewMs < t) ? "not-yet-valid" : "ok";
}

export function notOnOrAfterVerdict(facts: ResponseFacts, at: number, skewMs: number): TimeVerdict {
  const a = facts.assertion;
  const conditionsEnd = ms(a?.notOnOrAfter);
  if (conditionsEnd !== null && at - skewMs >= conditionsEnd) return "expired";
  const bearer = (a?.subjectConfirmations ?? []).filter((c) => c.method === BEARER);
  // node-saml needs one confirmation that is still valid; none valid reads as expired.
  if (
    bearer.length > 0 &&
    bearer.every((c) => ms(c.notOnOrAfter) !== null && at - skewMs >= (ms(c.notOnOrAfter) ?? 0))
  ) {
    return "expired";
  }
  return "ok";
}

/** "93 seconds" / "2 hours 5 minutes" for a human. */
export function describeSeconds(total: number): string {
  const s = Math.abs(total);
  if (s < 120) return `${s} second${s === 1 ? "" : "s"}`;
  const minutes = Math.floor(s / 60);
  if (minutes < 120) return `${minutes} minutes (${s} seconds)`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hours ${minutes % 60} minutes (${s} seconds)`;
  return `${Math.floor(hours / 24)} days (${s} seconds)`;
}
