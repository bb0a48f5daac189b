import { type CacheProvider, SAML } from "@node-saml/node-saml";
import { buildSamlOptions } from "../../src/saml/saml-options.js";
import type { IssueSettings, PreparedLogin } from "../fixtures/logins.js";
import { mainThreadCpuMs } from "../load/cpu-time.js";
import { percentile, round } from "../load/stats.js";

export interface BaselineFigures {
  validations: number;
  errors: number;
  /** One SAML instance per account, reused: the library's own floor. */
  validationsPerSecond: number;
  /** CPU time of this thread per validation (steadier than the rate on a busy machine). */
  cpuMsPerValidation: number | null;
  p50Ms: number;
  p99Ms: number;
  /** A new SAML instance per validation, as passport-saml's MultiSamlStrategy does. */
  newInstanceValidationsPerSecond: number | null;
  errorSamples: string[];
}

/**
 * (1) Raw node-saml: validatePostResponseAsync on the same signed responses, with each account's
 * real options (buildSamlOptions), one after another on this thread: one core. The InResponseTo
 * cache is an in-memory map holding every issued ID, so storage is not part of the floor.
 */
export async function measureBaseline(
  logins: readonly PreparedLogin[],
  settings: IssueSettings,
  options: { newInstanceToo: boolean; timeLimitMs: number },
): Promise<BaselineFigures> {
  const cache = memoryCache(logins.map((l) => l.requestId));
  const optionsFor = (login: PreparedLogin) =>
    buildSamlOptions(login.account, {
      publicUrl: settings.publicUrl,
      clockSkewMs: settings.clockSkewMs,
      requestTtlMs: settings.requestTtlMs,
      cacheProvider: cache,
      responseSigned: false,
    });
  const instances = new Map<string, SAML>();
  const shared = (login: PreparedLogin) => {
    let saml = instances.get(login.account.id);
    if (!saml) {
      saml = new SAML(optionsFor(login));
      instances.set(login.account.id, saml);
    }
    return saml;
  };

  // Warm-up (the JIT, the per-instance PEM cache); validation does not consume the responses here.
  await validateAll(logins.slice(0, 50), shared, options.timeLimitMs);
  const cpuBefore = mainThreadCpuMs();
  const reused = await validateAll(logins, shared, options.timeLimitMs);
  const cpuAfter = mainThreadCpuMs();
  const fresh = options.newInstanceToo
    ? await validateAll(logins, (login) => new SAML(optionsFor(login)), options.timeLimitMs)
    : null;
  const sorted = reused.latencies.sort();
  return {
    validations: reused.done,
    errors: reused.errors.length,
    validationsPerSecond: round((reused.done - reused.errors.length) / (reused.elapsedMs / 1000)),
    cpuMsPerValidation:
      cpuBefore === null || cpuAfter === null || reused.done === 0
        ? null
        : round((cpuAfter - cpuBefore) / reused.done, 3),
    p50Ms: round(percentile(sorted, 50), 3),
    p99Ms: round(percentile(sorted, 99), 3),
    newInstanceValidationsPerSecond: fresh
      ? round((fresh.done - fresh.errors.length) / (fresh.elapsedMs / 1000))
      : null,
    errorSamples: reused.errors.slice(0, 5),
  };
}

/** Validates one after another; bounded by the list and by the time limit. */
async function validateAll(
  logins: readonly PreparedLogin[],
  samlFor: (login: PreparedLogin) => SAML,
  timeLimitMs: number,
) {
  const latencies = new Float64Array(logins.length);
  const errors: string[] = [];
  const started = performance.now();
  let i = 0;
  for (const login of logins) {
    if (performance.now() - started > timeLimitMs) break;
    const t0 = performance.now();
    try {
      const { profile } = await samlFor(login).validatePostResponseAsync({
        SAMLResponse: login.samlResponse,
      });
      if (!profile) errors.push("no profile");
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
    latencies[i++] = performance.now() - t0;
  }
  return { elapsedMs: performance.now() - started, latencies: latencies.slice(0, i), errors, done: i };
}

function memoryCache(ids: readonly string[]): CacheProvider {
  const issuedAt = new Date().toISOString();
  const known = new Set(ids);
  return {
    saveAsync: async (key, value) => {
      known.add(key);
      return { value, createdAt: Date.now() };
    },
    getAsync: async (key) => (known.has(key) ? issuedAt : null),
    removeAsync: async (key) => key,
  };
}
