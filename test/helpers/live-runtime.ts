import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntime, type Runtime } from "../../src/composition.js";
import { loadConfig } from "../../src/config/load-config.js";
import { createLogger } from "../../src/log.js";
import { listenOnFreePort } from "./live-server.js";
import { dropPgSchema, newPgSchema } from "./pg-schema.js";

export interface LiveRuntime {
  runtime: Runtime;
  /** The SP's base URL: http://localhost:<port>. */
  spUrl: string;
  /** The simulator's base URL: http://127.0.0.1:<port>, another site to the browser (DESIGN §8). */
  simulatorUrl: string;
  close(): Promise<void>;
}

/**
 * The whole service over real HTTP on a free port, with the default configuration's seeds
 * (both demo accounts wired to the simulator) unless told otherwise.
 */
export async function startLiveRuntime(
  options: {
    seeds?: boolean;
    overrides?: Record<string, unknown>;
    /** The clock of the SP and the simulator (a test that waits moves it on instead). */
    now?: () => number;
  } = {},
): Promise<LiveRuntime> {
  const listener = await listenOnFreePort();
  const dataDir = mkdtempSync(join(tmpdir(), "mms-live-"));
  const spUrl = `http://localhost:${listener.port}`;
  const simulatorUrl = `http://127.0.0.1:${listener.port}`;
  const config = loadConfig({
    env: { ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) },
    overrides: {
      server: { publicUrl: spUrl, port: listener.port },
      storage: { dataDir },
      simulator: { enabled: true, publicUrl: simulatorUrl },
      admin: { password: "operator-password-1", token: "test-admin-token-0123456789abcdef" },
      log: { level: "silent" },
      ...(options.seeds === false ? { seeds: [] } : {}),
      ...options.overrides,
    },
  });
  const pgSchema = newPgSchema("mms_live");
  const runtime = await createRuntime(config, {
    logger: createLogger("silent"),
    backgroundJobs: false,
    ...(options.now ? { now: options.now } : {}),
    ...(pgSchema ? { pgSchema } : {}),
  });
  listener.attach(runtime.app);
  return {
    runtime,
    spUrl,
    simulatorUrl,
    async close() {
      await listener.close();
      await runtime.close();
      await dropPgSchema(pgSchema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
