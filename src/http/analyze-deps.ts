import { decryptionKeysFrom } from "../accounts/sp-keys/decryption-keys.js";
import type { AppContext } from "../context.js";
import type { AnalyzeDeps } from "../sign-in-engine/analyze.js";

/** What Analyze reads, from the service's context (read-only stores, the clock, the limits). */
export function analyzeDepsOf(ctx: AppContext): AnalyzeDeps {
  return {
    publicUrl: ctx.config.server.publicUrl,
    clockSkewMs: ctx.config.server.clockSkewSeconds * 1000,
    requestTtlMs: ctx.config.server.requestTtlMinutes * 60_000,
    directory: ctx.directory,
    accounts: ctx.accounts,
    authnRequests: ctx.storage.authnRequests,
    decryptionKeys: decryptionKeysFrom(ctx.storage.spKeys),
    now: ctx.now,
  };
}
