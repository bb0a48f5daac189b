// `npm start` must work right after `npm ci`: compile once when dist/ is missing or older than src/.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const marker = "dist/src/main.js";
const stale =
  !existsSync(marker) ||
  Math.max(newestMtime("src"), newestMtime("bench"), statSync("tsconfig.json").mtimeMs) >
    statSync(marker).mtimeMs;
if (stale) {
  console.log("Compiling TypeScript (first start or sources changed)...");
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    stdio: "inherit",
  });
}
