import type { LevelFigures } from "../load/stats.js";
import type { ChildFigures } from "../sections/child-run.js";
import { hostileLines } from "../sections/hostile.js";
import type { BenchResults, RunFigures } from "./results.js";
import { collect, spread } from "./summary.js";

const LABEL = 44;

function row(label: string, figure: string): string {
  return `${label.padEnd(LABEL)} ${figure}`;
}

function levelRow(label: string, levels: LevelFigures[]): string {
  const errors = levels.reduce((n, l) => n + l.errors, 0);
  const samples = levels.flatMap((l) => l.errorSamples).slice(0, 2);
  return row(
    label,
    `${spread(levels.map((l) => l.loginsPerSecond))} logins/s   p50 ${spread(levels.map((l) => l.p50Ms))}` +
      `  p95 ${spread(levels.map((l) => l.p95Ms))}  p99 ${spread(levels.map((l) => l.p99Ms))} ms` +
      `   CPU ${spread(
        levels.map((l) => l.cpuMsPerLogin ?? Number.NaN),
        2,
      )} ms/login` +
      `   errors ${errors}${samples.length ? ` (${samples.join("; ")})` : ""}` +
      (levels.some((l) => l.timedOut) ? "   TIME LIMIT HIT" : ""),
  );
}

function childRow(label: string, runs: ChildFigures[]): string {
  const rss = runs.map((r) => r.peakRssMb ?? Number.NaN);
  const atReady = runs.map((r) => r.rssAtReadyMb ?? Number.NaN);
  const generator = runs.map((r) => r.generatorCpuMsPerLogin ?? Number.NaN);
  return (
    `${levelRow(label, runs)}   peak RSS ${spread(rss, 0)} MB (${spread(atReady, 0)} at ready)` +
    `   load generator ${spread(generator, 2)} ms/login`
  );
}

/** Two child-process runs measured against each other, and their ratio (WORKERS, data scale). */
function comparedRuns(
  [labelA, runsA]: [string, ChildFigures[]],
  [labelB, runsB]: [string, ChildFigures[]],
  [ratioLabel, ratios]: [string, number[]],
): string[] {
  return [childRow(labelA, runsA), childRow(labelB, runsB), row(ratioLabel, spread(ratios, 2))];
}

/** The human-readable table printed at the end of a run. */
export function formatTable(results: BenchResults): string {
  const { machine, runs } = results;
  const lines: string[] = [];
  lines.push(
    `mitel-mock-sp benchmark: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, ` +
      `${machine.date.slice(0, 10)}, load average ${machine.loadAverageAtStart} at start` +
      (results.options.repeat > 1 ? `, median (range) of ${results.options.repeat} runs` : ""),
  );
  lines.push("");
  const baseline = collect(runs, (r) => r.baseline);
  if (baseline.length > 0) {
    const rate = spread(baseline.map((b) => b.validationsPerSecond));
    const p50 = spread(
      baseline.map((b) => b.p50Ms),
      2,
    );
    const cpu = spread(
      baseline.map((b) => b.cpuMsPerValidation ?? Number.NaN),
      2,
    );
    const fresh = spread(baseline.map((b) => b.newInstanceValidationsPerSecond ?? Number.NaN));
    const errors = baseline.reduce((n, b) => n + b.errors, 0);
    lines.push(
      row(
        "(1) node-saml validatePostResponseAsync",
        `${rate} validations/s on 1 core   p50 ${p50} ms   CPU ${cpu} ms/validation` +
          `   (new SAML per call: ${fresh}/s)   errors ${errors}`,
      ),
    );
  }
  for (const engine of ["sqlite", "postgres"] as const) {
    for (const concurrency of [1, 8, 32]) {
      const levels = collect(runs, (r: RunFigures) =>
        r.acs?.[engine]?.find((l) => l.concurrency === concurrency),
      );
      if (levels.length === 0) continue;
      const head = concurrency === 1 ? `(2) ACS over HTTP, ${engine}, c=1` : `    c=${concurrency}`;
      lines.push(levelRow(head, levels));
    }
  }
  const ratios = collect(runs, (r) => r.ratio);
  if (ratios.length > 0) {
    const cpu = collect(runs, (r) => r.cpuRatio);
    const inCpu = cpu.length > 0 ? `   ${spread(cpu, 2)} in CPU time per sign-in` : "";
    lines.push(row("(3) ACS@8 / node-saml", `${spread(ratios, 2)} in logins/s${inCpu}`));
  }
  const workers = collect(runs, (r) => r.workers);
  if (workers.length > 0) {
    const c = workers[0]?.one.concurrency;
    lines.push(
      ...comparedRuns(
        [`(4) node dist/mitel-mock-sp.js WORKERS=1, c=${c}`, workers.map((w) => w.one)],
        ["    WORKERS=2", workers.map((w) => w.two)],
        ["    WORKERS=2 / WORKERS=1", workers.map((w) => w.ratio)],
      ),
    );
  }
  const scale = collect(runs, (r) => r.scale);
  const first = scale[0];
  if (first) {
    lines.push(
      row(
        `(5) ${first.users.toLocaleString("en")} users / ${first.accounts.toLocaleString("en")} accounts`,
        `inserted in ${spread(scale.map((s) => s.insertMs / 1000))} s, database ${first.databaseFileMb} MB`,
      ),
    );
    lines.push(
      ...comparedRuns(
        ["    small directory, WORKERS=1", scale.map((s) => s.small)],
        ["    big directory, WORKERS=1", scale.map((s) => s.big)],
        ["    big / small", scale.map((s) => s.ratio)],
      ),
    );
  }
  for (const hostile of collect(runs, (r) => r.hostile)) lines.push(...hostileLines(hostile, row));
  if (results.startup) {
    const s = results.startup;
    lines.push(
      row(
        "(6) start-up to ready /readyz (default config)",
        `fresh data dir ${s.freshMedianMs} ms [${s.freshMs.join(", ")}]` +
          `   existing ${s.existingMedianMs} ms [${s.existingMs.join(", ")}]`,
      ),
    );
  }
  lines.push("");
  lines.push("Targets (reported, not asserted)");
  for (const t of results.targets)
    lines.push(`  ${t.met ? "met " : "MISS"}  ${t.target.padEnd(42)} ${t.value}`);
  lines.push("");
  lines.push(`Total run time ${results.durationSeconds} s`);
  return lines.join("\n");
}
