import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder holding package.json, views/ and config/. Found by walking up from this file so
 * that it is the same whether the code runs from src/ (tsx, vitest) or dist/src/ (npm start).
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "views"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("Cannot find the project root (package.json next to views/)");
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot();
