import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { PROJECT_ROOT } from "../src/project-root.js";
import { SAML_MESSAGE_LIMITS } from "../src/saml/xml-prescan.js";
import { type BenchOptions, parseOptions, USAGE } from "./options.js";
import { toJsonText } from "./report/json-text.js";
import { machineDetails } from "./report/machine.js";
import type { BenchResults, RunFigures } from "./report/results.js";
import { judgeTargets } from "./report/summary.js";
import { formatTable } from "./report/table.js";
import { type AcsStorage, buildAcsFixture, levelAt, measureAcsLevels } from "./sections/acs-e2e.js";
import { measureBaseline } from "./sections/baseline.js";
import { measureScale } from "./sections/data-scale.js";
import { measureHostile } from "./sections/hostile.js";
import { measureStartup } from "./sections/startup.js";
import { measureWorkers } from "./sections/workers.js";
import { dropPgSchema, newPgSchemaName } from "./server/pg-schema.js";

/**
 * `npm run bench`: builds every fixture before timing, then measures (1) node-saml alone,
 * (2) the ACS over HTTP at concurrency 1/8/32, (3) their ratio, (4) WORKERS=1 vs 2,
 * (5) a large directory, (6) start-up, (7) hostile traffic; prints a table and writes JSON with the
 * machine details.
 */
async function main(): Promise<void> {
  let parsed: BenchOptions | "help";
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  if (parsed === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = parsed;
  const started = performance.now();
  const machine = machineDetails();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const step = (name: string) => log(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${name}`);
  const runs: RunFigures[] = [];
  const has = (name: Parameters<typeof options.sections.has>[0]) => options.sections.has(name);

  for (let r = 0; r < options.repeat; r++) {
    const run: RunFigures = {};
    runs.push(run);
    if (options.repeat > 1) log(`--- run ${r + 1} of ${options.repeat}`);
    if (has("baseline") || has("acs")) {
      await measureInProcess(options, run, { kind: "sqlite" }, step);
      if (options.databaseUrl && has("acs")) {
        await measurePostgres(options, options.databaseUrl, run, step);
      }
    }
    if (has("workers")) {
      step("(4) WORKERS=1 and WORKERS=2: preparing the data directory, then two child runs");
      run.workers = await measureWorkers(options.counts);
    }
    if (has("hostile")) {
      step("(7) hostile traffic: bombs, junk and the largest accepted sign-in against one ACS");
      run.hostile = await measureHostile(
        {
          normal: options.counts.hostileNormal,
          perShape: options.counts.hostilePerShape,
          attackMs: options.counts.hostileAttackMs,
        },
        options.logLevel,
        SAML_MESSAGE_LIMITS,
      );
    }
    if (has("scale")) {
      step(
        `(5) data scale: inserting ${(options.counts.scaleAccounts * options.counts.scaleUsersPerAccount).toLocaleString("en")} users`,
      );
      run.scale = await measureScale(options.counts, run.workers?.one, log);
    }
  }
  let startup: BenchResults["startup"];
  if (has("startup")) {
    step("(6) start-up time");
    startup = await measureStartup(options.counts.startupRepeats);
  }

  const partial: Omit<BenchResults, "targets"> = {
    benchmark: "mitel-mock-sp",
    machine,
    options: {
      quick: options.quick,
      sections: [...options.sections],
      counts: options.counts,
      logLevel: options.logLevel,
      postgres: Boolean(options.databaseUrl),
      repeat: options.repeat,
    },
    method: METHOD,
    runs,
    ...(startup ? { startup } : {}),
    durationSeconds: Math.round((performance.now() - started) / 1000),
  };
  const results: BenchResults = { ...partial, targets: judgeTargets(partial) };
  log("");
  log(formatTable(results));
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, toJsonText(results));
  log(`\nFigures written to ${relative(PROJECT_ROOT, options.out) || options.out}`);
}

const METHOD: Record<string, string> = {
  fixtures:
    "Accounts and users created through the services; AuthnRequests issued by startLogin, each bound to its own " +
    "browser nonce; one Entra-shaped response (assertion signed, RSA-SHA256) signed per request by the " +
    "simulator's builder before any timing.",
  baseline:
    "node-saml validatePostResponseAsync on the c=8 responses with buildSamlOptions' options, one SAML instance " +
    "per account (and again with a new instance per call), InResponseTo cache in memory, one thread.",
  acs:
    "The service in the bench process (createRuntime + http on 127.0.0.1, fresh SQLite dir or Postgres schema), " +
    "load generator in a worker thread: closed loop over keep-alive connections, each POST with its own response " +
    "and binding cookie; success = the 303 to the landing page, through the /saml/complete hand-over when the ACS uses one. Warm-up first. CPU = the server's main thread.",
  ratio:
    "ACS logins/s at c=8 over node-saml validations/s; cpuRatio: node-saml CPU per validation over ACS CPU per sign-in.",
  workers:
    "node dist/mitel-mock-sp.js as a child (default config, DATA_DIR, PORT, PUBLIC_URL, WORKERS), fixtures written " +
    "through createStorage before the start, separate request IDs per run; CPU and peak RSS = all server processes (the WORKERS primary, which prepares the storage before forking, and its workers).",
  scale:
    "Accounts and users bulk-inserted into the real schema; sign-ins spread at random over all accounts; same " +
    "child set-up as WORKERS=1; peak RSS = VmHWM of the server process (summed with its workers' when WORKERS > 1).",
  hostile:
    "The service in the bench process on a fresh SQLite dir, one account. CPU of the main thread per request, one " +
    "request at a time: normal sign-ins, the largest response the parser accepts (a signed sign-in padded with a " +
    "groups claim), then each hostile shape posted anonymously to the ACS. /healthz probed every 10 ms from its " +
    "own thread, idle and while four clients post the bombs in a loop.",
  startup:
    "Spawn to the first 200 from /readyz, default configuration, fresh DATA_DIR then the same one again.",
};

/** (1)-(3) on one in-process server: fixtures, node-saml baseline (SQLite run only), the ACS levels. */
async function measureInProcess(
  options: BenchOptions,
  run: RunFigures,
  storage: AcsStorage,
  step: (name: string) => void,
): Promise<void> {
  step(`(2) ACS in process on ${storage.kind}: creating accounts, issuing requests, signing responses`);
  const fixture = await buildAcsFixture(options.counts, storage, options.logLevel);
  try {
    const eight = fixture.levels.find((l) => l.concurrency === 8)?.logins ?? [];
    if (storage.kind === "sqlite" && options.sections.has("baseline")) {
      step("(1) node-saml baseline");
      run.baseline = await measureBaseline(eight, fixture.settings, {
        newInstanceToo: true,
        timeLimitMs: options.counts.levelTimeLimitMs,
      });
    }
    if (!options.sections.has("acs")) return;
    step(`(2) ACS over HTTP on ${storage.kind}: warm-up, then c=1, 8, 32`);
    const profile = options.profileDir
      ? { dir: options.profileDir, prefix: `acs-${storage.kind}` }
      : undefined;
    if (profile) mkdirSync(profile.dir, { recursive: true });
    const levels = await measureAcsLevels(fixture, options.counts, profile);
    run.acs = { ...(run.acs ?? { sqlite: [] }), [storage.kind]: levels, fixtureMs: fixture.fixtureMs };
    const at8 = levelAt(levels, 8);
    if (storage.kind === "sqlite" && run.baseline && at8) {
      run.ratio = Math.round((at8.loginsPerSecond / run.baseline.validationsPerSecond) * 100) / 100;
      const { cpuMsPerValidation } = run.baseline;
      if (cpuMsPerValidation && at8.cpuMsPerLogin) {
        run.cpuRatio = Math.round((cpuMsPerValidation / at8.cpuMsPerLogin) * 100) / 100;
      }
    }
  } finally {
    await fixture.dispose();
  }
}

/** The ACS on Postgres in a fresh schema, dropped after; an unreachable database skips this part only. */
async function measurePostgres(
  options: BenchOptions,
  databaseUrl: string,
  run: RunFigures,
  step: (name: string) => void,
): Promise<void> {
  const pgSchema = newPgSchemaName();
  try {
    await measureInProcess(options, run, { kind: "postgres", databaseUrl, pgSchema }, step);
  } catch (err) {
    step(`Postgres part skipped: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await dropPgSchema(databaseUrl, pgSchema).catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
