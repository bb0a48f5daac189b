import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { accountBasePath } from "../../src/saml/sp-identifiers.js";
import type { XmlLimits } from "../../src/saml/xml-prescan.js";
import { type HostileShape, hostileShapes } from "../fixtures/hostile-shapes.js";
import { prepareLogins } from "../fixtures/logins.js";
import { createSmallDirectory, type LoginTarget } from "../fixtures/small-directory.js";
import { mainThreadCpuMs } from "../load/cpu-time.js";
import type { PreparedPost } from "../load/load-types.js";
import { runLoad } from "../load/run-load.js";
import { runProbe } from "../load/run-probe.js";
import { percentile, round } from "../load/stats.js";
import { startInProcessServer } from "../server/in-process-server.js";

export interface HostileShapeFigures {
  name: string;
  /** Size of the posted form body. */
  bodyKb: number;
  requests: number;
  cpuMsPerRequest: number | null;
  /** CPU per request over CPU per normal sign-in. */
  timesNormal: number | null;
  /** What the service answered (status and code of the first answer). */
  answer: string;
}

export interface LatencyFigures {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface HostileFigures {
  normalCpuMsPerSignIn: number | null;
  shapes: HostileShapeFigures[];
  healthzIdle: LatencyFigures;
  healthzAttacked: LatencyFigures & { bombsPosted: number; attackers: number };
  /** The server's event-loop delay during the attack (how long any request could be held up by another). */
  eventLoopDelayMs: { p99: number; max: number; idleP99: number; idleMax: number };
}

export interface HostileCounts {
  normal: number;
  perShape: number;
  attackMs: number;
}

const ATTACKERS = 4;
const LOGIN_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";

/**
 * (7) Hostile traffic: the service in this process on a fresh SQLite directory. CPU of the main
 * thread per request for a normal sign-in and for each hostile shape posted anonymously to the
 * ACS (one at a time), then /healthz latency from a probe thread, first idle, then while four
 * clients post the bombs in a loop.
 */
export async function measureHostile(
  counts: HostileCounts,
  logLevel: string,
  limits: XmlLimits,
): Promise<HostileFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), "mms-bench-hostile-"));
  const server = await startInProcessServer({ dataDir, logLevel });
  try {
    const { config, storage } = server.runtime.ctx;
    const settings = {
      publicUrl: config.server.publicUrl,
      requestTtlMs: config.server.requestTtlMinutes * 60_000,
      clockSkewMs: config.server.clockSkewSeconds * 1000,
    };
    const targets = await createSmallDirectory(storage, { accounts: 1, usersPerAccount: 5 });
    const target = targets[0] as LoginTarget;
    const pick = (n: number) =>
      Array.from({ length: n }, (_, i) => targets[i % targets.length] as LoginTarget);
    const warmup = await prepareLogins(storage.authnRequests, pick(20), settings);
    const normal = await prepareLogins(storage.authnRequests, pick(counts.normal), settings);
    const padding = paddingClaims(limits);
    const maximal = await prepareLogins(storage.authnRequests, pick(counts.perShape), settings, padding);
    const forged = await prepareLogins(storage.authnRequests, pick(counts.perShape), settings, padding);
    const acs = `${accountBasePath(target.account)}/acs`;
    const anonymous = (shape: HostileShape): PreparedPost => ({
      path: acs,
      body: `SAMLResponse=${encodeURIComponent(shape.samlResponse)}`,
      cookie: "",
      expectLocation: "(none)",
    });
    const load = (concurrency: number, posts: PreparedPost[], timeLimitMs = 120_000) =>
      runLoad({ host: "127.0.0.1", port: server.port, concurrency, posts, timeLimitMs });
    const cpuOf = async (posts: PreparedPost[]) => {
      const before = mainThreadCpuMs();
      const result = await load(1, posts);
      const after = mainThreadCpuMs();
      const cpu = before === null || after === null ? null : after - before;
      return { result, cpuMsPerRequest: cpu === null ? null : round(cpu / Math.max(1, result.completed), 2) };
    };

    await load(
      4,
      warmup.map((l) => l.post),
    );
    const normalRun = await cpuOf(normal.map((l) => l.post));
    const normalCpu = normalRun.cpuMsPerRequest;
    const times = (cpu: number | null) => (cpu === null || !normalCpu ? null : round(cpu / normalCpu, 2));

    const shapes: HostileShapeFigures[] = [];
    const maximalRun = await cpuOf(maximal.map((l) => l.post));
    shapes.push({
      name: `largest accepted sign-in (${kb(maximal[0]?.samlResponse.length ?? 0)} KB base64)`,
      bodyKb: kb(maximal[0]?.post.body.length ?? 0),
      requests: maximalRun.result.completed,
      cpuMsPerRequest: maximalRun.cpuMsPerRequest,
      timesNormal: times(maximalRun.cpuMsPerRequest),
      answer:
        maximalRun.result.errors === 0 ? "303 signed in" : (maximalRun.result.errorSamples[0] ?? "error"),
    });
    const forgedRun = await cpuOf(forged.map((l) => tampered(l.post)));
    shapes.push({
      name: "largest valid-looking forgery (digest fails)",
      bodyKb: kb(forged[0]?.post.body.length ?? 0),
      requests: forgedRun.result.completed,
      cpuMsPerRequest: forgedRun.cpuMsPerRequest,
      timesNormal: times(forgedRun.cpuMsPerRequest),
      answer: forgedRun.result.errorSamples[0] ?? "",
    });
    const hostile = hostileShapes();
    for (const shape of hostile) {
      const post = anonymous(shape);
      const run = await cpuOf(Array.from({ length: counts.perShape }, () => post));
      shapes.push({
        name: shape.name,
        bodyKb: kb(post.body.length),
        requests: run.result.completed,
        cpuMsPerRequest: run.cpuMsPerRequest,
        timesNormal: times(run.cpuMsPerRequest),
        answer: run.result.errorSamples[0] ?? "",
      });
    }

    const probeSpec = { host: "127.0.0.1" as const, port: server.port, path: "/healthz", intervalMs: 10 };
    const idleStalls = monitorEventLoopDelay({ resolution: 5 });
    idleStalls.enable();
    const idle = await runProbe({ ...probeSpec, durationMs: 3_000 });
    idleStalls.disable();
    // The bombs that get read and parsed (under the Reply URL's body limit): the costlier kind.
    const bombs = hostile.filter((s) => s.parsed && s.name.includes("bomb")).map(anonymous);
    const loop = Array.from({ length: 20_000 }, (_, i) => bombs[i % bombs.length] as PreparedPost);
    // The server's own longest stalls (its event loop is this thread), apart from client-side delays.
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    const [attacked, attack] = await Promise.all([
      runProbe({ ...probeSpec, durationMs: counts.attackMs }),
      load(ATTACKERS, loop, counts.attackMs),
    ]);
    stalls.disable();
    return {
      normalCpuMsPerSignIn: normalCpu,
      shapes,
      healthzIdle: latency(idle.latenciesMs),
      healthzAttacked: {
        ...latency(attacked.latenciesMs),
        bombsPosted: attack.completed,
        attackers: ATTACKERS,
      },
      eventLoopDelayMs: {
        p99: round(stalls.percentile(99) / 1e6, 1),
        max: round(stalls.max / 1e6, 1),
        idleP99: round(idleStalls.percentile(99) / 1e6, 1),
        idleMax: round(idleStalls.max / 1e6, 1),
      },
    };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A groups claim that brings the response up to the parser's limits: as many values as the
 * element limit leaves room for (Entra's own response holds about 60 elements), each as long as
 * the size limit allows (about 6 KB go to the rest of the response).
 */
function paddingClaims(limits: XmlLimits) {
  const count = Math.max(1, limits.maxElements - 80);
  const tags = "<AttributeValue></AttributeValue>".length;
  const valueLength = Math.max(36, Math.floor((limits.maxLength - 6 * 1024) / count) - tags);
  const value = () =>
    randomUUID()
      .repeat(Math.ceil(valueLength / 36))
      .slice(0, valueLength);
  return [{ name: LOGIN_CLAIM, values: Array.from({ length: count }, value) }];
}

/** The same response with one claim character changed: well-formed, signed, and the digest fails. */
function tampered(post: PreparedPost): PreparedPost {
  const field = decodeURIComponent(/SAMLResponse=([^&]*)/.exec(post.body)?.[1] ?? "");
  const xml = Buffer.from(field, "base64").toString("utf8").replace("<AttributeValue>", "<AttributeValue>x");
  const forged = Buffer.from(xml, "utf8").toString("base64");
  return {
    ...post,
    body: post.body.replace(/SAMLResponse=[^&]*/, `SAMLResponse=${encodeURIComponent(forged)}`),
  };
}

function latency(values: number[]): LatencyFigures {
  const sorted = Float64Array.from(values).sort();
  return {
    samples: sorted.length,
    p50Ms: round(percentile(sorted, 50), 1),
    p99Ms: round(percentile(sorted, 99), 1),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
  };
}

const kb = (chars: number) => Math.round(chars / 1024);

/** The section's lines of the printed table. */
export function hostileLines(f: HostileFigures, row: (label: string, figure: string) => string): string[] {
  const lines = [row("(7) normal sign-in (c=1)", `CPU ${f.normalCpuMsPerSignIn ?? "-"} ms`)];
  for (const s of f.shapes) {
    lines.push(
      row(
        `    ${s.name}`,
        `CPU ${s.cpuMsPerRequest ?? "-"} ms = ${s.timesNormal ?? "-"}x normal   ${s.bodyKb} KB body   ${s.answer}`,
      ),
    );
  }
  const a = f.healthzAttacked;
  lines.push(
    row(
      "    /healthz idle",
      `p50 ${f.healthzIdle.p50Ms}  p99 ${f.healthzIdle.p99Ms}  max ${f.healthzIdle.maxMs} ms`,
    ),
    row(
      `    /healthz, ${a.attackers} clients posting bombs`,
      `p50 ${a.p50Ms}  p99 ${a.p99Ms}  max ${a.maxMs} ms   (${a.samples} probes, ${a.bombsPosted} bombs answered)`,
    ),
    row(
      "    server event-loop delay meanwhile",
      `p99 ${f.eventLoopDelayMs.p99}  max ${f.eventLoopDelayMs.max} ms   (idle: p99 ${f.eventLoopDelayMs.idleP99}  max ${f.eventLoopDelayMs.idleMax} ms; the machine's own stalls)`,
    ),
  );
  return lines;
}
