import { decryptionKeysFrom } from "../accounts/sp-keys/decryption-keys.js";
import type { AppContext } from "../context.js";
import type { AcsDeps } from "./acs-handler.js";
import type { StartSsoDeps } from "./start-sso.js";

/**
 * What the two halves of a sign-in use, from the service's context: starting one (the
 * AuthnRequest, the started record) and the ACS (the stores it reads and changes, the record,
 * the hand-over ticket). Each gets its stores, the clock and the limits by name, not the context.
 */
/** Where the service answers, its clock and the time limits of a sign-in, in milliseconds. */
export function signInLimitsOf(ctx: AppContext) {
  return {
    publicUrl: ctx.config.server.publicUrl,
    clockSkewMs: ctx.config.server.clockSkewSeconds * 1000,
    requestTtlMs: ctx.config.server.requestTtlMinutes * 60_000,
    now: ctx.now,
  };
}

export function startSsoDepsOf(ctx: AppContext): StartSsoDeps {
  return {
    ...signInLimitsOf(ctx),
    authnRequests: ctx.storage.authnRequests,
    signIns: ctx.signIns,
    spKeys: ctx.spKeys,
  };
}

export function acsDepsOf(ctx: AppContext): AcsDeps {
  return {
    ...startSsoDepsOf(ctx),
    log: ctx.log,
    accounts: ctx.accounts,
    directory: ctx.directory,
    authnRequests: ctx.storage.authnRequests,
    replays: ctx.storage.replays,
    tickets: { sessions: ctx.storage.sessions, now: ctx.now },
    decryptionKeys: decryptionKeysFrom(ctx.storage.spKeys),
  };
}
