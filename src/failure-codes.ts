/**
 * The words of the platform's portal a fix needs (platforms/ provides them; kept structural so
 * this registry imports nothing and every layer may read it).
 */
export interface FixWording {
  productName: string;
  portalName: string;
  settingsScreen: string;
  signInUrlField: string;
  idpEntityIdField: string;
  certificateField: string;
}

/** What one failure code means, everywhere it is shown: the page, the API, the log, the reports. */
export interface FailureFacts {
  /** HTTP status of the failure page / JSON answer. */
  status: number;
  /** A few words, for lists and the sign-in log. */
  title: string;
  /** The default one-line cause, when the engine has nothing more specific. */
  cause: string;
  /** The default fix, in Entra's words and the platform's (its portal, screen and field names). */
  fix: (w: FixWording) => string;
}

const REPLY_URL_FIX = () =>
  "In Entra: Basic SAML Configuration > Reply URL (Assertion Consumer Service URL) must equal the Reply URL shown here.";

/**
 * The failure-code registry: every stable code of a sign-in (DESIGN §6) with its status, title,
 * default cause and fix. Tests and docs rely on these strings; add new codes, never reuse one
 * for another meaning.
 */
export const FAILURES = {
  SSO_DISABLED: {
    status: 403,
    title: "Single Sign-On disabled",
    cause: "Single Sign-On is not enabled for this account.",
    fix: (w) => `In the ${w.portalName}, open ${w.settingsScreen}, tick Enable Single Sign-On and Save.`,
  },
  ACCOUNT_NOT_FOUND: {
    status: 404,
    title: "No such account",
    cause: "There is no such account here.",
    fix: () => "Check the account id in the URL; the account may have been deleted.",
  },
  SAML_RESPONSE_MISSING: {
    status: 400,
    title: "No SAMLResponse",
    cause: "The POST carried no SAMLResponse form field.",
    fix: () =>
      "Start the sign-in from the Sign-on URL; the Reply URL only accepts the form Entra posts back.",
  },
  SAML_RESPONSE_MALFORMED: {
    status: 400,
    title: "Unusable SAML Response",
    cause: "The message that reached the Reply URL is not a usable SAML Response.",
    fix: () =>
      "The message that reached the Reply URL is not a usable SAML Response. Sign in again from the Sign-on URL; if it persists, capture it and use Analyze.",
  },
  SAML_RESPONSE_TOO_LARGE: {
    status: 413,
    title: "SAML Response too large",
    cause: "The message that reached the Reply URL is far larger than any response Entra sends.",
    fix: () =>
      "Entra's responses are a few KB; this one is far larger, so it was not sent by Entra or carries far too many claims. In Entra, trim the Attributes & Claims (emit groups as a link or filter them), then sign in again.",
  },
  SAML_MESSAGE_UNEXPECTED: {
    status: 400,
    title: "Not a SAML Response",
    cause: "The ACS received a message that is not a SAML Response.",
    fix: () =>
      "Only SAML Responses may be posted to the Reply URL. In Entra, make sure the Logout URL is not set to this Reply URL.",
  },
  XML_DOCTYPE_FORBIDDEN: {
    status: 400,
    title: "DOCTYPE in the message",
    cause: "The message contains a DOCTYPE.",
    fix: () => "SAML messages never contain a DOCTYPE; this message was not sent by Entra.",
  },
  IDP_ERROR_STATUS: {
    status: 400,
    title: "Entra answered with an error",
    cause: "The identity provider answered with an error status.",
    fix: () =>
      "Entra refused to sign the user in; the AADSTS code says why. Fix it in Entra and sign in again.",
  },
  SIGNATURE_MISSING: {
    status: 400,
    title: "Not signed",
    cause: "The assertion is not signed.",
    fix: () =>
      "In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate > Signing Option: choose Sign SAML assertion (or Sign SAML response and assertion).",
  },
  SIGNATURE_INVALID: {
    status: 400,
    title: "Signature does not verify",
    cause: "The signature does not verify with the configured signing certificate(s).",
    fix: (w) =>
      `Download Certificate (Base64) from Entra (Mitel Connect > Single sign-on > SAML Signing Certificate) and paste it into ${w.certificateField} here.`,
  },
  WEAK_SIGNATURE_ALGORITHM: {
    status: 400,
    title: "SHA-1 signature",
    cause: "The response is signed with SHA-1, which this account does not accept.",
    fix: () =>
      "In Entra: SAML Signing Certificate > Signing Algorithm: choose SHA-256. Or, if you must keep SHA-1, allow it in this account's settings.",
  },
  CERTIFICATE_MISMATCH: {
    status: 400,
    title: "Another signing certificate",
    cause: "Entra signed with a certificate that is not the Signing Certificate configured here.",
    fix: (w) =>
      `In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate, download Certificate (Base64) and paste it into ${w.certificateField} here; if you just created a new certificate in Entra, make it active only after pasting it.`,
  },
  ASSERTION_DECRYPTION_FAILED: {
    status: 400,
    title: "Encrypted assertion cannot be decrypted",
    cause:
      "The assertion is encrypted (Entra's Token encryption), and none of this account's decryption keys opens it.",
    fix: () =>
      "Entra must encrypt with this account's encryption certificate: on the account page > SP keys (mock only), download the active Encryption certificate; in Entra: Mitel Connect > Single sign-on > SAML Signing Certificate > Token encryption > Import certificate, then Activate token encryption certificate. Turn on Encrypted assertions in the account's Advanced settings, or turn Token encryption off in Entra.",
  },
  MULTIPLE_ASSERTIONS: {
    status: 400,
    title: "More than one assertion",
    cause: "The response holds more than one assertion.",
    fix: () =>
      "Entra sends exactly one assertion; this response was altered on the way or not sent by Entra.",
  },
  ISSUER_MISMATCH: {
    status: 400,
    title: "Issuer is not the Entity ID",
    cause: "The response's Issuer is not the IdP Entity ID configured for this account.",
    fix: (w) =>
      `Copy Microsoft Entra Identifier from Entra's Set up Mitel Connect section into ${w.idpEntityIdField} here.`,
  },
  AUDIENCE_MISMATCH: {
    status: 400,
    title: "Audience is not this SP",
    cause: "The assertion is meant for another Entity ID (Audience).",
    fix: () =>
      "In Entra: Basic SAML Configuration > Identifier (Entity ID) must equal the Mitel Identifier (Entity ID) shown here.",
  },
  DESTINATION_MISMATCH: {
    status: 400,
    title: "Destination is not the Reply URL",
    cause: "The response was addressed to another Reply URL.",
    fix: REPLY_URL_FIX,
  },
  RECIPIENT_MISMATCH: {
    status: 400,
    title: "Recipient is not the Reply URL",
    cause: "The assertion is meant for another Reply URL (SubjectConfirmationData Recipient).",
    fix: REPLY_URL_FIX,
  },
  BEARER_CONFIRMATION_MISSING: {
    status: 400,
    title: "No bearer confirmation",
    cause: "The assertion has no bearer SubjectConfirmation.",
    fix: () => "Entra always sends a bearer confirmation; this response was not sent by Entra.",
  },
  ASSERTION_NOT_YET_VALID: {
    status: 400,
    title: "Not valid yet",
    cause: "The assertion is not valid yet.",
    fix: () => "The clocks of Entra and this service differ: synchronise this server's clock (NTP).",
  },
  ASSERTION_EXPIRED: {
    status: 400,
    title: "Expired",
    cause: "The assertion has expired.",
    fix: () =>
      "Sign in again from the Sign-on URL; if it keeps failing, synchronise this server's clock (NTP).",
  },
  UNSOLICITED_RESPONSE: {
    status: 400,
    title: "IdP-initiated",
    cause: "The response answers no request (IdP-initiated sign-in is not supported).",
    fix: () =>
      "Mitel Connect supports SP-initiated SSO only: start from the Sign-on URL. In Entra, set Basic SAML Configuration > Sign on URL so that My Apps and Test this application start there.",
  },
  UNKNOWN_REQUEST: {
    status: 400,
    title: "Unknown or expired request",
    cause: "The response answers a request this account did not issue, or one that expired.",
    fix: () => "The sign-in took too long or was started elsewhere. Start again from the Sign-on URL.",
  },
  REQUEST_NOT_FROM_THIS_BROWSER: {
    status: 400,
    title: "Started in another browser",
    cause: "The sign-in was started in another browser than the one that posted the response.",
    fix: () =>
      "The sign-in was started in another browser. Start again from the Sign-on URL in this browser.",
  },
  RESPONSE_REPLAYED: {
    status: 400,
    title: "Used already",
    cause: "This response was already used for a sign-in.",
    fix: () => "This response was already used. Start again from the Sign-on URL.",
  },
  NAMEID_MISSING: {
    status: 400,
    title: "No NameID",
    cause: "The assertion carries no NameID.",
    fix: () =>
      "In Entra: Attributes & Claims > Unique User Identifier (Name ID): set it to user.userprincipalname.",
  },
  USER_NOT_FOUND: {
    status: 403,
    title: "No such user",
    cause: "No user of this account matches the NameID.",
    fix: (w) =>
      `Create the user in the ${w.portalName} with the username/email equal to the user's UPN in Entra, and activate them.`,
  },
  USER_NOT_ACTIVE: {
    status: 403,
    title: "User not active",
    cause: "The user exists but is not active.",
    fix: (w) => `Activate the user in the ${w.portalName} (Users), then sign in again.`,
  },
  IDP_NOT_CONFIGURED: {
    status: 409,
    title: "Settings incomplete",
    cause: "Single Sign-On settings are incomplete.",
    fix: (w) =>
      `In the ${w.portalName}'s Single Sign-On settings, fill in ${w.signInUrlField}, ${w.idpEntityIdField} and ${w.certificateField} from Entra's Set up Mitel Connect section.`,
  },
  UNSUPPORTED_SAML_VERSION: {
    status: 400,
    title: "Not SAML 2.0",
    cause: "The message is not SAML 2.0 (Version attribute).",
    fix: () =>
      'Entra always sends SAML 2.0 (Version="2.0"); this message was not sent by Entra as is. Sign in again from the Sign-on URL.',
  },
  ASSERTION_TOO_OLD: {
    status: 400,
    title: "Issued too long ago",
    cause: "The assertion was issued too long ago to answer a sign-in started now.",
    fix: () =>
      "The assertion was issued long before it arrived: Entra issues a fresh one for every sign-in. Sign in again from the Sign-on URL; if a fresh sign-in fails the same way, synchronise this server's clock (NTP).",
  },
  SESSION_EXPIRED: {
    status: 400,
    title: "Entra session ended",
    cause: "The session Entra granted (AuthnStatement SessionNotOnOrAfter) has already ended.",
    fix: () =>
      "The session Entra granted (AuthnStatement SessionNotOnOrAfter) had already ended when the response arrived. Sign in again from the Sign-on URL; if it keeps happening, check the session lifetime policies in Entra (Conditional Access > Session > Sign-in frequency).",
  },
  // Single sign-out (mock only; settings/single-sign-out.ts): the account's Single Logout endpoint.
  SLO_NOT_CONFIGURED: {
    status: 409,
    title: "Single sign-out off",
    cause:
      "A sign-out message reached the Single Logout endpoint, but single sign-out is off for this account.",
    fix: () =>
      "Either paste Entra's Logout URL (Set up Mitel Connect) into this account's Advanced > Single sign-out, or clear Basic SAML Configuration > Logout Url in Entra so that Entra stops sending sign-out messages here.",
  },
  SLO_MESSAGE_MALFORMED: {
    status: 400,
    title: "Unusable sign-out message",
    cause: "The Single Logout endpoint received no usable LogoutRequest or LogoutResponse.",
    fix: () =>
      "Entra sends its LogoutRequest and LogoutResponse as SAMLRequest / SAMLResponse query parameters (HTTP-Redirect: deflated, base64). This message was not sent by Entra as is; sign out again from the app.",
  },
  SLO_SIGNATURE_MISSING: {
    status: 400,
    title: "Sign-out not signed",
    cause: "The sign-out message carries no Signature and SigAlg query parameters.",
    fix: () =>
      "Entra signs the LogoutRequests and LogoutResponses it sends (HTTP-Redirect: Signature and SigAlg parameters). An unsigned one could come from anyone, so it is refused; sign out again from the app.",
  },
  SLO_SIGNATURE_INVALID: {
    status: 400,
    title: "Sign-out signature invalid",
    cause: "The sign-out message's signature does not verify with a configured certificate.",
    fix: (w) =>
      `The sign-out message was signed by a key whose certificate is not in the ${w.certificateField} field, or was changed on the way. Paste Entra's current (active) signing certificate into ${w.certificateField} in the ${w.portalName}.`,
  },
  SLO_ISSUER_MISMATCH: {
    status: 400,
    title: "Sign-out from another issuer",
    cause: "The sign-out message's Issuer is not the configured Entra tenant.",
    fix: (w) =>
      `The ${w.idpEntityIdField} field must be the Microsoft Entra Identifier of the tenant that signs users out (https://sts.windows.net/<tenant-id>/). Copy it again from Set up Mitel Connect.`,
  },
  SLO_DESTINATION_MISMATCH: {
    status: 400,
    title: "Sign-out sent elsewhere",
    cause: "The sign-out message's Destination is not this account's Single Logout endpoint.",
    fix: () =>
      "In Entra: Basic SAML Configuration > Logout Url must equal this account's Single Logout endpoint (shown under Advanced > Single sign-out).",
  },
  SLO_UNKNOWN_REQUEST: {
    status: 400,
    title: "Unexpected LogoutResponse",
    cause: "The LogoutResponse does not answer a LogoutRequest this browser sent.",
    fix: () =>
      "A LogoutResponse must answer the LogoutRequest this service sent when you pressed Sign out, in the same browser and within the request lifetime. Sign in and sign out again.",
  },
  SLO_ERROR_STATUS: {
    status: 400,
    title: "Entra refused the sign-out",
    cause: "Entra answered the LogoutRequest with an error status.",
    fix: () =>
      "Entra could not sign the user out (the status says why). The session here has ended anyway; sign out of Entra at https://myapps.microsoft.com if needed, and check that the NameID Entra sent at sign-in is unchanged.",
  },
} as const satisfies Record<string, FailureFacts>;

export type FailureCode = keyof typeof FAILURES;

export const FAILURE_CODES = Object.keys(FAILURES) as FailureCode[];

export function isFailureCode(value: string): value is FailureCode {
  return Object.hasOwn(FAILURES, value);
}

/** HTTP status of the failure page for each code. */
export function statusForFailure(code: FailureCode): number {
  return FAILURES[code].status;
}

/** Generic wording where the platform is not known (e.g. no account). */
const ANY_PLATFORM: FixWording = {
  productName: "Mitel",
  portalName: "Mitel portal",
  settingsScreen: "the Single Sign-On settings",
  signInUrlField: "Sign-in URL",
  idpEntityIdField: "Entity ID / IDP Identifier",
  certificateField: "Signing Certificate",
};

/** The fix to show when nothing more specific is known, in the platform's words when it is known. */
export function defaultFix(code: FailureCode, wording: FixWording = ANY_PLATFORM): string {
  return FAILURES[code].fix(wording);
}
