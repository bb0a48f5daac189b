import type { SamlConfig } from "@node-saml/node-saml";
import type { AppContext } from "../context.js";
import type { PrecheckSettings } from "../saml/precheck-response.js";
import { createRequestIdCache } from "../saml/request-id-cache.js";
import { buildSamlOptions } from "../saml/saml-options.js";
import type { AccountRecord } from "../storage/ports.js";
import type { CompletionDeps } from "./complete-sign-in.js";

/**
 * The node-saml options the ACS validates one account's response with, from the service's
 * configuration. One place, so that the ACS, the security test harness and the benchmark's
 * baseline all measure and attack exactly what production runs.
 */
export function acsSamlOptions(ctx: AppContext, account: AccountRecord, responseSigned: boolean): SamlConfig {
  const requestTtlMs = ctx.config.server.requestTtlMinutes * 60_000;
  return buildSamlOptions(account, {
    publicUrl: ctx.config.server.publicUrl,
    clockSkewMs: ctx.config.server.clockSkewSeconds * 1000,
    requestTtlMs,
    cacheProvider: createRequestIdCache(ctx.storage.authnRequests, account.id, requestTtlMs, ctx.now),
    responseSigned,
  });
}

/** The account's settings the structural checks before node-saml depend on. */
export function precheckSettingsOf(account: AccountRecord): PrecheckSettings {
  const { allowSha1, requireResponseSignature } = account.sso;
  return { allowSha1, requireResponseSignature };
}

/** What the steps after node-saml need (see complete-sign-in.ts). */
export function completionDepsOf(ctx: AppContext): CompletionDeps {
  return {
    directory: ctx.directory,
    authnRequests: ctx.storage.authnRequests,
    replays: ctx.storage.replays,
    now: ctx.now,
    clockSkewMs: ctx.config.server.clockSkewSeconds * 1000,
  };
}
