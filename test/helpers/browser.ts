import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { describe } from "vitest";
import { watchAccessibility } from "./accessibility.js";

/**
 * Browser tests drive Debian's Chromium (never a downloaded browser). Where it is missing they
 * skip with a visible notice; CI sets REQUIRE_BROWSER_TESTS=1, which turns that skip into a failure.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = join(process.cwd(), "test-results", "screenshots");

const available = existsSync(CHROMIUM_PATH);
if (!available && process.env.REQUIRE_BROWSER_TESTS === "1") {
  throw new Error(
    `REQUIRE_BROWSER_TESTS=1 but Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium)`,
  );
}
if (!available) {
  console.warn(
    `\n*** Browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium to run them. ***\n`,
  );
}

/** `describe` that skips (with the notice above) when Chromium is not installed. */
export const describeBrowser = available ? describe : describe.skip;

export interface FreshBrowser {
  context: BrowserContext;
  page: Page;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fresh profile each time, as a newcomer's browser would be. `acceptSelfSigned` is for tests
 * that serve https with a certificate they made themselves; `args`, `env` and `cleanUp` let a
 * helper add Chromium flags, environment (e.g. HOME for an NSS database) and its own clean-up.
 */
export async function launchFreshBrowser(
  options: {
    acceptSelfSigned?: boolean;
    screenshotPrefix?: string;
    args?: string[];
    env?: Record<string, string | undefined>;
    cleanUp?: () => void;
  } = {},
): Promise<FreshBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "mms-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...(options.env ? { env: options.env } : {}),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      ...(options.acceptSelfSigned ? ["--ignore-certificate-errors"] : []),
      ...(options.args ?? []),
    ],
    ignoreHTTPSErrors: options.acceptSelfSigned === true,
    viewport: { width: 1200, height: 900 },
  });
  // Every page this browser loads is checked with axe-core (WCAG 2 A/AA); close() fails on any violation.
  const accessibility = watchAccessibility(context);
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    page,
    async screenshot(name) {
      const file = `${options.screenshotPrefix ?? ""}${name}.png`;
      await page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage: true });
    },
    async close() {
      try {
        await accessibility.assertNone();
      } finally {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
        options.cleanUp?.();
      }
    },
  };
}
