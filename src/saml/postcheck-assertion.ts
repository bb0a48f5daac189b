import type { AssertionFacts, ResponseFacts, SubjectConfirmationFacts } from "./inspect-response.js";
import { failure, type SamlFailure } from "./saml-failure.js";

const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

export interface PostcheckExpectations {
  replyUrl: string;
  idpEntityId: string;
  /** Now and the accepted clock skew, for the bearer confirmation's own time window. */
  now: number;
  clockSkewMs: number;
}

export interface AcceptedAssertion {
  assertionId: string;
  requestId: string;
  /** Latest NotOnOrAfter of the assertion (replay entries live until then). */
  expiresAt: number;
}

export type PostcheckResult = { ok: true; accepted: AcceptedAssertion } | { ok: false; failure: SamlFailure };

/**
 * Checks node-saml 5.1.0 leaves to the application, run on the assertion node-saml verified
 * (never on the unsigned copy) plus the Response envelope, in this order:
 * 1. the verified assertion is the one posted (same ID and NameID: no parser differential);
 * 2. Issuer of the assertion and of the response;
 * 3. Destination (required when the Response is signed, as the SAML bindings demand);
 * 4. a bearer SubjectConfirmation whose Recipient is our Reply URL, within its own time window
 *    (node-saml checks the time of whichever confirmation it picked, not necessarily this one);
 * 5. an InResponseTo inside the signed part, equal to the envelope's.
 * Each refusal names the value we expected and the one that arrived.
 */
export function postcheckAssertion(
  signed: AssertionFacts,
  envelope: ResponseFacts,
  expect: PostcheckExpectations,
): PostcheckResult {
  const refused =
    checkSameAssertion(signed, envelope) ??
    checkIssuers(signed, envelope, expect) ??
    checkDestination(envelope, expect);
  if (refused) return { ok: false, failure: refused };

  const bearer = findBearer(signed, expect);
  if (!bearer.ok) return bearer;
  const requestId = checkSignedInResponseTo(bearer.confirmation, envelope);
  if (typeof requestId !== "string") return { ok: false, failure: requestId };

  if (!signed.id) {
    return {
      ok: false,
      failure: failure("SAML_RESPONSE_MALFORMED", "The assertion has no ID.", { check: "Assertion ID" }),
    };
  }
  const limits = [signed.notOnOrAfter, bearer.confirmation.notOnOrAfter]
    .map((t) => (t ? Date.parse(t) : Number.NaN))
    .filter((t) => Number.isFinite(t));
  return {
    ok: true,
    accepted: {
      assertionId: signed.id,
      requestId,
      expiresAt: limits.length > 0 ? Math.max(...limits) : expect.now + 60 * 60 * 1000,
    },
  };
}

/** The assertion node-saml verified must be the one we inspected and the user sees in the message. */
function checkSameAssertion(signed: AssertionFacts, envelope: ResponseFacts): SamlFailure | null {
  const posted = envelope.assertion;
  if (posted && posted.id === signed.id && posted.nameId === signed.nameId) return null;
  return failure("SIGNATURE_INVALID", "The signed assertion is not the assertion this response shows.", {
    check: "signed assertion is the posted one",
    expected: `assertion ${posted?.id ?? "(none)"} for ${posted?.nameId ?? "(none)"}`,
    actual: `assertion ${signed.id ?? "(none)"} for ${signed.nameId ?? "(none)"}`,
  });
}

function checkIssuers(
  signed: AssertionFacts,
  envelope: ResponseFacts,
  expect: PostcheckExpectations,
): SamlFailure | null {
  if (signed.issuer !== expect.idpEntityId) {
    return failure(
      "ISSUER_MISMATCH",
      "The assertion's Issuer is not the IdP Entity ID configured for this account.",
      {
        check: "assertion Issuer",
        expected: expect.idpEntityId,
        actual: signed.issuer ?? "(none)",
      },
    );
  }
  if (envelope.issuer !== null && envelope.issuer !== expect.idpEntityId) {
    return failure(
      "ISSUER_MISMATCH",
      "The response's Issuer is not the IdP Entity ID configured for this account.",
      {
        check: "response Issuer",
        expected: expect.idpEntityId,
        actual: envelope.issuer,
      },
    );
  }
  return null;
}

function checkDestination(envelope: ResponseFacts, expect: PostcheckExpectations): SamlFailure | null {
  if (envelope.destination === expect.replyUrl) return null;
  if (envelope.destination === null && !envelope.responseSigned) return null;
  return failure("DESTINATION_MISMATCH", "The response was addressed to another Reply URL.", {
    check: "Destination",
    expected: expect.replyUrl,
    actual: envelope.destination ?? "(none, but the Response is signed and must name it)",
  });
}

function findBearer(
  signed: AssertionFacts,
  expect: PostcheckExpectations,
): { ok: true; confirmation: SubjectConfirmationFacts } | { ok: false; failure: SamlFailure } {
  const refuse = (f: SamlFailure) => ({ ok: false as const, failure: f });
  const bearers = signed.subjectConfirmations.filter((c) => c.method === BEARER);
  if (bearers.length === 0) {
    return refuse(
      failure("BEARER_CONFIRMATION_MISSING", "The assertion has no bearer SubjectConfirmation.", {
        check: "SubjectConfirmation Method",
        expected: BEARER,
        actual: signed.subjectConfirmations.map((c) => c.method ?? "(none)").join(", ") || "(none)",
      }),
    );
  }
  const bearer = bearers.find((c) => c.recipient === expect.replyUrl);
  if (!bearer) {
    return refuse(
      failure(
        "RECIPIENT_MISMATCH",
        "The assertion is meant for another Reply URL (SubjectConfirmationData Recipient).",
        {
          check: "Recipient",
          expected: expect.replyUrl,
          actual: bearers.map((c) => c.recipient ?? "(none)").join(", "),
        },
      ),
    );
  }
  const notOnOrAfter = bearer.notOnOrAfter ? Date.parse(bearer.notOnOrAfter) : Number.NaN;
  if (!Number.isFinite(notOnOrAfter)) {
    return refuse(
      failure(
        "SAML_RESPONSE_MALFORMED",
        "The bearer confirmation has no valid NotOnOrAfter; a bearer assertion must expire.",
        {
          check: "SubjectConfirmationData NotOnOrAfter",
          expected: "a time",
          actual: bearer.notOnOrAfter ?? "(none)",
        },
      ),
    );
  }
  if (expect.now - expect.clockSkewMs >= notOnOrAfter) {
    return refuse(
      failure(
        "ASSERTION_EXPIRED",
        "The assertion's bearer confirmation has expired (SubjectConfirmationData NotOnOrAfter).",
        {
          check: "SubjectConfirmationData NotOnOrAfter",
          expected: "after now (with the allowed clock skew)",
          actual: bearer.notOnOrAfter ?? "(none)",
        },
      ),
    );
  }
  const notBefore = bearer.notBefore ? Date.parse(bearer.notBefore) : Number.NaN;
  if (
    bearer.notBefore !== null &&
    (!Number.isFinite(notBefore) || expect.now + expect.clockSkewMs < notBefore)
  ) {
    return refuse(
      failure(
        "ASSERTION_NOT_YET_VALID",
        "The assertion's bearer confirmation is not valid yet (SubjectConfirmationData NotBefore).",
        {
          check: "SubjectConfirmationData NotBefore",
          expected: "at or before now (with the allowed clock skew)",
          actual: bearer.notBefore,
        },
      ),
    );
  }
  return { ok: true, confirmation: bearer };
}

/** The request this answers, as the signed confirmation says; refused when absent or not the envelope's. */
function checkSignedInResponseTo(
  bearer: SubjectConfirmationFacts,
  envelope: ResponseFacts,
): string | SamlFailure {
  if (!bearer.inResponseTo) {
    return failure(
      "UNSOLICITED_RESPONSE",
      "The signed assertion answers no request (IdP-initiated sign-in is not supported).",
      {
        check: "InResponseTo (signed)",
        expected: envelope.inResponseTo ?? "a request ID issued here",
        actual: "(none)",
      },
    );
  }
  if (bearer.inResponseTo !== envelope.inResponseTo) {
    return failure(
      "UNKNOWN_REQUEST",
      "The signed assertion answers a different request than the response claims.",
      {
        check: "InResponseTo (signed)",
        expected: envelope.inResponseTo ?? "(none)",
        actual: bearer.inResponseTo,
      },
    );
  }
  return bearer.inResponseTo;
}
