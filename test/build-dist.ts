/**
 * Vitest global setup: compile dist/ once before any test file runs, for the tests that start the
 * built service or the command (npm start, bin/mitel-mock-sp.mjs). Files run in parallel, and
 * several of them building dist/ at the same moment could read each other's half-written output.
 */
export default async function buildDist(): Promise<void> {
  // @ts-expect-error: a plain .mjs build script without type declarations
  const { buildIfNeeded } = await import("../scripts/build.mjs");
  await buildIfNeeded();
}
