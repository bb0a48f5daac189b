import type { AppContext } from "../context.js";
import type { AcsDeps } from "./acs-handler.js";

/** What the ACS uses, from the service's context: the stores it reads and changes, the clock, the limits. */
export function acsDepsOf(ctx: AppContext): AcsDeps {
  return {
    publicUrl: ctx.config.server.publicUrl,
    clockSkewMs: ctx.config.server.clockSkewSeconds * 1000,
    requestTtlMs: ctx.config.server.requestTtlMinutes * 60_000,
    now: ctx.now,
    log: ctx.log,
    accounts: ctx.accounts,
    directory: ctx.directory,
    authnRequests: ctx.storage.authnRequests,
    replays: ctx.storage.replays,
    signIns: ctx.signIns,
    tickets: { sessions: ctx.storage.sessions, now: ctx.now },
  };
}
