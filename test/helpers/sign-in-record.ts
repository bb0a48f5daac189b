import type { SignInRecord } from "../../src/domain/sign-in-record.js";

/** A successful sign-in record with the given details and nothing else set, for readers' tests. */
export function signInRecord(
  traceId: string,
  details: Record<string, unknown>,
  extra: Partial<SignInRecord> = {},
): SignInRecord {
  return {
    traceId,
    accountId: "a",
    at: 1,
    outcome: "success",
    failureCode: null,
    cause: null,
    fix: null,
    details,
    nameId: null,
    nameIdFormat: null,
    userId: null,
    requestId: null,
    relayState: null,
    samlResponse: null,
    ...extra,
  };
}
