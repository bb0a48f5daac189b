import { createWriteStream } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRuntime, type Runtime } from "../../src/composition.js";
import { createLogger } from "../../src/log.js";
import { benchConfig } from "./bench-config.js";

export interface InProcessServer {
  runtime: Runtime;
  port: number;
  publicUrl: string;
  close(): Promise<void>;
}

export interface InProcessOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  pgSchema?: string | undefined;
  logLevel: string;
}

/**
 * The whole service in this process over real HTTP on a loopback port. The listener comes first
 * so that PUBLIC_URL (and with it every Reply URL and Entity ID) can name the port; the app is
 * attached once the runtime is built. Logs go to /dev/null at the configured level, so their
 * cost is measured without flooding the terminal.
 */
export async function startInProcessServer(options: InProcessOptions): Promise<InProcessServer> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const config = benchConfig({
    port,
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    logLevel: options.logLevel,
  });
  const logger = createLogger(options.logLevel, createWriteStream("/dev/null"));
  const runtime = await createRuntime(config, {
    logger,
    ...(options.pgSchema ? { pgSchema: options.pgSchema } : {}),
  });
  server.on("request", runtime.app);
  server.keepAliveTimeout = 30_000;
  return {
    runtime,
    port,
    publicUrl: config.server.publicUrl,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
