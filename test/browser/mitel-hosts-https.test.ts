import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../../src/composition.js";
import { loadConfig } from "../../src/config/load-config.js";
import { createLogger } from "../../src/log.js";
import { type WrittenTls, writeLocalTls } from "../../src/tls/make-local-tls.js";
import { describeBrowser } from "../helpers/browser.js";
import {
  editBasicSamlConfiguration,
  expectLandedAsBSimon,
  openSimulatorApp,
  readAppPage,
  SEEDED,
  type SeededPlatform,
  signInAtMitel,
  signInAtSimulator,
  testThisApplication,
  UPN,
} from "../helpers/entra-sim-browser.js";
import type { LiveRuntime } from "../helpers/live-runtime.js";
import { CERTUTIL_PATH, launchBrowserTrustingCa } from "../helpers/trusting-browser.js";

/**
 * Issue 13's end-to-end proof: the service with the Mitel-shaped URL profile, over HTTPS with a
 * certificate from `npm run tls`, reached by Chromium at Mitel's own hostnames
 * (portal.shoretelsky.com, teamwork.shoretel.com, accounts.mitel.io, authentication.api.mitel.io:
 * --host-resolver-rules plays the hosts file and the 443 forward). Chromium trusts the generated CA
 * through its NSS database, with no certificate-error bypass. The simulator is
 * https://127.0.0.1:<port>, another site than every Mitel host. B.Simon signs in for both
 * platforms from My Apps, Test this application and a direct visit.
 */
const MITEL_HOSTS = [
  "portal.shoretelsky.com",
  "teamwork.shoretel.com",
  "accounts.mitel.io",
  "authentication.api.mitel.io",
];
const hasCertutil = existsSync(CERTUTIL_PATH);
if (!hasCertutil && process.env.REQUIRE_BROWSER_TESTS === "1") {
  throw new Error(`REQUIRE_BROWSER_TESTS=1 but ${CERTUTIL_PATH} is missing (apt-get install libnss3-tools)`);
}
const describeWithCertutil = hasCertutil ? describeBrowser : describeBrowser.skip;

/** What the helpers need of a live runtime: the simulator's origin and where the Mitel app lives. */
const at = (live: { simulatorUrl: string }, origin: string) => ({ ...live, spUrl: origin }) as LiveRuntime;

describeWithCertutil("browser: a Mitel-shaped gallery app over HTTPS at Mitel's hostnames", () => {
  let dir: string;
  let tls: WrittenTls;
  let server: Server;
  let port: number;
  let runtime: Runtime;
  let live: { simulatorUrl: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mms-mitel-hosts-"));
    tls = await writeLocalTls({
      dir: join(dir, "tls"),
      hosts: [...MITEL_HOSTS, "localhost", "127.0.0.1"],
      port: 0,
    });
    let handler: Parameters<typeof createServer>[1] = (_req, res) => res.end("starting");
    server = createServer(
      { cert: readFileSync(tls.files.cert), key: readFileSync(tls.files.key) },
      (req, res) => handler?.(req, res),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    live = { simulatorUrl: `https://127.0.0.1:${port}` };
    const config = loadConfig({
      env: process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {},
      overrides: {
        server: { publicUrl: `https://localhost:${port}`, port },
        storage: { dataDir: join(dir, "data") },
        // The simulator holds its gallery apps to Mitel Connect's URL patterns, as Entra does.
        simulator: { enabled: true, publicUrl: live.simulatorUrl, enforceGalleryPatterns: true },
        admin: { password: "operator-password-1", token: "test-admin-token-0123456789abcdef" },
        log: { level: "silent" },
        urls: { profile: "mitel" },
      },
    });
    runtime = await createRuntime(config, {
      logger: createLogger("silent"),
      backgroundJobs: false,
      ...(process.env.DATABASE_URL ? { pgSchema: `mms_i13_${Math.random().toString(36).slice(2, 10)}` } : {}),
    });
    handler = runtime.app;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await runtime?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scenario = async (
    name: string,
    run: (b: Awaited<ReturnType<typeof launchBrowserTrustingCa>>) => Promise<void>,
  ) => {
    const browser = await launchBrowserTrustingCa({
      caFile: tls.files.ca,
      hostMap: Object.fromEntries(MITEL_HOSTS.map((h) => [h, port])),
      screenshotPrefix: `mitel-hosts-${name}-`,
    });
    try {
      await run(browser);
    } finally {
      await browser.close();
    }
  };

  const cases: Array<{ seeded: SeededPlatform; origin: string }> = [
    { seeded: { ...SEEDED.micloud, signOnPath: "/" }, origin: "https://portal.shoretelsky.com" },
    { seeded: { ...SEEDED.cloudlink, signOnPath: "/" }, origin: "https://accounts.mitel.io" },
  ];

  it("without the CA, Chromium refuses the certificate (nothing here bypasses certificate errors)", async () => {
    const browser = await launchBrowserTrustingCa({
      caFile: null,
      hostMap: { "portal.shoretelsky.com": port },
    });
    try {
      await expect(browser.page.goto("https://portal.shoretelsky.com/")).rejects.toThrow(
        /ERR_CERT_AUTHORITY_INVALID/,
      );
    } finally {
      await browser.close();
    }
  });

  for (const { seeded, origin } of cases) {
    const { platform } = seeded;

    it(`${platform}: the simulator's app holds the Mitel-shaped Identifier, Reply URL and Sign-on URL; Test this application signs B.Simon in`, async () => {
      await scenario(`${platform}-test-application`, async (b) => {
        await openSimulatorApp(b.page, at(live, origin), seeded.displayName);
        const values = await readAppPage(b.page);
        const account = await runtime.ctx.accounts.require(seeded.accountId);
        expect(values.identifier).toBe(
          `https://authentication.api.mitel.io/2017-09-01/saml2/${account.uuid}`,
        );
        expect(values.replyUrl).toBe(`${values.identifier}/consume`);
        expect(values.signOnUrl).toBe(origin);
        await b.screenshot("01-app-page");
        await testThisApplication(b.page, at(live, origin), seeded);
        await expectLandedAsBSimon(b.page, at(live, origin), seeded);
        await b.screenshot("02-landed");
      });
    });

    it(`${platform}: a direct visit to ${origin}`, async () => {
      await scenario(`${platform}-direct`, async (b) => {
        const posts: string[] = [];
        b.page.on("request", (r) => {
          if (r.method() === "POST" && r.postData()?.includes("SAMLResponse=")) posts.push(r.url());
        });
        await b.page.goto(`${origin}/`);
        expect(await b.page.locator("[data-nameid]").count()).toBe(0);
        expect(await b.page.title()).toContain(`Sign in to ${seeded.appName}`);
        await signInAtMitel(b.page, at(live, origin), seeded);
        await signInAtSimulator(b.page, at(live, origin), seeded);
        await expectLandedAsBSimon(b.page, at(live, origin), seeded);
        const account = await runtime.ctx.accounts.require(seeded.accountId);
        // The response went to the Mitel-shaped Reply URL, over HTTPS, cross-site from the simulator.
        expect(posts).toEqual([
          `https://authentication.api.mitel.io/2017-09-01/saml2/${account.uuid}/consume`,
        ]);
        await b.screenshot("landed");
      });
    });

    it(`${platform}: the My Apps tile`, async () => {
      await scenario(`${platform}-my-apps`, async (b) => {
        await b.page.goto(`${live.simulatorUrl}/entra-sim/my-apps`);
        await b.page.selectOption("#my-apps-user", UPN);
        await b.page.click("button:has-text('Show my apps')");
        await b.page.waitForSelector(`[data-my-apps-user="${UPN}"]`);
        await b.page.click(`[data-app-tile="${seeded.displayName}"]`);
        await b.page.waitForURL(`${origin}/`);
        await signInAtMitel(b.page, at(live, origin), seeded);
        await signInAtSimulator(b.page, at(live, origin), seeded);
        await expectLandedAsBSimon(b.page, at(live, origin), seeded);
        await b.screenshot("landed");
      });
    });
  }

  it("the gallery app refuses this service's own URLs in Basic SAML Configuration, with the patterns shown", async () => {
    await scenario("gallery-patterns", async (b) => {
      const appUrl = await openSimulatorApp(
        b.page,
        at(live, "https://portal.shoretelsky.com"),
        SEEDED.micloud.displayName,
      );
      const before = await b.page.inputValue("#basic-identifier");
      const own = `https://localhost:${port}/micloud/${SEEDED.micloud.accountId}/saml/metadata`;
      await editBasicSamlConfiguration(b.page, appUrl, { identifier: own }, false);
      const shown = await b.page.textContent('[data-field-error="identifier"]');
      expect(shown).toContain(
        `The Identifier (Entity ID) '${own}' does not match the expected pattern for this application.`,
      );
      expect(await b.page.textContent('[data-field-patterns="identifier"]')).toContain(
        "https://authentication.api.mitel.io/2017-09-01/saml2/<account-uuid>",
      );
      await b.screenshot("refused");
      await b.page.goto(appUrl);
      expect(await b.page.inputValue("#basic-identifier")).toBe(before);
    });
  });

  it("micloud: Teamwork's own Sign-on URL, https://teamwork.shoretel.com", async () => {
    const seeded = { ...SEEDED.micloud, signOnPath: "/", appName: "Teamwork" };
    const origin = "https://teamwork.shoretel.com";
    await scenario("micloud-teamwork", async (b) => {
      await b.page.goto(`${origin}/`);
      await signInAtMitel(b.page, at(live, origin), seeded);
      await signInAtSimulator(b.page, at(live, origin), seeded);
      await expectLandedAsBSimon(b.page, at(live, origin), seeded);
    });
  });
});
