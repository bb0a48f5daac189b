/**
 * Mutation testing of the sign-in engine's checks (`npm run mutation`; not part of `npm test`):
 * every mutant that disables or inverts a check must make a test fail. Report in
 * reports/mutation/ (git-ignored).
 */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  vitest: { configFile: "test/mutation/vitest.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: ["src/sign-in-engine/checks/**/*.ts"],
  coverageAnalysis: "perTest",
  // Texts (reasons, titles, what a check expects) are wording, not decisions: mutating them tells
  // nothing about whether a check is guarded.
  mutator: { excludedMutations: ["StringLiteral"] },
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
