import { type AppConfig, loadConfig } from "../../src/config/load-config.js";

export const BENCH_ADMIN_PASSWORD = "bench-operator-password";
export const BENCH_ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

export interface BenchConfigInput {
  port: number;
  dataDir: string;
  databaseUrl?: string | undefined;
  logLevel: string;
}

/**
 * The service's configuration for an in-process run: the default file, none of the caller's
 * environment, no seeds and no simulator (the benchmark brings its own accounts and IdP).
 */
export function benchConfig(input: BenchConfigInput): AppConfig {
  return loadConfig({
    env: {},
    overrides: {
      server: { port: input.port, publicUrl: `http://localhost:${input.port}` },
      storage: { dataDir: input.dataDir, ...(input.databaseUrl ? { databaseUrl: input.databaseUrl } : {}) },
      simulator: { enabled: false },
      seeds: [],
      log: { level: input.logLevel },
      admin: { password: BENCH_ADMIN_PASSWORD, token: BENCH_ADMIN_TOKEN },
    },
  });
}
