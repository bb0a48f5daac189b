import type { SamlFailure } from "../saml/saml-failure.js";
import type { FailureCode } from "../sign-ins/failure-codes.js";
import type { Verdict } from "./types.js";

/** The ACS's own failure as a verdict, when no check of ours produces it. */
export function decisionVerdict(code: FailureCode, f: SamlFailure | null): Verdict {
  return {
    id: "acs-decision",
    check: f?.check ?? code,
    code,
    status: "fail",
    pass: false,
    expected: f?.expected ?? "",
    actual: f?.actual ?? f?.reason ?? "",
  };
}

/** Where the ACS's own failure is not already a failing verdict, make it one: the decision wins. */
export function reconcile(verdicts: Verdict[], f: SamlFailure): Verdict[] {
  const failing = verdicts.find((v) => v.code === f.code && v.status === "fail");
  if (failing) return verdicts;
  const index = verdicts.findIndex((v) => v.code === f.code);
  if (index === -1) return [decisionVerdict(f.code, f), ...verdicts];
  return verdicts.map((v, i) =>
    i === index
      ? {
          ...v,
          status: "fail",
          pass: false,
          expected: f.expected ?? v.expected,
          actual: f.actual ?? v.actual,
        }
      : v,
  );
}

/** The order the ACS runs its checks in (prechecks, node-saml, our postchecks, user match). */
const ACS_ORDER = [
  "sso-enabled",
  "message",
  "status",
  "assertion-count",
  "assertion-signed",
  "signature-placement",
  "response-signed",
  "algorithm",
  "nameid-markup",
  "in-response-to",
  "signature",
  "signing-certificate",
  "not-on-or-after",
  "not-before",
  "audience",
  "assertion-issuer",
  "response-issuer",
  "destination",
  "bearer",
  "recipient",
  "in-response-to-signed",
  "nameid",
  "user",
  "user-active",
];

/** Analyze: the code the ACS would answer with, from the verdicts, in the ACS's order. */
export function decideLikeTheAcs(verdicts: Verdict[]): FailureCode | null {
  const key = (v: Verdict) =>
    v.id === "nameid" && v.code === "SAML_RESPONSE_MALFORMED" ? "nameid-markup" : v.id;
  const failing = verdicts
    .filter((v) => v.status === "fail" && ACS_ORDER.includes(key(v)))
    .sort((a, b) => ACS_ORDER.indexOf(key(a)) - ACS_ORDER.indexOf(key(b)));
  const first = failing[0];
  if (!first) return null;
  if (first.id === "signature" && failing.some((v) => v.id === "signing-certificate"))
    return "CERTIFICATE_MISMATCH";
  return first.code;
}
