/**
 * The AADSTS errors the simulator shows on its "Sorry, but we're having trouble signing you in."
 * page (the error stops at Entra and never reaches the SP), and the ones its fault injection sends to
 * the SP inside a non-Success SAML Status. Wording follows what Entra shows for each code.
 */

import { guidFromSeed } from "../state/ids.js";
import type { FaultErrorCode } from "../state/model.js";
import { SAML_STATUS } from "./build-response.js";

export interface EntraError {
  /** e.g. "AADSTS700016". */
  code: string;
  /** The message after "AADSTSnnn: ". */
  message: string;
  /** HTTP status of the error page. */
  httpStatus: number;
  /** A simulator-only explanation: what disagrees and where to fix it. Not part of Entra's text. */
  note?: string;
}

export const ALLOWED_NAME_ID_POLICY_FORMATS: readonly string[] = [
  "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
  "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
  "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
  "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
];

export const entraErrors = {
  tenantNotFound: (tenant: string): EntraError => ({
    code: "AADSTS90002",
    message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    httpStatus: 404,
    note: "The Login URL configured in the Mitel portal names a tenant this simulator does not have. Copy the Login URL again from “Set up Mitel Connect”.",
  }),

  requestMissing: (): EntraError => ({
    code: "AADSTS750054",
    message:
      "SAMLRequest or SAMLResponse must be present as query string parameters in HTTP request for SAML Redirect binding.",
    httpStatus: 400,
    note: "This is the SAML endpoint: open it through the Mitel Sign-on URL, which sends an AuthnRequest here. To start from the simulator, use “Test this application” or My Apps.",
  }),

  requestInvalid: (detail: string): EntraError => ({
    code: "AADSTS75005",
    message: "The request is not a valid Saml2 protocol message.",
    httpStatus: 400,
    note: detail,
  }),

  applicationNotFound: (identifier: string | null, tenantName: string): EntraError => ({
    code: "AADSTS700016",
    message: `Application with identifier '${identifier ?? ""}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    httpStatus: 400,
    note:
      identifier === null
        ? "The AuthnRequest has no Issuer."
        : `No enterprise application in this tenant has the Identifier (Entity ID) '${identifier}'. The Issuer of the AuthnRequest (the Mitel Identifier / Entity ID) must equal the Identifier in Basic SAML Configuration exactly.`,
  }),

  replyUrlMismatch: (acsUrl: string, appId: string, configured: string): EntraError => ({
    code: "AADSTS50011",
    message: `The redirect URI '${acsUrl}' specified in the request does not match the redirect URIs configured for the application '${appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    httpStatus: 400,
    note: `The AuthnRequest asks for the Assertion Consumer Service URL '${acsUrl}', but the Reply URL in Basic SAML Configuration is '${configured || "(empty)"}'. Copy the Mitel Reply URL into Entra's Reply URL.`,
  }),

  idStartsWithDigit: (id: string): EntraError => ({
    code: "AADSTS7500529",
    message: `The value '${id}' is not a valid SAML ID. The ID must not begin with a number.`,
    httpStatus: 400,
  }),

  subjectPresent: (): EntraError => ({
    code: "AADSTS900236",
    message: "The SAML authentication request property 'Subject' is not supported and must not be set.",
    httpStatus: 400,
    note: "Entra refuses an AuthnRequest with a Subject element; a service provider passes the username in the login_hint query parameter instead.",
  }),

  nameIdPolicyUnsupported: (format: string): EntraError => ({
    code: "AADSTS75016",
    message: `SAML2 Authentication Request has an invalid NameIdPolicy. The requested format '${format}' is not supported. Allowed SAML authentication request's NameIDPolicy formats are: ${ALLOWED_NAME_ID_POLICY_FORMATS.join(", ")}.`,
    httpStatus: 400,
  }),

  userNotFound: (upn: string, tenantId: string): EntraError => ({
    code: "AADSTS50034",
    message: `The user account ${upn} does not exist in the ${tenantId} directory. To sign into this application, the account must be added to the directory.`,
    httpStatus: 400,
    note: "Pick one of the tenant's users, or add the user on the simulator's overview page.",
  }),

  userFromOtherTenant: (upn: string, tenantName: string, appName: string, appId: string): EntraError => ({
    code: "AADSTS50020",
    message: `User account '${upn}' from identity provider 'https://sts.windows.net/${guidFromSeed(`entra-sim home tenant ${domainOf(upn)}`)}/' does not exist in tenant '${tenantName}' and cannot access the application '${appId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Microsoft Entra user account.`,
    httpStatus: 400,
    note: "The account belongs to another organisation (its domain is not one of this tenant's) and is not a guest here. Invite it on the simulator's overview (Invite external user), or sign in with a member of the tenant.",
  }),

  userNotAssigned: (appName: string, appId: string, upn: string): EntraError => ({
    code: "AADSTS50105",
    message: userNotAssignedMessage(appName, appId, upn),
    httpStatus: 403,
    note: "“Assignment required?” is Yes for this application and the user is not assigned. Assign the user under Users and groups, or set “Assignment required?” to No.",
  }),

  flowExpired: (): EntraError => ({
    code: "AADSTS50089",
    message: "Authentication failed due to flow token expired. Please start the sign-in again.",
    httpStatus: 400,
  }),

  invalidFlow: (): EntraError => ({
    code: "AADSTS90023",
    message: "Invalid request. The sign-in session could not be verified.",
    httpStatus: 400,
  }),

  /**
   * "Require verification certificates" is on and the request carries no signature. Code and name
   * from Microsoft's AADSTS list (76021 ApplicationRequiresSignedRequests); the sentence is that
   * list's description.
   */
  requestNotSigned: (): EntraError => ({
    code: "AADSTS76021",
    message: "The request sent by client is not signed while the application requires signed requests.",
    httpStatus: 400,
    note: "The application's SAML Signing Certificate section has “Require verification certificates” on. The Mitel side must sign its AuthnRequests (account page > Advanced > Sign AuthnRequests, mock only) with a certificate uploaded under Verification certificates.",
  }),

  /**
   * Signed, but by a key whose certificate is not among the Verification certificates (or the
   * signature does not verify, or SigAlg is not RSA-SHA256). Uncertain: Microsoft's AADSTS list
   * does not name this case; 76023 and its sentence are what developers report seeing for a request
   * signed with another private key. Entra's documentation lists the cases without codes.
   */
  requestSignatureInvalid: (detail: string): EntraError => ({
    code: "AADSTS76023",
    message:
      "The signature of the received authentication request is invalid, please contact the administrator to resolve the issue.",
    httpStatus: 400,
    note: detail,
  }),

  applicationGone: (): EntraError => ({
    code: "AADSTS700016",
    message:
      "The application this sign-in was started for no longer exists in the directory. Start the sign-in again.",
    httpStatus: 400,
  }),
} as const;

function userNotAssignedMessage(appName: string, appId: string, upn: string): string {
  return `Your administrator has configured the application ${appName} ('${appId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user '${upn}' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.`;
}

export interface FaultStatus {
  code: string;
  subCode: string;
  /** The StatusMessage text without the trailing trace lines. */
  message: string;
}

export const FAULT_ERROR_LABELS: Record<FaultErrorCode, string> = {
  AADSTS50105: "AADSTS50105: user not assigned to the application",
  AADSTS50126: "AADSTS50126: invalid username or password",
  AADSTS53003: "AADSTS53003: blocked by Conditional Access",
  AADSTS50076: "AADSTS50076: multi-factor authentication required",
};

/** The StatusCode / StatusMessage Entra sends to the SP for each fault error. */
export function faultStatus(
  code: FaultErrorCode,
  context: { appName: string; appId: string; upn: string },
): FaultStatus {
  switch (code) {
    case "AADSTS50105":
      return {
        code: SAML_STATUS.requester,
        subCode: SAML_STATUS.requestDenied,
        message: `AADSTS50105: ${userNotAssignedMessage(context.appName, context.appId, context.upn)}`,
      };
    case "AADSTS50126":
      return {
        code: SAML_STATUS.responder,
        subCode: SAML_STATUS.authnFailed,
        message: "AADSTS50126: Error validating credentials due to invalid username or password.",
      };
    case "AADSTS53003":
      return {
        code: SAML_STATUS.requester,
        subCode: SAML_STATUS.requestDenied,
        message:
          "AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
      };
    case "AADSTS50076":
      return {
        code: SAML_STATUS.requester,
        subCode: SAML_STATUS.requestDenied,
        message: `AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${context.appId}'.`,
      };
  }
}

/** Entra's "Timestamp: 2026-11-26 10:00:00Z" form. */
export function entraTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
}

/** The part after the last "@", lower-case; "" when there is none. */
export function domainOf(username: string): string {
  const at = username.lastIndexOf("@");
  return at === -1 ? "" : username.slice(at + 1).toLowerCase();
}
