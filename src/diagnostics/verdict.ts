import type { FailureCode } from "../failure-codes.js";
import { type IdentifierRole, identifierMistake } from "./identifier-mistakes.js";
import type { Verdict, VerdictStatus } from "./types.js";

export const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
export const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/** One verdict; `pass` mirrors `status` for readers that only look at pass/fail. */
export function verdict(
  id: string,
  check: string,
  code: FailureCode,
  status: VerdictStatus,
  expected: string,
  actual: string,
  hint?: string | null,
): Verdict {
  return { id, check, code, status, pass: status === "pass", expected, actual, ...(hint ? { hint } : {}) };
}

export const short = (uri: string | null) => (uri ? (uri.split(":").pop() ?? uri) : "(none)");

/** An exact comparison of an identifier, with the likely mistake when they differ. */
export function compareIdentifier(
  id: string,
  check: string,
  code: FailureCode,
  expected: string,
  actual: string | null,
  role: IdentifierRole,
): Verdict {
  if (actual === null) return verdict(id, check, code, "fail", expected, "(none)");
  const ok = actual === expected;
  return verdict(
    id,
    check,
    code,
    ok ? "pass" : "fail",
    expected,
    actual,
    ok ? null : identifierMistake(expected, actual, role),
  );
}
