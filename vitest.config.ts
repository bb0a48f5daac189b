import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/build-dist.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Storage suites share one Postgres database; run files one at a time there.
    fileParallelism: !process.env.DATABASE_URL,
    reporters: ["default"],
  },
});
