import type { AttemptFacts } from "../attempt.js";

/**
 * node-saml's refusals made after the signature verified. Its clock checks are off (the engine
 * applies their rule with the service's one clock), but it still refuses an assertion with no
 * SubjectConfirmationData ("No valid subject confirmation", mapped to ASSERTION_EXPIRED) and an
 * audience that does not name this SP; a stand-in node-saml may still say "not yet valid".
 */
const AFTER_SIGNATURE = ["ASSERTION_EXPIRED", "ASSERTION_NOT_YET_VALID", "AUDIENCE_MISMATCH"] as const;
export type AfterSignatureCode = (typeof AFTER_SIGNATURE)[number];

export function isAfterSignature(code: string): code is AfterSignatureCode {
  return (AFTER_SIGNATURE as readonly string[]).includes(code);
}

/**
 * What node-saml said about one of its checks after the signature:
 * - "refused": node-saml refused with this check's code (the decision is node-saml's);
 * - "passed": node-saml accepted, so it passed this check (only the audience: its time checks
 *   are off);
 * - "own-rule": node-saml did not judge it (it stopped at another check, or its time checks are
 *   off): the engine applies node-saml's rule at the attempt's time.
 */
export function nodeSamlSaid(f: AttemptFacts, code: AfterSignatureCode): "refused" | "passed" | "own-rule" {
  const n = f.nodeSaml;
  if (n && !n.ok && n.failure.code === code) return "refused";
  // The audience is node-saml's last check: accepted means it held.
  if (n?.ok && code === "AUDIENCE_MISMATCH") return "passed";
  return "own-rule";
}
