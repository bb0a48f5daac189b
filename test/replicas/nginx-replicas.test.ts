/**
 * Two service instances on one Postgres behind nginx (deploy/nginx/, round robin, no
 * stickiness), all on this machine, as docker-compose's "replicas" profile runs them:
 * - a sign-in whose every step lands on the other replica than the step before;
 * - TRUST_PROXY=1 with the forwarded headers nginx sets: the sign-in log has the client address
 *   nginx saw, not one the client made up;
 * - a SAML response accepted by one replica is refused by the other;
 * - one replica killed (SIGKILL) under load: the other keeps serving, no sign-in is accepted
 *   twice, and none loses its state (an AuthnRequest started on the dead replica completes on
 *   the survivor); a request in flight on the dead replica at that moment may get nginx's 502
 *   (or its connection closed).
 *
 * Needs nginx (Debian's package; .ci/run installs it) and DATABASE_URL. Skipped with a notice
 * where either is missing, unless CI or REQUIRE_BROWSER_TESTS is set: then it fails instead.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserClient, type BrowserRequest, type PageResponse } from "../../src/cli/browser-client.js";
import { type CheckResult, runSsoCheck } from "../../src/cli/sso-check.js";
import { PROJECT_ROOT } from "../../src/project-root.js";
import {
  freePort,
  isReady,
  spawnService,
  stopAll,
  tempDataDir,
  waitFor,
} from "../helpers/service-process.js";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const required = Boolean(process.env.CI || process.env.REQUIRE_BROWSER_TESTS);
const missing = [
  existsSync(NGINX) ? null : `nginx (${NGINX}; apt-get install nginx-light)`,
  process.env.DATABASE_URL ? null : "DATABASE_URL (a Postgres database)",
].filter((m): m is string => m !== null);
if (missing.length > 0 && required) {
  throw new Error(`The replica test needs ${missing.join(" and ")}; CI must provide them.`);
}
if (missing.length > 0) {
  console.warn(`\n*** Replica test SKIPPED: no ${missing.join(", no ")}. ***\n`);
}
const describeReplicas = missing.length === 0 ? describe : describe.skip;

const UPN = "B.Simon@contoso.com";
const TOKEN = "replica-test-admin-token-0123456789";
const SCHEMA = `mms_replicas_${Math.random().toString(36).slice(2, 10)}`;

/** Records which replica (nginx's X-Served-By) answered each request. */
class WatchedBrowser extends BrowserClient {
  readonly seen: Array<{ url: string; form: Record<string, string> | null; servedBy: string }> = [];
  get servedBy(): string[] {
    return this.seen.map((s) => s.servedBy);
  }
  override async request(url: string, options: BrowserRequest = {}): Promise<PageResponse> {
    const page = await super.request(url, options);
    this.seen.push({ url, form: options.form ?? null, servedBy: page.headers.get("x-served-by") ?? "" });
    return page;
  }
}

function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

async function sql(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describeReplicas("two replicas behind nginx on one Postgres", () => {
  const ports = { proxy: 0, a: 0, b: 0 };
  let proxyUrl = "";
  let nginx: ChildProcess | null = null;
  const replicas: Record<"a" | "b", ReturnType<typeof spawnService> | null> = { a: null, b: null };

  const startReplica = (name: "a" | "b") => {
    replicas[name] = spawnService(process.execPath, ["dist/mitel-mock-sp.js"], {
      PORT: String(ports[name]),
      PUBLIC_URL: proxyUrl,
      ENTRA_SIMULATOR_URL: proxyUrl.replace("localhost", "127.0.0.1"),
      DATABASE_URL: withSchema(process.env.DATABASE_URL ?? "", SCHEMA),
      DATA_DIR: tempDataDir("mms-replica-"),
      TRUST_PROXY: "1",
      ADMIN_TOKEN: TOKEN,
      ADMIN_PASSWORD: "replica-operator-password",
      LOG_LEVEL: "warn",
    });
  };

  beforeAll(async () => {
    ports.proxy = await freePort();
    ports.a = await freePort();
    ports.b = await freePort();
    proxyUrl = `http://localhost:${ports.proxy}`;
    await sql(`CREATE SCHEMA ${SCHEMA}`);

    // Both at once on the empty schema (migrations, generated secrets, simulator keys, seeds), as
    // replicas restarted together would.
    startReplica("a");
    startReplica("b");
    for (const name of ["a", "b"] as const) {
      const ready = await waitFor(() => isReady(ports[name]), 60_000);
      expect(ready, replicas[name]?.output()).toBe(true);
    }
    // The replica that lost the seeding race may have read a demo account before the winner
    // wired its SSO settings; its account cache keeps a read for 2 s (README "Replicas").
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const prefix = tempDataDir("mms-nginx-");
    mkdirSync(join(prefix, "logs"));
    const values: Record<string, string> = {
      MMS_REPLICA_1: `127.0.0.1:${ports.a}`,
      MMS_REPLICA_2: `127.0.0.1:${ports.b}`,
      NGINX_PORT: `127.0.0.1:${ports.proxy}`,
    };
    // What the nginx image's envsubst does with the template: ${NAME} of the given names only.
    const site = readFileSync(join(PROJECT_ROOT, "deploy/nginx/mitel-mock-sp.conf.template"), "utf8").replace(
      /\$\{(MMS_REPLICA_1|MMS_REPLICA_2|NGINX_PORT)\}/g,
      (_whole, name: string) => values[name] ?? "",
    );
    writeFileSync(join(prefix, "site.conf"), site);
    // The rest of a main configuration, everything under the temporary prefix (no root paths).
    writeFileSync(
      join(prefix, "nginx.conf"),
      [
        "daemon off;",
        "worker_processes 1;",
        `pid ${prefix}/nginx.pid;`,
        `error_log ${prefix}/logs/error.log warn;`,
        "events { worker_connections 256; }",
        "http {",
        `  access_log ${prefix}/logs/access.log;`,
        ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(
          (t) => `  ${t}_temp_path ${prefix}/${t};`,
        ),
        `  include ${prefix}/site.conf;`,
        "}",
      ].join("\n"),
    );
    nginx = spawn(NGINX, ["-p", prefix, "-c", join(prefix, "nginx.conf")], { stdio: "ignore" });
    const proxied = await waitFor(() => isReady(ports.proxy), 20_000);
    expect(proxied, readFileSync(join(prefix, "logs/error.log"), "utf8")).toBe(true);
  }, 120_000);

  afterAll(async () => {
    nginx?.kill("SIGTERM");
    await stopAll();
    if (process.env.DATABASE_URL) await sql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  }, 60_000);

  async function signInLog(accountId: string) {
    const res = await fetch(`${proxyUrl}/api/v1/accounts/${accountId}/sign-ins?limit=200`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      signIns: Array<{ traceId: string; outcome: string; code: string | null; requestId: string | null }>;
    };
    return body.signIns;
  }

  it("a sign-in crosses replicas at every step and succeeds", async () => {
    const browser = new WatchedBrowser();
    const result = await runSsoCheck({ url: proxyUrl, user: UPN, account: "contoso-micloud", browser });
    expect(result.failure).toBeNull();
    expect(result.nameId).toBe(UPN);
    const upstreams = browser.servedBy;
    expect(new Set(upstreams)).toEqual(new Set([`127.0.0.1:${ports.a}`, `127.0.0.1:${ports.b}`]));
    // Round robin with one client: each request went to the other replica than the one before,
    // so the AuthnRequest, the simulator sign-in, the ACS and the hand-over all changed replica.
    for (let i = 1; i < upstreams.length; i++) expect(upstreams[i]).not.toBe(upstreams[i - 1]);
  });

  it("TRUST_PROXY=1 records the address nginx saw, not a made-up X-Forwarded-For", async () => {
    const start = await fetch(`${proxyUrl}/micloud/portal?account=contoso-micloud`, {
      redirect: "manual",
      headers: { "x-forwarded-for": "203.0.113.7" },
    });
    expect(start.status).toBe(302);
    const started = (await signInLog("contoso-micloud")).find((r) => r.outcome === "started");
    const detail = await fetch(`${proxyUrl}/api/v1/accounts/contoso-micloud/sign-ins/${started?.traceId}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const json = JSON.stringify(await detail.json());
    expect(json).toContain("127.0.0.1");
    expect(json).not.toContain("203.0.113.7");
  });

  it("a SAML response accepted by one replica is refused by the other", async () => {
    const browser = new WatchedBrowser();
    const result = await runSsoCheck({ url: proxyUrl, user: UPN, account: "contoso-cloudlink", browser });
    expect(result.ok).toBe(true);
    const acs = browser.seen.find((r) => r.url.endsWith("/saml/acs") && r.form);
    expect(acs?.form).toBeTruthy();
    // Posted again until the other replica gets it (round robin: at most two tries).
    for (let i = 0; i < 2; i++) {
      const again = await browser.request(acs!.url, { method: "POST", form: acs!.form!, from: proxyUrl });
      expect(again.status).toBe(400);
      expect(again.body).toContain('data-error-code="RESPONSE_REPLAYED"');
      if (browser.servedBy.at(-1) !== acs!.servedBy) break;
    }
    expect(browser.servedBy.at(-1)).not.toBe(acs!.servedBy);
    const successes = (await signInLog("contoso-cloudlink")).filter(
      (r) => r.requestId === result.requestId && r.outcome === "success",
    );
    expect(successes).toHaveLength(1);
  });

  it("one replica killed under load: the other keeps serving, nothing accepted twice or lost", async () => {
    const results: Array<CheckResult & { startedAfterKill: boolean }> = [];
    let killing = false;
    // Set once the replica has exited, not when the signal is sent: kill() returns while the
    // process still holds its port, and a connection accepted in that moment dies with it.
    let killed = false;
    const worker = async () => {
      for (let i = 0; i < 6; i++) {
        const account = i % 2 === 0 ? "contoso-micloud" : "contoso-cloudlink";
        const startedAfterKill = killed;
        const result = await runSsoCheck({ url: proxyUrl, user: UPN, account, timeoutMs: 30_000 });
        results.push({ ...result, startedAfterKill });
        const child = replicas.a?.child;
        if (!killing && child && results.length >= 6) {
          killing = true;
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill("SIGKILL");
          await exited;
          killed = true;
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(killed).toBe(true);

    // Failures only where nginx had a request in flight on the dead replica (a 502), at most one
    // per concurrent client; never a SAML failure (which would mean state the dead replica wrote
    // was missing on the survivor, e.g. an AuthnRequest it had started).
    const failures = results.filter((r) => !r.ok);
    for (const failure of failures) {
      // nginx's 502, or the connection it closed when the replica died in the middle of answering;
      // or a hand-over (a GET, which nginx passes on to the survivor) whose ticket the dead
      // replica had already redeemed: a ticket is good for one redemption only.
      const what = `${failure.failure?.step}: ${failure.failure?.code}: ${failure.failure?.cause}`;
      expect(what).toMatch(
        /: UNEXPECTED_RESPONSE: 502|: UNREACHABLE: .*(terminated|closed|socket|reset)|^hand-over: SIGN_IN_TICKET_INVALID/,
      );
    }
    expect(failures.length).toBeLessThanOrEqual(4);
    // Everything started after the kill signed in.
    const afterKill = results.filter((r) => r.startedAfterKill);
    expect(afterKill.length).toBeGreaterThan(8);
    expect(afterKill.filter((r) => !r.ok).map((r) => r.failure)).toEqual([]);
    expect(results.length).toBe(24);

    // No request ID was accepted twice, and each landed sign-in has exactly one success record.
    const log = [...(await signInLog("contoso-micloud")), ...(await signInLog("contoso-cloudlink"))];
    const successesPerRequest = new Map<string, number>();
    for (const record of log) {
      if (record.outcome === "success" && record.requestId) {
        successesPerRequest.set(record.requestId, (successesPerRequest.get(record.requestId) ?? 0) + 1);
      }
    }
    expect([...successesPerRequest.values()].every((n) => n === 1)).toBe(true);
    for (const result of results.filter((r) => r.ok)) {
      expect(successesPerRequest.get(result.requestId ?? "")).toBe(1);
    }
    // The survivor alone serves a full sign-in.
    const after = await runSsoCheck({ url: proxyUrl, user: UPN, account: "contoso-micloud" });
    expect(after.ok).toBe(true);
  }, 180_000);
});
