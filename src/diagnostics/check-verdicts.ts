import type { FailureCode } from "../sign-ins/failure-codes.js";
import type { CheckInputs } from "./check-inputs.js";
import { identifierMistake } from "./identifier-mistakes.js";
import { requestChecks } from "./request-checks.js";
import { signatureChecks } from "./signature-checks.js";
import { notBeforeVerdict, notOnOrAfterVerdict } from "./time-facts.js";
import type { Verdict } from "./types.js";
import { userChecks } from "./user-checks.js";
import { BEARER, compareIdentifier, SUCCESS, short, verdict } from "./verdict.js";

export type { CheckInputs, StatefulCheck } from "./check-inputs.js";

/**
 * Every check of the ACS, evaluated independently of the others so that the admin sees all of
 * them, not only the first that failed. Order follows the ACS. Pure: the caller passes in what
 * needs storage (request ID state, user match).
 */
export function evaluateChecks(input: CheckInputs): Verdict[] {
  const { facts, expectations: exp } = input;
  const out: Verdict[] = [];
  const skipAll = (reason: string, ids: Array<[string, string, FailureCode]>) => {
    for (const [id, check, code] of ids) out.push(verdict(id, check, code, "skip", "", reason));
  };

  const missing = exp.missingSettings;
  out.push(
    verdict(
      "sso-enabled",
      "Single Sign-On enabled and configured",
      exp.ssoEnabled ? "IDP_NOT_CONFIGURED" : "SSO_DISABLED",
      exp.ssoEnabled && missing.length === 0 ? "pass" : "fail",
      "enabled, with Sign-in URL, Entity ID and Signing Certificate",
      !exp.ssoEnabled
        ? "disabled"
        : missing.length > 0
          ? `missing ${missing.join(", ")}`
          : "enabled and configured",
    ),
  );
  out.push(
    verdict(
      "message",
      "Message type",
      "SAML_MESSAGE_UNEXPECTED",
      facts.isResponse ? "pass" : "fail",
      "samlp:Response",
      facts.rootName,
    ),
  );
  if (!facts.isResponse) return out;

  const statusOk = facts.statusCode === SUCCESS;
  out.push(
    verdict(
      "status",
      "Status",
      "IDP_ERROR_STATUS",
      statusOk ? "pass" : "fail",
      "Success",
      [
        short(facts.statusCode),
        facts.statusSubCode ? short(facts.statusSubCode) : null,
        facts.statusMessage?.split("\n")[0],
      ]
        .filter(Boolean)
        .join(" / "),
    ),
  );

  const total = facts.assertionCount + facts.encryptedAssertionCount;
  const count = Math.max(total, facts.assertionsAnywhere);
  const assertionOk = count === 1 && facts.encryptedAssertionCount === 0 && facts.assertion !== null;
  out.push(
    verdict(
      "assertion-count",
      "One plain assertion",
      count > 1 ? "MULTIPLE_ASSERTIONS" : "SAML_RESPONSE_MALFORMED",
      assertionOk ? "pass" : "fail",
      "1 Assertion",
      facts.encryptedAssertionCount > 0
        ? `${facts.encryptedAssertionCount} EncryptedAssertion`
        : `${count} Assertion`,
    ),
  );
  const a = facts.assertion;
  if (!a) {
    skipAll(
      statusOk ? "no assertion to check" : "Entra sent an error instead of an assertion",
      ASSERTION_CHECKS,
    );
    return out;
  }

  out.push(...signatureChecks(input));
  out.push(...requestChecks(input));

  const nb = notBeforeVerdict(facts, input.at, input.skewMs);
  const nooa = notOnOrAfterVerdict(facts, input.at, input.skewMs);
  const skewS = Math.round(input.skewMs / 1000);
  const when = new Date(input.at).toISOString();
  out.push(
    verdict(
      "not-before",
      "NotBefore",
      "ASSERTION_NOT_YET_VALID",
      nb === "ok" ? "pass" : "fail",
      `at or before ${when} (+${skewS} s skew)`,
      a.notBefore ?? "(none)",
    ),
  );
  const ends = [a.notOnOrAfter, ...a.subjectConfirmations.map((c) => c.notOnOrAfter)].filter(Boolean);
  out.push(
    verdict(
      "not-on-or-after",
      "NotOnOrAfter",
      "ASSERTION_EXPIRED",
      nooa === "ok" ? "pass" : "fail",
      `after ${when} (−${skewS} s skew)`,
      [...new Set(ends)].join(", ") || "(none)",
    ),
  );

  out.push(
    (() => {
      const ok = a.audiences.includes(exp.spEntityId);
      const first = a.audiences[0] ?? null;
      const hint = ok || first === null ? null : identifierMistake(exp.spEntityId, first, "sp");
      return verdict(
        "audience",
        "Audience (Identifier)",
        "AUDIENCE_MISMATCH",
        ok ? "pass" : "fail",
        exp.spEntityId,
        a.audiences.join(", ") || "(none)",
        hint,
      );
    })(),
  );
  out.push(
    compareIdentifier(
      "assertion-issuer",
      "Assertion Issuer",
      "ISSUER_MISMATCH",
      exp.idpEntityId,
      a.issuer,
      "idp",
    ),
  );
  if (facts.issuer !== null) {
    out.push(
      compareIdentifier(
        "response-issuer",
        "Response Issuer",
        "ISSUER_MISMATCH",
        exp.idpEntityId,
        facts.issuer,
        "idp",
      ),
    );
  }
  out.push(
    facts.destination === null
      ? verdict(
          "destination",
          "Destination",
          "DESTINATION_MISMATCH",
          "pass",
          exp.replyUrl,
          "(not sent; allowed)",
        )
      : compareIdentifier(
          "destination",
          "Destination",
          "DESTINATION_MISMATCH",
          exp.replyUrl,
          facts.destination,
          "sp",
        ),
  );
  const bearers = a.subjectConfirmations.filter((c) => c.method === BEARER);
  out.push(
    verdict(
      "bearer",
      "Bearer SubjectConfirmation",
      "BEARER_CONFIRMATION_MISSING",
      bearers.length > 0 ? "pass" : "fail",
      BEARER,
      a.subjectConfirmations.map((c) => c.method ?? "(none)").join(", ") || "(none)",
    ),
  );
  if (bearers.length > 0) {
    const ok = bearers.some((c) => c.recipient === exp.replyUrl);
    const first = bearers[0]?.recipient ?? null;
    out.push(
      verdict(
        "recipient",
        "Recipient (Reply URL)",
        "RECIPIENT_MISMATCH",
        ok ? "pass" : "fail",
        exp.replyUrl,
        bearers.map((c) => c.recipient ?? "(none)").join(", "),
        ok || first === null ? null : identifierMistake(exp.replyUrl, first, "sp"),
      ),
    );
  } else {
    out.push(
      verdict(
        "recipient",
        "Recipient (Reply URL)",
        "RECIPIENT_MISMATCH",
        "skip",
        exp.replyUrl,
        "no bearer confirmation",
      ),
    );
  }

  out.push(
    verdict(
      "browser",
      "Started in this browser",
      input.browser.code,
      input.browser.status,
      input.browser.expected,
      input.browser.actual,
    ),
  );
  out.push(
    verdict(
      "replay",
      "Assertion used once",
      input.replay.code,
      input.replay.status,
      input.replay.expected,
      input.replay.actual,
    ),
  );
  out.push(...userChecks(input));
  return out;
}

const ASSERTION_CHECKS: Array<[string, string, FailureCode]> = [
  ["assertion-signed", "Assertion signed", "SIGNATURE_MISSING"],
  ["signing-certificate", "Signing certificate", "CERTIFICATE_MISMATCH"],
  ["signature", "Signature value", "SIGNATURE_INVALID"],
  ["in-response-to", "InResponseTo", "UNSOLICITED_RESPONSE"],
  ["audience", "Audience (Identifier)", "AUDIENCE_MISMATCH"],
  ["nameid", "NameID", "NAMEID_MISSING"],
  ["user", "User match", "USER_NOT_FOUND"],
];
