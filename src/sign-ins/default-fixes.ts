import type { FailureCode } from "./failure-codes.js";

/**
 * The fix to show when nothing more specific is known, in the words of Entra's admin center and
 * the Mitel portals. Diagnostics refine these with the values of the failed attempt.
 */
export const DEFAULT_FIXES: Record<FailureCode, string> = {
  SSO_DISABLED: "In the Mitel portal, open the Single Sign-On settings, tick Enable Single Sign-On and Save.",
  ACCOUNT_NOT_FOUND: "Check the account id in the URL; the account may have been deleted.",
  SAML_RESPONSE_MISSING:
    "Start the sign-in from the Sign-on URL; the Reply URL only accepts the form Entra posts back.",
  SAML_RESPONSE_MALFORMED:
    "The message that reached the Reply URL is not a usable SAML Response. Sign in again from the Sign-on URL; if it persists, capture it and use Analyze.",
  SAML_MESSAGE_UNEXPECTED:
    "Only SAML Responses may be posted to the Reply URL. In Entra, make sure the Logout URL is not set to this Reply URL.",
  XML_DOCTYPE_FORBIDDEN: "SAML messages never contain a DOCTYPE; this message was not sent by Entra.",
  IDP_ERROR_STATUS:
    "Entra refused to sign the user in; the AADSTS code says why. Fix it in Entra and sign in again.",
  SIGNATURE_MISSING:
    "In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate > Signing Option: choose Sign SAML assertion (or Sign SAML response and assertion).",
  SIGNATURE_INVALID:
    "Download Certificate (Base64) from Entra (Mitel Connect > Single sign-on > SAML Signing Certificate) and paste it into Signing Certificate here.",
  WEAK_SIGNATURE_ALGORITHM:
    "In Entra: SAML Signing Certificate > Signing Algorithm: choose SHA-256. Or, if you must keep SHA-1, allow it in this account's settings.",
  CERTIFICATE_MISMATCH:
    "In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate, download Certificate (Base64) and paste it into Signing Certificate here; if you just created a new certificate in Entra, make it active only after pasting it.",
  MULTIPLE_ASSERTIONS:
    "Entra sends exactly one assertion; this response was altered on the way or not sent by Entra.",
  ISSUER_MISMATCH:
    "Copy Microsoft Entra Identifier from Entra's Set up Mitel Connect section into the Entity ID / IDP Identifier field here.",
  AUDIENCE_MISMATCH:
    "In Entra: Basic SAML Configuration > Identifier (Entity ID) must equal the Mitel Identifier (Entity ID) shown here.",
  DESTINATION_MISMATCH:
    "In Entra: Basic SAML Configuration > Reply URL (Assertion Consumer Service URL) must equal the Reply URL shown here.",
  RECIPIENT_MISMATCH:
    "In Entra: Basic SAML Configuration > Reply URL (Assertion Consumer Service URL) must equal the Reply URL shown here.",
  BEARER_CONFIRMATION_MISSING:
    "Entra always sends a bearer confirmation; this response was not sent by Entra.",
  ASSERTION_NOT_YET_VALID:
    "The clocks of Entra and this service differ: synchronise this server's clock (NTP).",
  ASSERTION_EXPIRED:
    "Sign in again from the Sign-on URL; if it keeps failing, synchronise this server's clock (NTP).",
  UNSOLICITED_RESPONSE:
    "Mitel Connect supports SP-initiated SSO only: start from the Sign-on URL. In Entra, set Basic SAML Configuration > Sign on URL so that My Apps and Test this application start there.",
  UNKNOWN_REQUEST: "The sign-in took too long or was started elsewhere. Start again from the Sign-on URL.",
  REQUEST_NOT_FROM_THIS_BROWSER:
    "The sign-in was started in another browser. Start again from the Sign-on URL in this browser.",
  RESPONSE_REPLAYED: "This response was already used. Start again from the Sign-on URL.",
  NAMEID_MISSING:
    "In Entra: Attributes & Claims > Unique User Identifier (Name ID): set it to user.userprincipalname.",
  USER_NOT_FOUND:
    "Create the user in the Mitel portal with the username/email equal to the user's UPN in Entra, and activate them.",
  USER_NOT_ACTIVE: "Activate the user in the Mitel portal (Users), then sign in again.",
  UNSUPPORTED_SAML_VERSION:
    'Entra always sends SAML 2.0 (Version="2.0"); this message was not sent by Entra as is. Sign in again from the Sign-on URL.',
  ASSERTION_TOO_OLD:
    "The assertion was issued long before it arrived: Entra issues a fresh one for every sign-in. Sign in again from the Sign-on URL; if a fresh sign-in fails the same way, synchronise this server's clock (NTP).",
  SESSION_EXPIRED:
    "The session Entra granted (AuthnStatement SessionNotOnOrAfter) had already ended when the response arrived. Sign in again from the Sign-on URL; if it keeps happening, check the session lifetime policies in Entra (Conditional Access > Session > Sign-in frequency).",
  IDP_NOT_CONFIGURED:
    "In the Mitel portal's Single Sign-On settings, fill in Sign-in URL, Entity ID and Signing Certificate from Entra's Set up Mitel Connect section.",
};
