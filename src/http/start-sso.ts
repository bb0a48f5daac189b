import type { Request, Response } from "express";
import type { SpKeyService } from "../accounts/sp-keys/sp-key-service.js";
import { ssoNotReady } from "../accounts/sso-readiness.js";
import type { AccountRecord } from "../domain/account.js";
import type { SamlFailure } from "../errors.js";
import { sentAuthnRequestOf } from "../saml/sent-authn-request.js";
import { startLogin } from "../saml/start-login.js";
import type { SignInLog } from "../sign-ins/sign-in-log.js";
import type { AuthnRequestStore } from "../storage/ports.js";
import { ensureBindingNonce } from "./browser-binding.js";
import { clientInfo } from "./client-info.js";
import { crossHostLoginUrl } from "./hosts/cross-host-sign-in.js";
import { sendSignInFailure } from "./sign-in-failure.js";

/** What starting a sign-in uses (built from the service's context in sign-in-deps.ts). */
export interface StartSsoDeps {
  publicUrl: string;
  clockSkewMs: number;
  requestTtlMs: number;
  now: () => number;
  authnRequests: AuthnRequestStore;
  signIns: Pick<SignInLog, "add">;
  /** The account's SP keys (mock-only signed AuthnRequests). */
  spKeys: Pick<SpKeyService, "ensureKeysFor" | "active">;
}

/**
 * Starts SP-initiated SSO for one account: refuses (with the fix) when SSO is off or not
 * configured, else binds a new AuthnRequest to this browser, records it, and redirects to Entra.
 */
export async function startSso(
  deps: StartSsoDeps,
  req: Request,
  res: Response,
  account: AccountRecord,
  landingPath: string,
  loginHint: string | null,
): Promise<void> {
  const client = clientInfo(req);
  const refuse = async (f: SamlFailure) => {
    const traceId = await deps.signIns.add({
      accountId: account.id,
      outcome: "failure",
      failureCode: f.code,
      cause: f.reason,
      nameId: null,
      nameIdFormat: null,
      userId: null,
      requestId: null,
      relayState: landingPath,
      client,
      details: { stage: "start" },
    });
    sendSignInFailure(req, res, { failure: f, traceId });
  };

  const notReady = ssoNotReady(account);
  if (notReady) return refuse(notReady);
  // Reply URL on another host (Mitel-shaped URLs): the request must start there.
  const hop = crossHostLoginUrl(deps, req, res, account, landingPath, loginHint);
  if (hop) return res.redirect(302, hop);

  const requestTtlMs = deps.requestTtlMs;
  const binding = ensureBindingNonce(req, res, requestTtlMs);
  const { redirectUrl, requestId } = await startLogin(deps.authnRequests, {
    account,
    publicUrl: deps.publicUrl,
    clockSkewMs: deps.clockSkewMs,
    requestTtlMs,
    relayState: landingPath,
    loginHint,
    browserBindingHash: binding.hash,
    now: deps.now,
    signingKey: await requestSigningKey(deps.spKeys, account),
  });
  await deps.signIns.add({
    accountId: account.id,
    outcome: "started",
    nameId: null,
    nameIdFormat: null,
    userId: null,
    requestId,
    relayState: landingPath,
    client,
    // The AuthnRequest as sent, for the sign-in log (shown next to the response that answers it).
    details: {
      loginHint,
      idpSignInUrl: account.sso.idpSignInUrl,
      authnRequest: sentAuthnRequestOf(redirectUrl),
    },
  });
  res.redirect(302, redirectUrl);
}

/** The active signing key when the account signs its AuthnRequests; generated if it has none yet. */
async function requestSigningKey(spKeys: StartSsoDeps["spKeys"], account: AccountRecord) {
  if (!account.sso.signAuthnRequests) return null;
  await spKeys.ensureKeysFor(account);
  return (await spKeys.active(account.id, "signing")) ?? null;
}
