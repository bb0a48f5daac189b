import type { AccountRecord } from "../../domain/account.js";
import { spEntityId } from "../sp-identifiers.js";
import { logoutProfile, logoutSaml, oneRequestCache } from "./logout-saml.js";

export interface StartLogoutInput {
  account: AccountRecord;
  publicUrl: string;
  clockSkewMs: number;
  requestTtlMs: number;
  /** Who signs out: the NameID and SessionIndex of the assertion that signed them in. */
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | null;
}

/**
 * SP-initiated sign-out: the HTTP-Redirect URL of a LogoutRequest to Entra's Logout URL (node-saml
 * builds it: Issuer = the Mitel Identifier, NameID and SessionIndex of the sign-in, Destination =
 * the Logout URL). The request ID is returned for the caller to keep with the browser's session,
 * where the LogoutResponse must find it; nothing is stored here.
 */
export async function startLogout(
  input: StartLogoutInput,
): Promise<{ redirectUrl: string; requestId: string }> {
  let requestId = "";
  const saml = logoutSaml(input.account, {
    publicUrl: input.publicUrl,
    clockSkewMs: input.clockSkewMs,
    requestTtlMs: input.requestTtlMs,
    cacheProvider: oneRequestCache(null, (id) => {
      requestId = id;
    }),
  });
  const profile = logoutProfile({
    issuer: spEntityId(input.account, input.publicUrl),
    nameId: input.nameId,
    nameIdFormat: input.nameIdFormat,
    sessionIndex: input.sessionIndex,
  });
  const redirectUrl = await saml.getLogoutUrlAsync(profile, "", {});
  return { redirectUrl, requestId };
}

export interface AnswerLogoutInput {
  account: AccountRecord;
  publicUrl: string;
  clockSkewMs: number;
  requestTtlMs: number;
  /** The LogoutRequest's ID (InResponseTo of the answer). */
  requestId: string;
  /** Success: the session it names has ended here (or none was open); otherwise UnknownPrincipal. */
  success: boolean;
  relayState: string | null;
}

/** IdP-initiated sign-out: the LogoutResponse to Entra's Logout URL, HTTP-Redirect (node-saml builds it). */
export async function answerLogoutRequest(input: AnswerLogoutInput): Promise<string> {
  const saml = logoutSaml(input.account, {
    publicUrl: input.publicUrl,
    clockSkewMs: input.clockSkewMs,
    requestTtlMs: input.requestTtlMs,
    cacheProvider: oneRequestCache(null),
  });
  const request = { ID: input.requestId, issuer: "", nameID: "", nameIDFormat: "" };
  return saml.getLogoutResponseUrlAsync(request, input.relayState ?? "", {}, input.success);
}
