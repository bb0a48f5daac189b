/**
 * Entra (AADSTS) error codes an admin meets with the Mitel Connect app: what each means and what
 * to change. Most stop at Entra's error page; some reach the Reply URL as a non-Success Status.
 * `{entityId}`, `{replyUrl}` and `{signOnUrl}` are filled with this account's values.
 */
export interface AadstsEntry {
  meaning: string;
  fix: string;
}

export const AADSTS_CODES: Record<string, AadstsEntry> = {
  AADSTS50011: {
    meaning: "The Reply URL in the request is not one of the Reply URLs configured for the app.",
    fix: "In Entra: Mitel Connect > Single sign-on > Basic SAML Configuration > Reply URL (Assertion Consumer Service URL): add {replyUrl} exactly (https, except http://localhost).",
  },
  AADSTS700016: {
    meaning:
      "No app in the tenant has the Identifier (Entity ID) the request was issued as, or the request went to another tenant.",
    fix: "In Entra: Basic SAML Configuration > Identifier (Entity ID): set it to {entityId} exactly. Check that the Sign-in URL here is the Login URL of the tenant that holds the Mitel Connect app.",
  },
  AADSTS50105: {
    meaning: "The user is not assigned to the Mitel Connect app, and the app requires assignment.",
    fix: "In Entra: Enterprise applications > Mitel Connect > Users and groups > Add user/group: assign the user (or a group they are in). Or set Properties > Assignment required? to No.",
  },
  AADSTS75011: {
    meaning:
      "The way the user signed in (for example MFA or passwordless) does not match the authentication method the request asked for.",
    fix: "The request must not demand a method (RequestedAuthnContext); this service sends none. If you see this, the request was not sent by this service's current version: start again from the Sign-on URL {signOnUrl}.",
  },
  AADSTS75016: {
    meaning:
      "The request's NameIDPolicy asks for a NameID format Entra does not offer, or cannot give for this app.",
    fix: "Only persistent, emailAddress, unspecified and transient are allowed, and emailAddress needs a Unique User Identifier (Name ID) that is an email address. This service asks for the account's NameIDPolicy Format (Advanced, mock only; default unspecified, where Entra's Name ID setting decides): set it back to unspecified or fix the Name ID source in Entra, then start again from the Sign-on URL {signOnUrl}.",
  },
  AADSTS7500529: {
    meaning: "The request ID starts with a digit, which SAML IDs may not.",
    fix: "This service's request IDs start with “_”; the request was not made by it. Start again from the Sign-on URL {signOnUrl}.",
  },
  AADSTS50003: {
    meaning: "The app has no active signing certificate, so Entra cannot sign the response.",
    fix: "In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate: add a certificate and make it active, download Certificate (Base64) and paste it into Signing Certificate here.",
  },
  AADSTS501241: {
    meaning:
      "A claim's source is empty for this user: typically the Unique User Identifier (Name ID) comes from an attribute the user does not have (for example user.mail).",
    fix: "In Entra: Mitel Connect > Single sign-on > Attributes & Claims > Unique User Identifier (Name ID): choose user.userprincipalname, or fill in the attribute it uses for this user.",
  },
  AADSTS50034: {
    meaning: "The user account does not exist in the tenant.",
    fix: "Sign in with a user of the tenant that holds the Mitel Connect app (the Username/Email typed on the Mitel sign-in page is passed to Entra as a hint).",
  },
  AADSTS50126: {
    meaning: "Invalid username or password.",
    fix: "The user must sign in to Entra with the right password; nothing to change in the app settings.",
  },
  AADSTS50076: {
    meaning: "Multi-factor authentication is required and was not completed.",
    fix: "The user must complete MFA at Entra; nothing to change in the Mitel settings.",
  },
  AADSTS53003: {
    meaning: "A Conditional Access policy blocked the sign-in.",
    fix: "In Entra: Protection > Conditional Access: check the policies that apply to Mitel Connect and this user (Sign-in logs show which one).",
  },
  AADSTS50020: {
    meaning: "The user's account is from another identity provider and is not a guest of this tenant.",
    fix: "Invite the user as a guest of the tenant, or sign in with a member account.",
  },
  AADSTS90002: {
    meaning: "The tenant in the Sign-in URL does not exist.",
    fix: "Copy Login URL again from Entra's Set up Mitel Connect section into the Sign-in URL field here.",
  },
  AADSTS900236: {
    meaning: "The request carries a Subject, which Entra does not support.",
    fix: "This service never sends a Subject (it passes login_hint); start again from the Sign-on URL {signOnUrl}.",
  },
  AADSTS50089: {
    meaning: "The sign-in at Entra took too long (flow token expired).",
    fix: "Start the sign-in again from the Sign-on URL {signOnUrl}.",
  },
  AADSTS76021: {
    meaning:
      "The app requires signed requests (Require verification certificates) and the AuthnRequest was not signed.",
    fix: "Turn on Sign AuthnRequests (account page > Advanced, mock only) and upload the active signing key's certificate in Entra under SAML Signing Certificate > Verification certificates; or turn off Require verification certificates.",
  },
  AADSTS76023: {
    meaning:
      "The AuthnRequest's signature does not verify with the app's Verification certificates (signed with another key, or not RSA-SHA256).",
    fix: "Account page > SP keys: download the active signing key's certificate and upload it in Entra under SAML Signing Certificate > Verification certificates (during a rotation, upload the new key before making it active).",
  },
  AADSTS750054: {
    meaning: "Entra's SAML endpoint was opened without a SAML request.",
    fix: "Start from the Sign-on URL {signOnUrl}, which sends the request; in Entra, set Basic SAML Configuration > Sign on URL to it.",
  },
};

export function findAadstsCode(message: string | null): string | null {
  return message?.match(/AADSTS\d+/)?.[0] ?? null;
}

export interface AadstsValues {
  entityId: string;
  replyUrl: string;
  signOnUrl: string;
}

export function lookupAadsts(code: string | null, values: AadstsValues): AadstsEntry | null {
  const entry = code ? AADSTS_CODES[code] : undefined;
  if (!entry) return null;
  return { meaning: entry.meaning, fix: fillIn(entry.fix, values) };
}

export function fillIn(text: string, values: AadstsValues): string {
  return text
    .replaceAll("{entityId}", values.entityId)
    .replaceAll("{replyUrl}", values.replyUrl)
    .replaceAll("{signOnUrl}", values.signOnUrl);
}
