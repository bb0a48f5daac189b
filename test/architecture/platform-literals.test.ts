import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allPlatforms, PLATFORM_IDS } from "../../src/platforms/index.js";

/**
 * The two Mitel platforms differ only in src/platforms/: code elsewhere, and the Eta views, ask the
 * platform object (its wording, user model, user fields, what opens SSO), never compare a platform
 * id with a literal nor pick a product's words with a ternary, so a third platform is one new file
 * there.
 */
const SRC = fileURLToPath(new URL("../../src", import.meta.url));
const VIEWS = fileURLToPath(new URL("../../views", import.meta.url));

const ids = PLATFORM_IDS.join("|");
const COMPARISON = new RegExp(`[!=]==?\\s*["'](${ids})["']|["'](${ids})["']\\s*[!=]==?`);
/** `? "MiCloud Connect" : …` or `: "CloudLink"`: one product's words chosen in place of asking the platform. */
const productNames = allPlatforms().map((p) => p.wording.productName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
const PRODUCT_CHOICE = new RegExp(`[?:]\\s*["'](${productNames.join("|")})["']`);

function* filesEndingWith(dir: string, suffix: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesEndingWith(path, suffix);
    else if (entry.name.endsWith(suffix)) yield path;
  }
}

function offendingLines(text: string, patterns: RegExp[]): Array<{ line: number; text: string }> {
  return text
    .split("\n")
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter(({ text: line }) => patterns.some((p) => p.test(line)));
}

function platformComparisons(root: string): string[] {
  const found: string[] = [];
  for (const file of filesEndingWith(root, ".ts")) {
    const name = relative(root, file);
    if (name.startsWith("platforms")) continue;
    for (const hit of offendingLines(readFileSync(file, "utf8"), [COMPARISON])) {
      found.push(`${name}:${hit.line}: ${hit.text}`);
    }
  }
  return found;
}

function viewPlatformChoices(root: string): string[] {
  const found: string[] = [];
  for (const file of filesEndingWith(root, ".eta")) {
    for (const hit of offendingLines(readFileSync(file, "utf8"), [COMPARISON, PRODUCT_CHOICE])) {
      found.push(`${relative(root, file)}:${hit.line}: ${hit.text}`);
    }
  }
  return found;
}

describe("platform differences", () => {
  it("are asked of the platform objects, not compared with a literal id outside src/platforms/", () => {
    expect(platformComparisons(SRC)).toEqual([]);
  });

  it("are asked of the platform objects by the views too (it.platform.…), not chosen by id or by product name", () => {
    expect(viewPlatformChoices(VIEWS)).toEqual([]);
  });

  it("the scan sees a comparison when there is one", () => {
    expect(COMPARISON.test('if (account.platform === "micloud") {')).toBe(true);
    expect(COMPARISON.test('"cloudlink" !== platform')).toBe(true);
    expect(COMPARISON.test('requirePlatform(account, "micloud");')).toBe(false);
  });

  it("the view scan sees the template choices this test replaced, and passes what replaced them", () => {
    const before = [
      '<% var micloud = it.account.platform === "micloud"; %>',
      '<%~ it.form.platform !== \'cloudlink\' ? " checked" : "" %>',
      '<span class="badge"><%= micloud ? "MiCloud Connect" : "CloudLink" %></span>',
      '<%= cloud ? "x" : "CloudLink" %>',
    ];
    for (const line of before) {
      expect(offendingLines(line, [COMPARISON, PRODUCT_CHOICE]), line).toHaveLength(1);
    }
    const after = [
      '<span class="badge"><%= it.platformOf(it.account.platform).wording.productName %></span>',
      '<input type="radio" name="platform" value="<%= p.id %>"<%~ p.id === it.form.platform ? " checked" : "" %>>',
      "<p>Plays Mitel's <strong>MiCloud Connect</strong> and <strong>CloudLink</strong>.</p>",
      '<a href="/<%= a.platform %>/<%= a.id %>/saml/metadata">SP metadata</a>',
      "part of the account's URLs (e.g. contoso-micloud).",
    ];
    for (const line of after) {
      expect(offendingLines(line, [COMPARISON, PRODUCT_CHOICE]), line).toEqual([]);
    }
  });
});
