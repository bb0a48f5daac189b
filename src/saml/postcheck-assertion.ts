import type { AssertionFacts, ResponseFacts } from "./inspect-response.js";
import { failure, type SamlFailure } from "./saml-failure.js";

const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

export interface PostcheckExpectations {
  replyUrl: string;
  idpEntityId: string;
}

export interface AcceptedAssertion {
  assertionId: string;
  requestId: string;
  /** Latest NotOnOrAfter of the assertion (replay entries live until then). */
  expiresAt: number;
}

/**
 * Checks node-saml 5.1.0 leaves to the application, run on the assertion node-saml verified
 * (never on the unsigned copy) plus the Response envelope: Issuer, Destination, bearer
 * confirmation and its Recipient, and an InResponseTo inside the signed part that matches the
 * envelope's. Each refusal names the value we expected and the one that arrived.
 */
export function postcheckAssertion(
  signed: AssertionFacts,
  envelope: ResponseFacts,
  expect: PostcheckExpectations,
): { ok: true; accepted: AcceptedAssertion } | { ok: false; failure: SamlFailure } {
  const refuse = (f: SamlFailure) => ({ ok: false as const, failure: f });

  if (signed.issuer !== expect.idpEntityId) {
    return refuse(
      failure(
        "ISSUER_MISMATCH",
        "The assertion's Issuer is not the IdP Entity ID configured for this account.",
        {
          check: "assertion Issuer",
          expected: expect.idpEntityId,
          actual: signed.issuer ?? "(none)",
        },
      ),
    );
  }
  if (envelope.issuer !== null && envelope.issuer !== expect.idpEntityId) {
    return refuse(
      failure(
        "ISSUER_MISMATCH",
        "The response's Issuer is not the IdP Entity ID configured for this account.",
        {
          check: "response Issuer",
          expected: expect.idpEntityId,
          actual: envelope.issuer,
        },
      ),
    );
  }
  if (envelope.destination !== null && envelope.destination !== expect.replyUrl) {
    return refuse(
      failure("DESTINATION_MISMATCH", "The response was addressed to another Reply URL.", {
        check: "Destination",
        expected: expect.replyUrl,
        actual: envelope.destination,
      }),
    );
  }
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
  if (!bearer.inResponseTo) {
    return refuse(
      failure(
        "UNSOLICITED_RESPONSE",
        "The signed assertion answers no request (IdP-initiated sign-in is not supported).",
        {
          check: "InResponseTo (signed)",
          expected: envelope.inResponseTo ?? "a request ID issued here",
          actual: "(none)",
        },
      ),
    );
  }
  if (bearer.inResponseTo !== envelope.inResponseTo) {
    return refuse(
      failure(
        "UNKNOWN_REQUEST",
        "The signed assertion answers a different request than the response claims.",
        {
          check: "InResponseTo (signed)",
          expected: envelope.inResponseTo ?? "(none)",
          actual: bearer.inResponseTo,
        },
      ),
    );
  }
  if (!signed.id) {
    return refuse(failure("SAML_RESPONSE_MALFORMED", "The assertion has no ID.", { check: "Assertion ID" }));
  }
  const limits = [signed.notOnOrAfter, bearer.notOnOrAfter]
    .map((t) => (t ? Date.parse(t) : Number.NaN))
    .filter((t) => Number.isFinite(t));
  return {
    ok: true,
    accepted: {
      assertionId: signed.id,
      requestId: bearer.inResponseTo,
      expiresAt: limits.length > 0 ? Math.max(...limits) : Date.now() + 60 * 60 * 1000,
    },
  };
}
