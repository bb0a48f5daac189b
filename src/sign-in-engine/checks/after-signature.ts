/**
 * node-saml's refusals made after the signature verified. Its clock checks are off (the engine
 * applies their rule with the service's one clock), but it still refuses an assertion with no
 * SubjectConfirmationData ("No valid subject confirmation", mapped to ASSERTION_EXPIRED) and an
 * audience that does not name this SP; a stand-in node-saml may still say "not yet valid".
 */
import type { AttemptFacts } from "../attempt.js";

const AFTER_SIGNATURE = ["ASSERTION_EXPIRED", "ASSERTION_NOT_YET_VALID", "AUDIENCE_MISMATCH"] as const;
export type AfterSignatureCode = (typeof AFTER_SIGNATURE)[number];

export function isAfterSignature(code: string): code is AfterSignatureCode {
  return (AFTER_SIGNATURE as readonly string[]).includes(code);
}

/** node-saml refused with this check's code: the decision is node-saml's. */
export function nodeSamlRefused(f: AttemptFacts, code: AfterSignatureCode): boolean {
  const n = f.nodeSaml;
  return n !== undefined && !n.ok && n.failure.code === code;
}
