import { readDetails } from "../diagnostics/record-details.js";
import type { StoppedAtEntra } from "../diagnostics/stopped-at-entra.js";
import type { SignInRecord } from "../domain/sign-in-record.js";
import { truncationOf } from "./record-bounds.js";
import type { SignInDetail } from "./sign-in-details.js";

/** A log entry for lists: what happened, why, and the fix, without the payload. */
export function signInSummaryJson(record: SignInRecord, stopped: StoppedAtEntra | null) {
  return {
    traceId: record.traceId,
    at: new Date(record.at).toISOString(),
    outcome: record.outcome,
    code: record.failureCode,
    cause: record.cause,
    fix: record.fix,
    nameId: record.nameId,
    requestId: record.requestId,
    stoppedAtEntra: stopped !== null,
  };
}

/** One sign-in with everything recorded: verdicts, signature, times, user match, claims, XML. */
export function signInDetailJson(detail: SignInDetail) {
  const { record } = detail;
  const view = readDetails(record);
  return {
    ...signInSummaryJson(record, detail.stoppedAtEntra),
    nameIdFormat: record.nameIdFormat,
    userId: record.userId,
    relayState: record.relayState,
    client: view.client,
    stage: view.stage,
    diagnosis: view.diagnosis,
    response: view.response,
    matchedUser: view.matchedUser,
    stoppedAtEntra: detail.stoppedAtEntra,
    answeredBy: detail.answeredBy.map((r) => r.traceId),
    startedTraceId: detail.startedRecord?.traceId ?? null,
    lastSuccessTraceId: detail.baseline?.traceId ?? null,
    xml: view.xml,
    samlResponse: record.samlResponse,
    /** The AuthnRequest that started it (binding, destination, signed, decoded XML), or null. */
    authnRequest: detail.authnRequest,
    /** What a failure record kept in part (record-bounds.ts), or null when it is whole. */
    truncated: truncationOf(record),
  };
}
