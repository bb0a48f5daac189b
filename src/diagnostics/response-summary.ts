import type { ResponseFacts } from "../saml/inspect-response.js";
import type { ResponseSummary } from "./types.js";

const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/** The comparable facts of a posted response (what "compare with the last success" looks at). */
export function summariseResponse(facts: ResponseFacts): ResponseSummary {
  const a = facts.assertion;
  return {
    id: facts.id,
    issuer: facts.issuer,
    destination: facts.destination,
    inResponseTo: facts.inResponseTo,
    issueInstant: facts.issueInstant,
    statusCode: facts.statusCode,
    statusMessage: facts.statusMessage,
    assertion: a
      ? {
          id: a.id,
          issuer: a.issuer,
          audiences: a.audiences,
          recipients: a.subjectConfirmations
            .filter((c) => c.method === BEARER)
            .map((c) => c.recipient ?? "(none)"),
          notBefore: a.notBefore,
          notOnOrAfter: a.notOnOrAfter,
          nameId: a.nameId,
          nameIdFormat: a.nameIdFormat,
          sessionIndex: a.sessionIndex,
          authnInstant: a.authnInstant,
        }
      : null,
    claims: a?.attributes ?? [],
  };
}
