import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FreshBrowser, launchFreshBrowser } from "./browser.js";

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
  return launchFreshBrowser({
    screenshotPrefix: options.screenshotPrefix,
    env: { ...process.env, HOME: home },
    args: [`--host-resolver-rules=${rules}`],
    cleanUp: () => rmSync(home, { recursive: true, force: true }),
  });
}
