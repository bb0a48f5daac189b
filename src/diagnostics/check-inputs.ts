import type { ResponseFacts } from "../saml/inspect-response.js";
import type { FailureCode } from "../sign-ins/failure-codes.js";
import type { Expectations, SignatureInfo, UserMatchInfo, VerdictStatus } from "./types.js";

/** A check whose answer depends on state (request IDs, cookies, replay cache): decided by the caller. */
export interface StatefulCheck {
  status: VerdictStatus;
  expected: string;
  actual: string;
  code: FailureCode;
}

export interface CheckInputs {
  facts: ResponseFacts;
  expectations: Expectations;
  signature: SignatureInfo;
  /** Epoch ms the time checks are evaluated at. */
  at: number;
  skewMs: number;
  request: StatefulCheck;
  browser: StatefulCheck;
  replay: StatefulCheck;
  userMatch: UserMatchInfo | null;
}
