import type { CheckInputs } from "./check-inputs.js";
import type { Verdict } from "./types.js";
import { BEARER, verdict } from "./verdict.js";

/** InResponseTo in the envelope and in the signed assertion, and the request ID's state. */
export function requestChecks(input: CheckInputs): Verdict[] {
  const { facts } = input;
  const out: Verdict[] = [];
  out.push(
    verdict(
      "in-response-to",
      "InResponseTo",
      "UNSOLICITED_RESPONSE",
      facts.inResponseTo ? "pass" : "fail",
      "the ID of a request issued by this account",
      facts.inResponseTo ?? "(none: IdP-initiated)",
    ),
  );
  const bearer = facts.assertion?.subjectConfirmations.find((c) => c.method === BEARER);
  const signedIrt = bearer?.inResponseTo ?? null;
  out.push(
    verdict(
      "in-response-to-signed",
      "InResponseTo inside the signed assertion",
      signedIrt ? "UNKNOWN_REQUEST" : "UNSOLICITED_RESPONSE",
      signedIrt !== null && signedIrt === facts.inResponseTo ? "pass" : "fail",
      facts.inResponseTo ?? "the request ID",
      signedIrt ?? "(none)",
    ),
  );
  const r = input.request;
  out.push(
    verdict("request", "Request issued here, unused, unexpired", r.code, r.status, r.expected, r.actual),
  );
  return out;
}
