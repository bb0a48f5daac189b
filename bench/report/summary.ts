import type { LevelFigures } from "../load/stats.js";
import { median } from "../sections/startup.js";
import type { BenchResults, RunFigures, TargetVerdict } from "./results.js";

/** The median over repetitions (and the range when there was more than one). */
export function spread(values: readonly number[], digits = 1): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return "-";
  const mid = median(finite).toFixed(digits);
  if (finite.length === 1) return mid;
  return `${mid} (${Math.min(...finite).toFixed(digits)}-${Math.max(...finite).toFixed(digits)})`;
}

export function collect<T>(runs: readonly RunFigures[], pick: (run: RunFigures) => T | undefined): T[] {
  return runs.map(pick).filter((v): v is T => v !== undefined);
}

function acsLevel(run: RunFigures, concurrency: number, engine: "sqlite" | "postgres" = "sqlite") {
  return run.acs?.[engine]?.find((l) => l.concurrency === concurrency);
}

/** The targets, judged on the medians; reported, never asserted. */
export function judgeTargets(results: Omit<BenchResults, "targets">): TargetVerdict[] {
  const { runs } = results;
  const verdicts: TargetVerdict[] = [];
  const ratios = collect(runs, (r) => r.ratio);
  if (ratios.length > 0) {
    const value = median(ratios);
    verdicts.push({ target: "(3) ACS@8 / node-saml >= 0.9", value: value.toFixed(2), met: value >= 0.9 });
  }
  const c32 = collect(runs, (r) => acsLevel(r, 32));
  if (c32.length > 0) {
    const p50 = median(c32.map((l) => l.p50Ms));
    const p99 = median(c32.map((l) => l.p99Ms));
    verdicts.push({
      target: "p99 <= 3 x p50 at c=32",
      value: `${p99.toFixed(1)} / ${p50.toFixed(1)} ms = ${(p99 / p50).toFixed(2)}x`,
      met: p99 <= 3 * p50,
    });
    const levels: LevelFigures[] = runs.flatMap((r) => [
      ...(r.acs?.sqlite ?? []),
      ...(r.acs?.postgres ?? []),
    ]);
    const errors = levels.reduce((n, l) => n + l.errors, 0);
    verdicts.push({ target: "no errors at any level", value: String(errors), met: errors === 0 });
  }
  const workers = collect(runs, (r) => r.workers);
  if (workers.length > 0) {
    const value = median(workers.map((w) => w.ratio));
    verdicts.push({
      target: "WORKERS=2 >= 1.5 x WORKERS=1",
      value: `${value.toFixed(2)}x`,
      met: value >= 1.5,
    });
  }
  const scale = collect(runs, (r) => r.scale);
  if (scale.length > 0) {
    const ratio = median(scale.map((s) => s.ratio));
    const users = scale[0]?.users ?? 0;
    verdicts.push({
      target: `${users.toLocaleString("en")} users >= 0.9 x small`,
      value: `${ratio.toFixed(2)}x`,
      met: ratio >= 0.9,
    });
    const rss = Math.max(...scale.map((s) => s.big.peakRssMb ?? Number.NaN));
    verdicts.push({ target: "peak RSS < 300 MB", value: `${rss} MB`, met: rss < 300 });
  }
  const hostile = collect(runs, (r) => r.hostile);
  if (hostile.length > 0) {
    const worst = Math.max(...hostile.flatMap((h) => h.shapes.map((s) => s.timesNormal ?? Number.NaN)));
    verdicts.push({ target: "(7) hostile shape <= 3 x normal CPU", value: `${worst}x`, met: worst <= 3 });
    const p99 = median(hostile.map((h) => h.healthzAttacked.p99Ms));
    verdicts.push({ target: "(7) /healthz p99 under bombs <= 50 ms", value: `${p99} ms`, met: p99 <= 50 });
  }
  if (results.startup) {
    const { freshMedianMs, existingMedianMs } = results.startup;
    verdicts.push({
      target: "start-up < 1 s (fresh / existing data)",
      value: `${freshMedianMs} / ${existingMedianMs} ms`,
      met: freshMedianMs < 1000 && existingMedianMs < 1000,
    });
  }
  return verdicts;
}
