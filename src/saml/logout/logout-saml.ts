import { type CacheProvider, type Profile, SAML } from "@node-saml/node-saml";
import type { AccountRecord } from "../../domain/account.js";
import { buildSamlOptions } from "../saml-options.js";
import { singleLogoutUrl } from "../sp-identifiers.js";

/**
 * node-saml for one account's single sign-out: the account's SAML options plus Entra's Logout URL
 * (where LogoutRequests and LogoutResponses go) and this account's Single Logout endpoint.
 * `verifyRedirectSignature` exposes node-saml's own query-signature check so that the signature is
 * decided before anything else the message says (node-saml's validateRedirectAsync reads the
 * status and InResponseTo first, which would let an unsigned message choose its failure code).
 */
export type RedirectQuery = Parameters<SAML["validateRedirectAsync"]>[0];

export class LogoutSaml extends SAML {
  async verifyRedirectSignature(query: RedirectQuery, originalQuery: string): Promise<void> {
    await this.hasValidSignatureForRedirect(query, originalQuery);
  }
}

export interface LogoutSamlContext {
  publicUrl: string;
  clockSkewMs: number;
  requestTtlMs: number;
  cacheProvider: CacheProvider;
}

export function logoutSaml(account: AccountRecord, ctx: LogoutSamlContext): LogoutSaml {
  return new LogoutSaml({
    ...buildSamlOptions(account, ctx),
    // node-saml insists on an entryPoint even for logout messages, which go to logoutUrl; the
    // Sign-in URL may have been cleared since the user signed in.
    entryPoint: account.sso.idpSignInUrl || account.sso.idpLogoutUrl,
    logoutUrl: account.sso.idpLogoutUrl,
    logoutCallbackUrl: singleLogoutUrl(account, ctx.publicUrl),
  });
}

/** A cache that knows one LogoutRequest ID (the one this browser's session sent), and stores nothing. */
export function oneRequestCache(requestId: string | null, onSaved?: (id: string) => void): CacheProvider {
  return {
    saveAsync: async (key, value) => {
      onSaved?.(key);
      return { value, createdAt: Date.now() };
    },
    // node-saml's own expiry test uses the global clock; the route decided expiry with ours.
    getAsync: async (key) => (requestId !== null && key === requestId ? "9999-12-31T00:00:00.000Z" : null),
    removeAsync: async (key) => key,
  };
}

/** What node-saml needs to name the user in a LogoutRequest. */
export function logoutProfile(input: {
  issuer: string;
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | null;
}): Profile {
  return {
    issuer: input.issuer,
    nameID: input.nameId,
    nameIDFormat: input.nameIdFormat ?? "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    ...(input.sessionIndex ? { sessionIndex: input.sessionIndex } : {}),
  };
}
