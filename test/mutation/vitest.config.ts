import { defineConfig } from "vitest/config";

/**
 * The tests mutation testing runs against each mutant of the engine's checks: the engine's own
 * unit tests (node-saml stubbed, no HTTP), fast enough to run once per mutant on two cores.
 */
export default defineConfig({
  test: {
    include: ["test/unit/sign-in-engine/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
