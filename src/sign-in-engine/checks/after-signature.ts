import type { AttemptFacts } from "../attempt.js";

/** The checks node-saml makes after the signature verified, in node-saml's order. */
const ORDER = ["ASSERTION_EXPIRED", "ASSERTION_NOT_YET_VALID", "AUDIENCE_MISMATCH"] as const;
export type AfterSignatureCode = (typeof ORDER)[number];

export function isAfterSignature(code: string): code is AfterSignatureCode {
  return (ORDER as readonly string[]).includes(code);
}

/**
 * What node-saml said about one of its checks after the signature:
 * - "refused": node-saml refused with this check's code (the decision is node-saml's);
 * - "passed": node-saml passed it (it reached a later check, or accepted);
 * - "own-rule": node-saml did not judge it: it stopped earlier, or it is a time check (node-saml
 *   reads the global clock, so its time checks are off and the engine applies node-saml's rule
 *   with the service's one clock, at the attempt's time);
 * - "not-reached": node-saml did not run.
 */
export function nodeSamlSaid(
  f: AttemptFacts,
  code: AfterSignatureCode,
): "refused" | "passed" | "own-rule" | "not-reached" {
  const n = f.nodeSaml;
  if (!n) return "not-reached";
  if (!n.ok && n.failure.code === code) return "refused";
  if (code !== "AUDIENCE_MISMATCH") return "own-rule";
  if (n.ok) return "passed";
  return isAfterSignature(n.failure.code) && ORDER.indexOf(n.failure.code) > ORDER.indexOf(code)
    ? "passed"
    : "own-rule";
}
