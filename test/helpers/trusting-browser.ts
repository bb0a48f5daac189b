import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_PATH, type FreshBrowser, SCREENSHOT_DIR } from "./browser.js";

export const CERTUTIL_PATH = process.env.CERTUTIL_PATH ?? "/usr/bin/certutil";

/**
 * A fresh Chromium that trusts one local CA the way a person's machine would after `npm run tls`
 * and "certutil -A" (Debian's libnss3-tools): Chromium on Linux reads locally trusted roots from
 * the NSS database in $HOME/.pki/nssdb, so HOME points at a fresh directory whose database holds
 * only that CA. No certificate-error flag of any kind: a certificate the CA did not sign fails.
 *
 * `hostMap` maps hostnames to local ports (--host-resolver-rules), as the hosts file plus a
 * port forward from 443 would: the URL, the Host header, TLS SNI and cookies keep the name.
 */
export async function launchBrowserTrustingCa(options: {
  caFile: string | null;
  hostMap: Record<string, number>;
  screenshotPrefix?: string;
}): Promise<FreshBrowser> {
  const home = mkdtempSync(join(tmpdir(), "mms-home-"));
  const nssdb = join(home, ".pki", "nssdb");
  mkdirSync(nssdb, { recursive: true });
  execFileSync(CERTUTIL_PATH, ["-d", `sql:${nssdb}`, "-N", "--empty-password"]);
  if (options.caFile) {
    execFileSync(CERTUTIL_PATH, [
      "-d",
      `sql:${nssdb}`,
      "-A",
      "-t",
      "C,,",
      "-n",
      "mitel-mock-sp test CA",
      "-i",
      options.caFile,
    ]);
  }
  const rules = Object.entries(options.hostMap)
    .map(([host, port]) => `MAP ${host}:443 127.0.0.1:${port}`)
    .join(", ");
  const userDataDir = mkdtempSync(join(tmpdir(), "mms-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    env: { ...process.env, HOME: home },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      `--host-resolver-rules=${rules}`,
    ],
    viewport: { width: 1200, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    page,
    async screenshot(name) {
      await page.screenshot({
        path: join(SCREENSHOT_DIR, `${options.screenshotPrefix ?? ""}${name}.png`),
        fullPage: true,
      });
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}
