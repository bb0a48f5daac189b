import type { FailureCode } from "../failure-codes.js";

/** One failed check: which, what we expected, what arrived. Plain data, no HTTP. */
export interface SamlFailure {
  code: FailureCode;
  /** One line, for the user. */
  reason: string;
  check?: string;
  expected?: string;
  actual?: string;
}

export function failure(
  code: FailureCode,
  reason: string,
  extra: Omit<SamlFailure, "code" | "reason"> = {},
): SamlFailure {
  return { code, reason, ...extra };
}
