/**
 * Stable failure codes of a sign-in (DESIGN §6). Tests and docs rely on these strings; add new
 * codes, never reuse one for another meaning.
 */
export const FAILURE_CODES = [
  "SSO_DISABLED",
  "ACCOUNT_NOT_FOUND",
  "SAML_RESPONSE_MISSING",
  "SAML_RESPONSE_MALFORMED",
  "SAML_MESSAGE_UNEXPECTED",
  "XML_DOCTYPE_FORBIDDEN",
  "IDP_ERROR_STATUS",
  "SIGNATURE_MISSING",
  "SIGNATURE_INVALID",
  "WEAK_SIGNATURE_ALGORITHM",
  "CERTIFICATE_MISMATCH",
  "MULTIPLE_ASSERTIONS",
  "ISSUER_MISMATCH",
  "AUDIENCE_MISMATCH",
  "DESTINATION_MISMATCH",
  "RECIPIENT_MISMATCH",
  "BEARER_CONFIRMATION_MISSING",
  "ASSERTION_NOT_YET_VALID",
  "ASSERTION_EXPIRED",
  "UNSOLICITED_RESPONSE",
  "UNKNOWN_REQUEST",
  "REQUEST_NOT_FROM_THIS_BROWSER",
  "RESPONSE_REPLAYED",
  "NAMEID_MISSING",
  "USER_NOT_FOUND",
  "USER_NOT_ACTIVE",
  "IDP_NOT_CONFIGURED",
  "UNSUPPORTED_SAML_VERSION",
  "ASSERTION_TOO_OLD",
  "SESSION_EXPIRED",
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

/** HTTP status of the failure page for each code. */
export function statusForFailure(code: FailureCode): number {
  switch (code) {
    case "ACCOUNT_NOT_FOUND":
      return 404;
    case "USER_NOT_FOUND":
    case "USER_NOT_ACTIVE":
    case "SSO_DISABLED":
      return 403;
    case "IDP_NOT_CONFIGURED":
      return 409;
    default:
      return 400;
  }
}
