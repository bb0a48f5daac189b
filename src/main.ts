import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Runtime } from "./composition.js";
import { loadConfigOrExit } from "./config/load-config.js";
import { createLogger } from "./log.js";
import { runWorkers, workerRole } from "./workers.js";

/** Starts the service: configuration, runtime, HTTP(S) listener, graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const role = config.server.workers > 1 ? workerRole() : "serve";
  if (role === "primary") {
    runWorkers(config.server.workers);
    return;
  }
  const log = createLogger(config.log.level);
  // Imported here, not at the top: the WORKERS primary loads none of the service.
  const { createRuntime } = await import("./composition.js");
  if (role === "prepare") {
    // Migrations, generated secrets, simulator keys and seeds, written once before the serving
    // workers start (see workers.ts); disconnecting lets this worker end once all is written.
    const prepared = await createRuntime(config, { logger: log, backgroundJobs: false });
    printGeneratedSecrets(prepared);
    await prepared.close();
    cluster.worker?.disconnect();
    return;
  }

  const runtime = await createRuntime(config, { logger: log });
  const { answerEarlyRefusals } = await import("./http/early-refusals.js");
  const { tlsCertFile, tlsKeyFile } = config.server;
  const server: Server =
    tlsCertFile && tlsKeyFile
      ? createHttpsServer({ cert: readFileSync(tlsCertFile), key: readFileSync(tlsKeyFile) }, runtime.app)
      : createHttpServer(runtime.app);
  answerEarlyRefusals(server, log);
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;
  server.once("error", (err: NodeJS.ErrnoException) => {
    // A port in use is a setting to change, not a crash: say so in one line, no stack trace.
    const why =
      err.code === "EADDRINUSE" ? `port ${config.server.port} is in use (set PORT to another)` : err.message;
    process.stderr.write(`mitel-mock-sp cannot listen: ${why}\n`);
    runtime.close().finally(() => process.exit(1));
  });
  server.listen(config.server.port, () => {
    const base = config.server.publicUrl;
    log.info({ port: config.server.port, publicUrl: base, storage: runtime.ctx.storage.kind }, "listening");
    process.stdout.write(
      `\n  mitel-mock-sp is ready at ${base}\n` +
        (config.simulator.enabled
          ? `  Entra simulator My Apps: ${config.simulatorPublicUrl}/entra-sim/my-apps\n`
          : "") +
        `  MiCloud Connect sign-on: ${base}/micloud/portal   CloudLink sign-on: ${base}/cloudlink/accounts\n` +
        `  Operator console: ${base}/admin\n\n`,
    );
    // Last, after the start-up log lines, so that they stand apart and are not missed.
    printGeneratedSecrets(runtime);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    server.close(() => {
      runtime.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/**
 * The admin password and token are shown once, by the start that generated them: in a box of
 * their own (plain text, not a JSON log line), so that nobody has to fish them out of the log.
 */
function printGeneratedSecrets(runtime: Runtime): void {
  const { secrets } = runtime.ctx;
  const lines: string[] = [];
  if (secrets.generatedAdminPassword) {
    lines.push(`Operator console password: ${secrets.generatedAdminPassword}   (or set ADMIN_PASSWORD)`);
  }
  if (secrets.generatedAdminToken) {
    lines.push(`Admin API bearer token:    ${secrets.generatedAdminToken}   (or set ADMIN_TOKEN)`);
  }
  if (lines.length === 0) return;
  lines.unshift("Generated once and shown only now: keep them.");
  const width = Math.max(...lines.map((l) => l.length));
  const rule = `  +${"-".repeat(width + 2)}+`;
  process.stdout.write(`\n${rule}\n${lines.map((l) => `  | ${l.padEnd(width)} |`).join("\n")}\n${rule}\n\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `mitel-mock-sp failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
