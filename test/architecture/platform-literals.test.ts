import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The two Mitel platforms differ only in src/platforms/: code elsewhere asks the platform object
 * (its wording, user model, what opens SSO), never compares a platform id with a literal, so a
 * third platform is one new file there.
 */
const SRC = fileURLToPath(new URL("../../src", import.meta.url));
const COMPARISON = /[!=]==?\s*"(micloud|cloudlink)"|"(micloud|cloudlink)"\s*[!=]==?/;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

function platformComparisons(root: string): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(root)) {
    const name = relative(root, file);
    if (name.startsWith("platforms")) continue;
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (COMPARISON.test(line)) found.push(`${name}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe("platform differences", () => {
  it("are asked of the platform objects, not compared with a literal id outside src/platforms/", () => {
    expect(platformComparisons(SRC)).toEqual([]);
  });

  it("the scan sees a comparison when there is one", () => {
    expect(COMPARISON.test('if (account.platform === "micloud") {')).toBe(true);
    expect(COMPARISON.test('"cloudlink" !== platform')).toBe(true);
    expect(COMPARISON.test('requirePlatform(account, "micloud");')).toBe(false);
  });
});
