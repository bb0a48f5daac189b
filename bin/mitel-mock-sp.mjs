#!/usr/bin/env node
// The `mitel-mock-sp` command (package.json "bin"): `mitel-mock-sp check …`, see src/cli/main.ts.
// In a clone of the repository dist/ is compiled first when needed (as `npm start` does); an
// installed image or package ships dist/ and has no scripts/ folder.
import { existsSync } from "node:fs";

const buildScript = new URL("../scripts/build.mjs", import.meta.url);
if (existsSync(buildScript)) {
  const { buildIfNeeded } = await import(buildScript.href);
  await buildIfNeeded();
}
const { runCli } = await import("../dist/src/cli/main.js");
process.exitCode = await runCli(process.argv.slice(2));
