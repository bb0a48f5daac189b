/**
 * How an admin meets each failure on purpose, from the pages only: for every code of the failure
 * registry (src/failure-codes.ts) and every AADSTS error the service knows (the explanations in
 * diagnostics/aadsts-codes.ts and the simulator's errors), the way to produce it and the browser
 * test that does, or why it cannot be produced. README's coverage table is generated from this
 * (`npm run coverage-table`); test/unit/failure-coverage.test.ts fails when a code has neither,
 * when a named test does not mention the code, and when README's table is out of date. A new
 * failure code does not type-check until it has its entry here.
 */
import type { FailureCode } from "./failure-codes.js";

/** Where the way to produce it lives. */
export type Way =
  /** A setting in the Mitel portal (console). */
  | "Mitel setting"
  /** A setting of the Mitel Connect application in Entra (the simulator's app page). */
  | "Entra setting"
  /** Something the person does: Back, waiting, a link opened by hand. */
  | "browser"
  /** A simulator fault switch for what Entra can send (an error status, a skewed clock…). */
  | "simulator fault"
  /** A simulator tampering: a response real Entra never sends (altered on the way, forged). */
  | "simulator tampering (never from real Entra)";

export type Coverage =
  | {
      way: Way;
      /** What to do, in the pages' words. */
      how: string;
      /** The browser test (path from the repository root) that produces it from the pages. */
      test: string;
    }
  | {
      /** Why no page can produce it. */
      cannot: string;
    };

const T = {
  faults: "test/browser/entra-sim-faults.test.ts",
  rehearse: "test/browser/rehearse-simulator-faults.test.ts",
  actions: "test/browser/rehearse-browser-actions.test.ts",
  page: "test/browser/rehearsal-page.test.ts",
  disagree: "test/browser/entra-sim-disagree.test.ts",
  options: "test/browser/request-options.test.ts",
  spKeys: "test/browser/sp-keys.test.ts",
  signOut: "test/browser/rehearse-sign-out.test.ts",
} as const;

const TAMPERING = "simulator tampering (never from real Entra)" as const;

export const FAILURE_COVERAGE: Record<FailureCode, Coverage> = {
  SSO_DISABLED: {
    way: "Mitel setting",
    how: "Rehearse failures > Single Sign-On not enabled (untick Enable Single Sign-On), then the account's direct sign-on link.",
    test: T.page,
  },
  ACCOUNT_NOT_FOUND: {
    way: "Entra setting",
    how: "Basic SAML Configuration: Sign on URL empty and a Reply URL naming an account that does not exist, then Test this application (IdP-initiated).",
    test: T.actions,
  },
  SAML_RESPONSE_MISSING: {
    way: TAMPERING,
    how: "Fault injection > Tampering: Empty SAMLResponse field.",
    test: T.rehearse,
  },
  SAML_RESPONSE_MALFORMED: {
    way: TAMPERING,
    how: "Fault injection > Tampering: Cut short.",
    test: T.rehearse,
  },
  SAML_RESPONSE_TOO_LARGE: {
    way: TAMPERING,
    how: "Fault injection > Tampering: 400 group claims.",
    test: T.rehearse,
  },
  SAML_MESSAGE_UNEXPECTED: {
    way: TAMPERING,
    how: "Fault injection > Tampering: A LogoutRequest instead of a Response.",
    test: T.rehearse,
  },
  XML_DOCTYPE_FORBIDDEN: {
    way: TAMPERING,
    how: "Fault injection > Tampering: DOCTYPE.",
    test: T.rehearse,
  },
  IDP_ERROR_STATUS: {
    way: "simulator fault",
    how: "Fault injection > Non-Success Status with an AADSTS error (50105, 50126, 53003, 50076); or the account's NameIDPolicy emailAddress with a Name ID that is no email (AADSTS75016).",
    test: T.rehearse,
  },
  SIGNATURE_MISSING: {
    way: "simulator fault",
    how: "Fault injection: No signature.",
    test: T.faults,
  },
  SIGNATURE_INVALID: {
    way: TAMPERING,
    how: "Fault injection > Tampering: Changed after signing.",
    test: T.rehearse,
  },
  WEAK_SIGNATURE_ALGORITHM: {
    way: "Entra setting",
    how: "Rehearse failures > SHA-1 signing algorithm (SAML Signing Certificate > Signing Algorithm: SHA-1).",
    test: T.page,
  },
  CERTIFICATE_MISMATCH: {
    way: "Entra setting",
    how: "Rehearse failures > Wrong certificate, or Certificate rollover done in the wrong order (a new certificate made active before it was pasted).",
    test: T.page,
  },
  MULTIPLE_ASSERTIONS: {
    way: TAMPERING,
    how: "Fault injection > Tampering: Two assertions.",
    test: T.rehearse,
  },
  ISSUER_MISMATCH: {
    way: "Mitel setting",
    how: "Rehearse failures > Entity ID without the slash (or Fault injection: Wrong Issuer).",
    test: T.page,
  },
  AUDIENCE_MISMATCH: {
    way: "simulator fault",
    how: "Fault injection: Wrong Audience.",
    test: T.faults,
  },
  DESTINATION_MISMATCH: {
    way: "simulator fault",
    how: "Fault injection: Wrong Recipient and Destination.",
    test: T.faults,
  },
  RECIPIENT_MISMATCH: {
    way: TAMPERING,
    how: "Fault injection > Tampering: Wrong Recipient only (Destination stays right).",
    test: T.rehearse,
  },
  BEARER_CONFIRMATION_MISSING: {
    way: TAMPERING,
    how: "Fault injection > Tampering: No bearer confirmation.",
    test: T.rehearse,
  },
  ASSERTION_NOT_YET_VALID: {
    way: "simulator fault",
    how: "Rehearse failures > Clock skew (Fault injection: clock offset +20 minutes).",
    test: T.page,
  },
  ASSERTION_EXPIRED: {
    way: "simulator fault",
    how: "Fault injection: Assertion expired.",
    test: T.faults,
  },
  UNSOLICITED_RESPONSE: {
    way: "Entra setting",
    how: "Rehearse failures > Sign on URL empty, then Test this application or the My Apps tile (IdP-initiated, as Entra does).",
    test: T.actions,
  },
  UNKNOWN_REQUEST: {
    way: "browser",
    how: "Stay on Entra's sign-in page longer than the request lifetime (10 minutes), then Sign in.",
    test: T.actions,
  },
  REQUEST_NOT_FROM_THIS_BROWSER: {
    way: "browser",
    how: "Open Entra's sign-in page (with its request) in another browser and sign in there.",
    test: T.actions,
  },
  RESPONSE_REPLAYED: {
    way: "browser",
    how: "After signing in, press Back (Entra's sign-in page for the same request) and Sign in again.",
    test: T.actions,
  },
  NAMEID_MISSING: {
    way: TAMPERING,
    how: "Fault injection > Tampering: No NameID.",
    test: T.rehearse,
  },
  USER_NOT_FOUND: {
    way: "Entra setting",
    how: "Rehearse failures > Name ID is not the UPN (Unique User Identifier: a persistent id).",
    test: T.page,
  },
  USER_NOT_ACTIVE: {
    way: "Mitel setting",
    how: "Rehearse failures > User not activated in Mitel, then the account's direct sign-on link (typed at the Mitel sign-in page, the username is stopped there).",
    test: T.page,
  },
  IDP_NOT_CONFIGURED: {
    cannot:
      "The Mitel settings screens refuse to enable Single Sign-On, or to save it enabled, while Sign-in URL, Entity ID or Signing Certificate is empty; only the admin API or a seed file can store such an account (test/http/acs-failures.test.ts).",
  },
  UNSUPPORTED_SAML_VERSION: {
    way: TAMPERING,
    how: "Fault injection > Tampering: Version 1.1.",
    test: T.rehearse,
  },
  ASSERTION_TOO_OLD: {
    way: TAMPERING,
    how: "Fault injection > Tampering: Issued three hours ago.",
    test: T.rehearse,
  },
  SESSION_EXPIRED: {
    way: TAMPERING,
    how: "Fault injection > Tampering: Entra session ended (SessionNotOnOrAfter in the past).",
    test: T.rehearse,
  },
  ASSERTION_DECRYPTION_FAILED: {
    way: "simulator fault",
    how: "Account > Advanced > Encrypted assertions on, its certificate under Token encryption in Entra; then Fault injection > Encrypt with a certificate the application does not have.",
    test: T.spKeys,
  },
  SLO_NOT_CONFIGURED: {
    way: "Entra setting",
    how: "Basic SAML Configuration > Logout Url set to the account's Single Logout endpoint while the account's Advanced > Single sign-out is empty; sign in, then My Apps > Sign out (Entra's LogoutRequest).",
    test: T.signOut,
  },
  SLO_MESSAGE_MALFORMED: {
    cannot:
      "Entra always sends a well-formed, deflated, base64 LogoutRequest or LogoutResponse; only a hand-made URL reaches the endpoint without one (test/http/single-sign-out.test.ts).",
  },
  SLO_SIGNATURE_MISSING: {
    // The switch is the No signature check box, but Entra always signs its sign-out messages.
    way: TAMPERING,
    how: "Single sign-out set on both sides; sign in, then Fault injection: No signature (a check box, not the Tampering list); then Sign out on the Mitel page (Entra's LogoutResponse) or in My Apps (its LogoutRequest).",
    test: T.signOut,
  },
  SLO_SIGNATURE_INVALID: {
    way: "simulator fault",
    how: "Single sign-out set on both sides; sign in, then Fault injection: Sign with a certificate that is not the active one; then My Apps > Sign out (or Sign out on the Mitel page).",
    test: T.signOut,
  },
  SLO_ISSUER_MISMATCH: {
    way: "simulator fault",
    how: "Single sign-out set on both sides; sign in, then Fault injection: Wrong Issuer; then Sign out on the Mitel page (or in My Apps).",
    test: T.signOut,
  },
  SLO_DESTINATION_MISMATCH: {
    way: "Entra setting",
    how: "Single sign-out set on both sides, but Basic SAML Configuration > Logout Url: the account's Single Logout endpoint under another host name of this service (e.g. 127.0.0.1 for localhost); sign in, then My Apps > Sign out.",
    test: T.signOut,
  },
  SLO_UNKNOWN_REQUEST: {
    way: "browser",
    how: "Single sign-out set on both sides; sign in, Sign out on the Mitel page, then reload the signed-out page (Entra's LogoutResponse, already used up).",
    test: T.signOut,
  },
  SLO_ERROR_STATUS: {
    way: "simulator fault",
    how: "Single sign-out set on both sides; sign in, then Fault injection > Non-Success Status with an AADSTS error (Entra's LogoutResponse carries it); then Sign out on the Mitel page.",
    test: T.signOut,
  },
};

/**
 * Every AADSTS error the service knows: the explanations of diagnostics/aadsts-codes.ts and the
 * codes the simulator shows or sends (its error page and its non-Success Status fault).
 */
export const AADSTS_COVERAGE: Record<string, Coverage> = {
  AADSTS50011: {
    way: "Entra setting",
    how: "Rehearse failures > Reply URL typo (Basic SAML Configuration > Reply URL).",
    test: T.page,
  },
  AADSTS700016: {
    way: "Entra setting",
    how: "Rehearse failures > Identifier (Entity ID) typo (Basic SAML Configuration > Identifier).",
    test: T.page,
  },
  AADSTS50105: {
    way: "Entra setting",
    how: "Rehearse failures > User not assigned in Entra (Assignment required? Yes, user not assigned).",
    test: T.page,
  },
  AADSTS75011: {
    cannot:
      "Entra answers it to a RequestedAuthnContext the sign-in does not satisfy; this service never sends one and no page can make it, so the simulator does not implement it.",
  },
  AADSTS75016: {
    way: "Mitel setting",
    how: "Account > Advanced > NameIDPolicy Format emailAddress while Entra's Name ID is not an email address (or an unsupported format).",
    test: T.options,
  },
  AADSTS7500529: {
    cannot:
      "Entra refuses a request ID starting with a digit; this service's request IDs start with “_” and no page can change that.",
  },
  AADSTS50003: {
    cannot:
      "Entra has no certificate to sign with; the simulator's application always keeps one active certificate (only inactive ones can be removed), as Entra's SAML page does once single sign-on is set up.",
  },
  AADSTS501241: {
    cannot:
      "Needs a user without mail while the Name ID comes from user.mail; the simulator's users always have one (Add user fills an empty mail with the UPN, an invited guest's is the invited address), so no page can set it up.",
  },
  AADSTS50034: {
    way: "browser",
    how: "On Entra's sign-in page, type a username the tenant does not have.",
    test: T.actions,
  },
  AADSTS50126: {
    way: "simulator fault",
    how: "Fault injection > Non-Success Status: AADSTS50126 (the simulator asks for no password).",
    test: T.rehearse,
  },
  AADSTS50076: {
    way: "simulator fault",
    how: "Fault injection > Non-Success Status: AADSTS50076 (MFA required).",
    test: T.rehearse,
  },
  AADSTS53003: {
    way: "simulator fault",
    how: "Fault injection > Non-Success Status: AADSTS53003 (Conditional Access).",
    test: T.rehearse,
  },
  AADSTS50020: {
    way: "browser",
    how: "On Entra's sign-in page, type a user of another organisation (a domain not the tenant's) who was not invited as a guest.",
    test: T.actions,
  },
  AADSTS90002: {
    way: "Mitel setting",
    how: "Rehearse failures > Sign-in URL of another tenant.",
    test: T.page,
  },
  AADSTS900236: {
    cannot:
      "Entra refuses an AuthnRequest with a Subject; this service never sends one (it passes login_hint) and no page can make it.",
  },
  AADSTS50089: {
    way: "browser",
    how: "Leave Entra's sign-in page open longer than its flow lifetime (30 minutes), then Sign in.",
    test: T.actions,
  },
  AADSTS76021: {
    way: "Entra setting",
    how: "SAML Signing Certificate > Verification certificates: Require verification certificates on, while the account does not sign its AuthnRequests (Advanced > Sign AuthnRequests off); then the direct sign-on link.",
    test: T.spKeys,
  },
  AADSTS76023: {
    way: "Entra setting",
    how: "Account > Advanced > Sign AuthnRequests on, its active signing certificate under Verification certificates in Entra and Require verification certificates on; then SP keys > New signing key and Make active before its certificate is uploaded to Entra (or another certificate uploaded instead); then the direct sign-on link.",
    test: T.spKeys,
  },
  AADSTS750054: {
    way: "browser",
    how: "Open Entra's Login URL by hand (copied into the address bar), without a SAML request.",
    test: T.actions,
  },
  AADSTS75005: {
    cannot:
      "The simulator's answer to an AuthnRequest it cannot read; this service always sends a valid one and no page can change it.",
  },
  AADSTS90023: {
    cannot:
      "The simulator's answer when the sign-in page's sealed state was altered; only editing the page's hidden form field produces it.",
  },
};
