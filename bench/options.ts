import { join, resolve } from "node:path";
import { PROJECT_ROOT } from "../src/project-root.js";

export const SECTIONS = ["baseline", "acs", "workers", "scale", "startup", "hostile"] as const;
export type SectionName = (typeof SECTIONS)[number];

/** How many prepared sign-ins each timed part uses (every one has its own request and response). */
export interface Counts {
  warmup: number;
  c1: number;
  c8: number;
  c32: number;
  /** Per child-process run (WORKERS=1, WORKERS=2, big directory). */
  child: number;
  childConcurrency: number;
  startupRepeats: number;
  scaleAccounts: number;
  scaleUsersPerAccount: number;
  smallAccounts: number;
  smallUsersPerAccount: number;
  /** Upper bound of one load level, whatever the count. */
  levelTimeLimitMs: number;
  /** (7) normal sign-ins, posts per hostile shape, and how long four clients post bombs. */
  hostileNormal: number;
  hostilePerShape: number;
  hostileAttackMs: number;
}

export interface BenchOptions {
  quick: boolean;
  sections: Set<SectionName>;
  counts: Counts;
  logLevel: string;
  databaseUrl: string | undefined;
  out: string;
  /** Repeat the throughput measurements this many times and keep every figure (noise). */
  repeat: number;
  /** Write CPU profiles of the in-process server during each timed ACS level here. */
  profileDir: string | undefined;
}

const FULL: Counts = {
  warmup: 200,
  c1: 400,
  c8: 1500,
  c32: 1500,
  child: 1500,
  childConcurrency: 16,
  startupRepeats: 3,
  scaleAccounts: 10_000,
  scaleUsersPerAccount: 100,
  smallAccounts: 4,
  smallUsersPerAccount: 25,
  levelTimeLimitMs: 90_000,
  hostileNormal: 100,
  hostilePerShape: 20,
  hostileAttackMs: 10_000,
};

const QUICK: Counts = {
  ...FULL,
  warmup: 60,
  c1: 100,
  c8: 300,
  c32: 300,
  child: 300,
  startupRepeats: 1,
  scaleAccounts: 1_000,
  scaleUsersPerAccount: 100,
  levelTimeLimitMs: 30_000,
  hostileNormal: 40,
  hostilePerShape: 8,
  hostileAttackMs: 5_000,
};

export const USAGE = `npm run bench -- [options]

  --quick              small counts and a 100k-user directory (about a minute); not for the README
  --only=a,b           run some parts only: ${SECTIONS.join(", ")}
  --repeat=N           run every throughput measurement N times (default 1) to see the noise
  --users=N            users in the data-scale directory (default 1000000; 100 per account)
  --profile=DIR        write a CPU profile of the in-process server per ACS level into DIR
                       (read it with: node dist/bench/profile-summary.js DIR/acs-sqlite-c8.cpuprofile)
  --log-level=LEVEL    the service's log level during the run (default info, written to /dev/null)
  --out=FILE           where to write the JSON (default bench/results/latest.json for a full run,
                       bench/results/partial.json.tmp otherwise)
  --help

DATABASE_URL set: the in-process ACS part also runs on Postgres, in a fresh schema dropped after.`;

export function parseOptions(argv: string[]): BenchOptions | "help" {
  let quick = false;
  let only: SectionName[] | null = null;
  let logLevel = "info";
  let out: string | null = null;
  let users: number | null = null;
  let repeat = 1;
  let profileDir: string | undefined;
  for (const arg of argv) {
    const [flag, value] = splitFlag(arg);
    if (flag === "--help" || flag === "-h") return "help";
    else if (flag === "--quick") quick = true;
    else if (flag === "--only") only = parseSections(value);
    else if (flag === "--log-level") logLevel = requireValue(flag, value);
    else if (flag === "--out") out = requireValue(flag, value);
    else if (flag === "--users") users = positiveInt(flag, value);
    else if (flag === "--profile") profileDir = resolve(requireValue(flag, value));
    else if (flag === "--repeat") repeat = Math.min(5, positiveInt(flag, value));
    else throw new Error(`unknown option ${arg}\n\n${USAGE}`);
  }
  const counts = { ...(quick ? QUICK : FULL) };
  if (users !== null) counts.scaleAccounts = Math.max(1, Math.ceil(users / counts.scaleUsersPerAccount));
  const partial = quick || only !== null || users !== null || profileDir !== undefined;
  return {
    quick,
    sections: new Set(only ?? SECTIONS),
    counts,
    logLevel,
    databaseUrl: process.env.DATABASE_URL || undefined,
    out: out ?? join(PROJECT_ROOT, "bench", "results", partial ? "partial.json.tmp" : "latest.json"),
    repeat,
    profileDir,
  };
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

function requireValue(flag: string, value: string | undefined): string {
  if (!value) throw new Error(`${flag} needs a value (${flag}=...)`);
  return value;
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(requireValue(flag, value));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive whole number`);
  return n;
}

function parseSections(value: string | undefined): SectionName[] {
  const names = requireValue("--only", value).split(",");
  for (const name of names) {
    if (!(SECTIONS as readonly string[]).includes(name)) {
      throw new Error(`--only: unknown part "${name}" (known: ${SECTIONS.join(", ")})`);
    }
  }
  return names as SectionName[];
}
