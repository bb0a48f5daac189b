import { SAML } from "@node-saml/node-saml";
import type { AccountRecord } from "../domain/account.js";
import { NAME_ID_POLICY_FORMAT_URIS } from "../domain/name-id-policy.js";
import type { AuthnRequestStore } from "../storage/ports.js";
import { createRequestIdCache } from "./request-id-cache.js";
import { buildSamlOptions } from "./saml-options.js";

export interface StartLoginInput {
  account: AccountRecord;
  publicUrl: string;
  clockSkewMs: number;
  requestTtlMs: number;
  /** Same-origin path to land on after sign-in; travels as RelayState and is stored with the request. */
  relayState: string;
  /** The username/email typed on the sign-on page; Entra prefills it (login_hint). */
  loginHint: string | null;
  browserBindingHash: string;
  now: () => number;
  /** The account's active SP signing key when it signs AuthnRequests (mock only); else unsigned. */
  signingKey?: { privateKeyPem: string } | null;
}

/**
 * Builds the HTTP-Redirect URL of an AuthnRequest to Entra and stores the request (ID, browser
 * binding, RelayState) so the ACS can accept exactly one response to it.
 */
export async function startLogin(
  store: AuthnRequestStore,
  input: StartLoginInput,
): Promise<{ redirectUrl: string; requestId: string }> {
  let requestId = "";
  const cacheProvider = createRequestIdCache(store, input.account.id, input.requestTtlMs, input.now, {
    browserBindingHash: input.browserBindingHash,
    relayState: input.relayState,
    loginHint: input.loginHint,
    onSaved: (id) => {
      requestId = id;
    },
  });
  const { sso } = input.account;
  const saml = new SAML({
    ...buildSamlOptions(input.account, {
      publicUrl: input.publicUrl,
      clockSkewMs: input.clockSkewMs,
      requestTtlMs: input.requestTtlMs,
      cacheProvider,
    }),
    // The account's mock-only request options; the defaults are what Mitel sends.
    forceAuthn: sso.forceAuthn,
    identifierFormat: NAME_ID_POLICY_FORMAT_URIS[sso.nameIdPolicyFormat],
    // node-saml signs the HTTP-Redirect query itself (SigAlg, Signature over SAMLRequest, RelayState
    // and SigAlg), RSA-SHA256 as buildSamlOptions sets: the only algorithm Entra verifies.
    ...(input.signingKey ? { privateKey: input.signingKey.privateKeyPem } : {}),
  });
  const additionalParams: Record<string, string> = input.loginHint ? { login_hint: input.loginHint } : {};
  const redirectUrl = await saml.getAuthorizeUrlAsync(input.relayState, undefined, { additionalParams });
  return { redirectUrl, requestId };
}
