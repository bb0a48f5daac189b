import { failure, type SamlFailure } from "../errors.js";
import type { ResponseFacts } from "./inspect-response.js";

/**
 * node-saml reports failures as Error messages; turn them into our stable codes. Only the code
 * and wording change here: the rejection itself stays node-saml's.
 */
export function mapLibraryError(err: unknown, facts: ResponseFacts): SamlFailure {
  const message = err instanceof Error ? err.message : String(err);
  const on = (pattern: RegExp) => pattern.test(message);
  const a = facts.assertion;

  if (err instanceof Error && err.name === "SamlStatusError") {
    return failure("IDP_ERROR_STATUS", "The identity provider answered with an error status.", {
      actual: message,
    });
  }
  if (on(/InResponseTo is missing/)) {
    return failure(
      "UNSOLICITED_RESPONSE",
      "The response answers no request (IdP-initiated sign-in is not supported).",
      {
        check: "InResponseTo",
        expected: "a request ID issued here",
        actual: "(none)",
      },
    );
  }
  if (on(/InResponseTo is not valid|SubjectInResponseTo is not valid|InResponseTo does not match/)) {
    return failure(
      "UNKNOWN_REQUEST",
      "The response answers a request this account did not issue, or one that expired.",
      {
        check: "InResponseTo",
        expected: "an unexpired request ID issued by this account",
        actual: facts.inResponseTo ?? "(none)",
      },
    );
  }
  if (on(/multiple assertions/)) {
    return failure("MULTIPLE_ASSERTIONS", "The response holds more than one assertion.");
  }
  if (on(/not yet valid/)) {
    return failure(
      "ASSERTION_NOT_YET_VALID",
      "The assertion is not valid yet (NotBefore is in the future).",
      {
        check: "NotBefore",
        expected: "at or before now (with the allowed clock skew)",
        actual: a?.notBefore ?? "(none)",
      },
    );
  }
  if (on(/expired|No valid subject confirmation/)) {
    return failure("ASSERTION_EXPIRED", "The assertion has expired (NotOnOrAfter is in the past).", {
      check: "NotOnOrAfter",
      expected: "after now (with the allowed clock skew)",
      actual: a?.notOnOrAfter ?? a?.subjectConfirmations[0]?.notOnOrAfter ?? "(none)",
    });
  }
  if (on(/audience|AudienceRestriction/i)) {
    return failure("AUDIENCE_MISMATCH", "The assertion is meant for another Entity ID (Audience).", {
      check: "Audience",
      actual: a?.audiences.join(", ") || "(none)",
    });
  }
  if (on(/signature/i)) {
    return failure(
      "SIGNATURE_INVALID",
      "The signature does not verify with the configured signing certificate(s).",
      {
        check: "signature",
      },
    );
  }
  if (on(/Unknown SAML response message/)) {
    return failure("SAML_MESSAGE_UNEXPECTED", "The ACS received a message that is not a SAML Response.");
  }
  return failure("SAML_RESPONSE_MALFORMED", "The response could not be processed.", { actual: message });
}
