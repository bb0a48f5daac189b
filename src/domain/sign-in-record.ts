/** One entry of the sign-in log: a started request, or the ACS's decision on a response. */
import type { FailureCode } from "../failure-codes.js";

export type SignInOutcome = "started" | "success" | "failure";

/** Raw SAMLResponse kept per record, at most (DESIGN: capped at 256 KB). */
export const MAX_STORED_RESPONSE = 256 * 1024;

export interface CheckVerdict {
  check: string;
  expected: string;
  actual: string;
  pass: boolean;
}

/** The browser a sign-in came from, as far as the request tells. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface SignInRecord {
  traceId: string;
  accountId: string;
  at: number;
  outcome: SignInOutcome;
  failureCode: FailureCode | null;
  cause: string | null;
  fix: string | null;
  /** Free-form JSON details (verdicts, signature info, claims, client address...). */
  details: Record<string, unknown>;
  nameId: string | null;
  nameIdFormat: string | null;
  userId: string | null;
  requestId: string | null;
  relayState: string | null;
  /** Raw base64 SAMLResponse, capped; null when none. */
  samlResponse: string | null;
}
