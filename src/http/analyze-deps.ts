import { decryptionKeysFrom } from "../accounts/sp-keys/decryption-keys.js";
import type { AppContext } from "../context.js";
import type { AnalyzeDeps } from "../sign-in-engine/analyze.js";
import { signInLimitsOf } from "./sign-in-deps.js";

/** What Analyze reads, from the service's context (read-only stores, the clock, the limits). */
export function analyzeDepsOf(ctx: AppContext): AnalyzeDeps {
  return {
    ...signInLimitsOf(ctx),
    directory: ctx.directory,
    accounts: ctx.accounts,
    authnRequests: ctx.storage.authnRequests,
    decryptionKeys: decryptionKeysFrom(ctx.storage.spKeys),
  };
}
