import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Request } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRuntime } from "../../src/composition.js";
import { loadConfig } from "../../src/config/load-config.js";
import { createLogger } from "../../src/log.js";
import { describeBrowser } from "../helpers/browser.js";
import {
  expectLandedAsBSimon,
  SEEDED,
  signInAtMitel,
  signInAtSimulator,
} from "../helpers/entra-sim-browser.js";
import type { LiveRuntime } from "../helpers/live-runtime.js";
import { launchBrowser, listen, selfSignedLocalhost } from "../security/support/browser-kit.js";

/**
 * The browser binding over https: the whole service behind node:https with a self-signed
 * certificate for localhost (Chromium is told to accept it, as it would a real one), PUBLIC_URL
 * https://localhost:<port>, the simulator at https://127.0.0.1:<port> (another site). The
 * cross-site SAMLResponse POST must carry the binding cookie, and every cookie must be Secure.
 */
const seeded = SEEDED.micloud;
const acsPath = `/${seeded.platform}/${seeded.accountId}/saml/acs`;

async function startHttpsRuntime(): Promise<LiveRuntime> {
  const tls = await selfSignedLocalhost();
  const server = await listen(tls);
  const dataDir = mkdtempSync(join(tmpdir(), "mms-https-"));
  const spUrl = `https://localhost:${server.port}`;
  const simulatorUrl = `https://127.0.0.1:${server.port}`;
  const config = loadConfig({
    env: process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {},
    overrides: {
      server: { publicUrl: spUrl, port: server.port },
      storage: { dataDir },
      simulator: { enabled: true, publicUrl: simulatorUrl },
      admin: { password: "operator-password-1", token: "test-admin-token-0123456789abcdef" },
      log: { level: "silent" },
    },
  });
  const pgSchema = process.env.DATABASE_URL
    ? `mms_https_${Math.random().toString(36).slice(2, 10)}`
    : undefined;
  const runtime = await createRuntime(config, {
    logger: createLogger("silent"),
    backgroundJobs: false,
    ...(pgSchema ? { pgSchema } : {}),
  });
  server.attach(runtime.app);
  return {
    runtime,
    spUrl,
    simulatorUrl,
    async close() {
      await server.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describeBrowser("browser: the sign-in binding over https", () => {
  let live: LiveRuntime;
  beforeAll(async () => {
    live = await startHttpsRuntime();
  });
  afterAll(() => live?.close());

  it("a full sign-in through the simulator over https: binding cookie sent cross-site, cookies Secure, HSTS", async () => {
    const browser = await launchBrowser({ acceptSelfSigned: true });
    try {
      const { page, context } = browser;
      let acsHeaders: Record<string, string> | undefined;
      page.on("request", async (request: Request) => {
        if (request.method() === "POST" && request.url() === `${live.spUrl}${acsPath}`)
          acsHeaders = await request.allHeaders();
      });
      const first = await page.goto(`${live.spUrl}${seeded.signOnPath}`);
      expect(first?.url()).toBe(`${live.spUrl}${seeded.signOnPath}`);
      expect((await first?.allHeaders())?.["strict-transport-security"]).toMatch(/max-age=\d+/);

      await signInAtMitel(page, live, seeded);
      const binding = (await context.cookies(live.spUrl)).find((c) => c.name === "mms_sso_binding");
      expect(binding).toMatchObject({ sameSite: "None", secure: true, httpOnly: true });

      await signInAtSimulator(page, live, seeded);
      await expectLandedAsBSimon(page, live, seeded);
      await browser.screenshot("binding-https-landed");

      expect(acsHeaders?.["sec-fetch-site"]).toBe("cross-site");
      expect(acsHeaders?.cookie ?? "").toContain(`mms_sso_binding=${binding?.value}`);
      const session = (await context.cookies(live.spUrl)).find((c) => c.name === "mms_session");
      expect(session).toMatchObject({ sameSite: "Lax", httpOnly: true, secure: true });
    } finally {
      await browser.close();
    }
  });
});
