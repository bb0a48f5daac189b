import type { FailureCode } from "../failure-codes.js";
import type { AttemptFacts } from "./attempt.js";

/**
 * What one check says about one attempt:
 * - pass, with what arrived;
 * - fail, with what was expected, what arrived and one line for the user (`code` overrides the
 *   check's own code where one check guards two codes, e.g. SHA-1 vs an unknown algorithm);
 * - unknown: the check cannot be decided with what this attempt knows (Analyze of a captured
 *   response: the request is not pending here), with the reason;
 * - skip: the check was not reached, or does not apply to this message.
 */
export type CheckOutcome =
  | { status: "pass"; actual: string; expected?: string; hint?: string | null }
  | {
      status: "fail";
      reason: string;
      actual: string;
      expected?: string;
      code?: FailureCode;
      hint?: string | null;
    }
  | { status: "unknown"; reason: string; actual?: string; code?: FailureCode }
  | { status: "skip"; reason: string };

/**
 * One check of the sign-in engine, defined once: the ACS runs it to decide, the sign-in record
 * keeps its verdict, Analyze runs it read-only, and settings-level checks feed the checklist.
 */
export interface Check {
  id: string;
  /** The failure code this check produces when it fails. */
  code: FailureCode;
  title: string;
  /** What the check expects, in words, for this attempt's settings. */
  expects(f: AttemptFacts): string;
  evaluate(f: AttemptFacts): CheckOutcome;
  /**
   * The verdict depends on state the ACS changes as it goes (a request ID that is pending now);
   * Analyze of a captured response cannot know it and says so instead of claiming "accepted".
   */
  requestState?: boolean;
}

export const pass = (actual: string, hint?: string | null): CheckOutcome => ({
  status: "pass",
  actual,
  ...(hint ? { hint } : {}),
});

export const fail = (
  reason: string,
  actual: string,
  extra: { expected?: string; code?: FailureCode; hint?: string | null } = {},
): CheckOutcome => ({ status: "fail", reason, actual, ...extra });

export const skip = (reason: string): CheckOutcome => ({ status: "skip", reason });

export const unknown = (reason: string, actual?: string, code?: FailureCode): CheckOutcome => ({
  status: "unknown",
  reason,
  ...(actual !== undefined ? { actual } : {}),
  ...(code ? { code } : {}),
});
