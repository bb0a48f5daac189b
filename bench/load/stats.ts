import type { LoadResult } from "./load-types.js";

/** Throughput and latency of one load level, as reported and written to JSON. */
export interface LevelFigures {
  concurrency: number;
  requests: number;
  errors: number;
  loginsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  elapsedMs: number;
  /** Server CPU time per successful sign-in (main thread in process; all processes for a child). */
  cpuMsPerLogin: number | null;
  timedOut: boolean;
  errorSamples: string[];
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summariseLoad(concurrency: number, result: LoadResult, cpuMs: number | null): LevelFigures {
  const sorted = Float64Array.from(result.latenciesMs).sort();
  const successes = result.completed - result.errors;
  return {
    concurrency,
    requests: result.completed,
    errors: result.errors,
    loginsPerSecond: round(successes / (result.elapsedMs / 1000)),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    elapsedMs: Math.round(result.elapsedMs),
    cpuMsPerLogin: cpuMs === null || successes === 0 ? null : round(cpuMs / successes, 3),
    timedOut: result.timedOut,
    errorSamples: result.errorSamples,
  };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
