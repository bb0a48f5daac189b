import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEntraSimulator } from "../../src/idp-simulator/index.js";
import { describeBrowser, type FreshBrowser, launchFreshBrowser } from "../helpers/browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * The Mitel tutorial for Entra, walked in a fresh Chromium for each platform, from a fresh account:
 * sign in to the operator console, create the account, copy the Mitel values into the simulator's
 * Basic SAML Configuration, copy Login URL / Microsoft Entra Identifier / Certificate (Base64) back
 * into the Mitel portal, create and activate B.Simon, see the checklist go green, then sign in
 * through the Sign-on URL and land in the Mitel app. Screenshots: test-results/screenshots/admin-*.png.
 */
const PASSWORD = "operator-password-1";
const EXPIRED_CERTIFICATE = readFileSync(
  new URL("../fixtures/certificates/expired-certificate.pem", import.meta.url),
  "utf8",
);
const UPN = "B.Simon@contoso.com";

interface Walk {
  platform: "micloud" | "cloudlink";
  accountId: string;
  displayName: string;
  signOnPath: string;
}

describeBrowser("browser: the Mitel admin tutorial, step by step", () => {
  let live: LiveRuntime;
  beforeAll(async () => {
    live = await startLiveRuntime({ seeds: false });
  });
  afterAll(() => live?.close());

  /**
   * Entra side, first step: "Add Mitel Connect from the gallery". The simulator has no gallery page;
   * its own API (the one the seeds use) creates the unconfigured enterprise application, and the
   * rest is done in its pages, as an Entra admin would.
   */
  async function addMitelConnectInEntra(walk: Walk): Promise<string> {
    const simulator = await createEntraSimulator({
      kv: live.runtime.ctx.storage.keyValues,
      publicUrl: live.simulatorUrl,
    });
    await simulator.ensureMitelConnectApp({
      key: walk.accountId,
      displayName: `Mitel Connect (${walk.displayName})`,
      identifier: "",
      replyUrl: "",
      signOnUrl: "",
      assignedUpns: [UPN],
    });
    const overview = await fetch(`${live.simulatorUrl}/entra-sim/`).then((r) => r.text());
    const link = new RegExp(
      `href="/entra-sim/apps/([^"]+)"[^>]*>Mitel Connect \\(${walk.displayName}\\)<`,
    ).exec(overview);
    if (!link?.[1]) throw new Error("the simulator does not list the new application");
    return `${live.simulatorUrl}/entra-sim/apps/${link[1]}`;
  }

  /** Clicks a copy button and returns what landed on the clipboard (checks the button works). */
  async function copyWith(page: Page, targetId: string): Promise<string> {
    await page.click(`button[data-copy-target="${targetId}"]`);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const shown = await page.inputValue(`#${targetId}`);
    expect(copied).toBe(shown);
    return copied;
  }

  async function walkTutorial(walk: Walk) {
    const browser: FreshBrowser = await launchFreshBrowser();
    const shot = (step: string) => browser.screenshot(`admin-${walk.platform}-${step}`);
    try {
      const { page, context } = browser;
      for (const origin of [live.spUrl, live.simulatorUrl]) {
        await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
      }
      const entraAppUrl = await addMitelConnectInEntra(walk);

      // 1. Operator console: every page asks for the operator first.
      await page.goto(`${live.spUrl}/admin`);
      expect(new URL(page.url()).pathname).toBe("/admin/sign-in");
      await shot("01-operator-sign-in");
      await page.fill("#password", PASSWORD);
      await page.click("button:has-text('Sign in')");
      await page.waitForURL(`${live.spUrl}/admin/accounts`);

      // 2. Create the account.
      await page.check(`input[name=platform][value=${walk.platform}]`);
      await page.fill("#account-id", walk.accountId);
      await page.fill("#display-name", walk.displayName);
      await shot("02-create-account");
      await page.click("button:has-text('Create account')");
      await page.waitForURL(`${live.spUrl}/admin/accounts/${walk.accountId}`);
      expect(await page.getAttribute("[data-ready]", "data-ready")).toBe("false");
      await shot("03-account-overview-new");

      // 3. The Mitel values for Entra's Basic SAML Configuration, with the copy buttons.
      const identifier = await copyWith(page, "sp-entity-id");
      const replyUrl = await copyWith(page, "sp-reply-url");
      const firstApp = walk.platform === "micloud" ? "portal" : "accounts";
      const signOnUrl = await copyWith(page, `sp-sign-on-${firstApp}`);
      expect(signOnUrl).toBe(`${live.spUrl}${walk.signOnPath}`);

      // 4. Open the portal's Single Sign-On screen.
      await page.click("nav.admin-nav a:has-text('Settings')");
      if (walk.platform === "micloud") {
        await page.waitForURL(/\/phone-system\/add-on-features$/);
        await shot("04-add-on-features");
        await page.click("#sso-activate");
      } else {
        await page.waitForURL(/\/account-information$/);
        await shot("04-account-information");
        await page.click("#integrations-add-new");
        await page.click("#tab-3rd-party");
        await shot("05-integrations-3rd-party");
        await page.click("#entra-sso-add");
        await page.waitForSelector("#entra-sso-added");
        await page.click("#integrations-done");
        await page.waitForURL(/\/account-information$/);
        expect(await page.textContent("#integration-complete-setup")).toContain("Complete Setup");
        await shot("06-integration-added");
        await page.click("#integration-complete-setup");
      }
      await page.waitForURL(/\/sso$/);
      expect(await page.inputValue("#sp-entity-id")).toBe(identifier);
      expect(await page.inputValue("#sp-reply-url")).toBe(replyUrl);

      // 5. Entra (simulator): paste the Mitel values into Basic SAML Configuration; copy its values back.
      const entra = await context.newPage();
      await entra.goto(entraAppUrl);
      await entra.fill("#basic-identifier", identifier);
      await entra.fill("#basic-replyUrl", replyUrl);
      await entra.fill("#basic-signOnUrl", signOnUrl);
      await entra.click("#basic-saml button[type=submit]");
      await entra.waitForLoadState();
      expect(await entra.inputValue("#basic-identifier")).toBe(identifier);
      await entra.screenshot({
        path: `test-results/screenshots/admin-${walk.platform}-07-entra-basic-saml.png`,
        fullPage: true,
      });
      const loginUrl = await entra.inputValue("#setup-login-url");
      const entraIdentifier = await entra.inputValue("#setup-entra-identifier");
      const [download] = await Promise.all([
        entra.waitForEvent("download"),
        entra.click("#certificate a:has-text('Certificate (Base64)')"),
      ]);
      const certificateBase64 = readFileSync((await download.path()) as string, "utf8");
      expect(certificateBase64).toMatch(/^-----BEGIN CERTIFICATE-----\r\n/);
      const entraThumbprint = await entra.getAttribute(
        "[data-certificate-status=active]",
        "data-certificate",
      );
      const [metadataDownload] = await Promise.all([
        entra.waitForEvent("download"),
        entra.click('#certificate a[href$="/federation-metadata.xml"]'),
      ]);
      const metadataPath = (await metadataDownload.path()) as string;
      await entra.close();

      if (walk.platform === "micloud") {
        // A first try with the usual mistakes: an expired certificate and the slash left off.
        await page.fill("#idp-certificate", EXPIRED_CERTIFICATE);
        await page.fill("#idp-sign-in-url", loginUrl);
        await page.fill("#idp-entity-id", entraIdentifier.replace(/\/$/, ""));
        await page.check("#sso-enabled");
        await page.click("#sso-save");
        await page.waitForSelector("#form-errors");
        expect(await page.textContent("#form-errors")).toContain(
          "expired on 2023-01-01 (valid from 2020-01-01)",
        );
        expect(await page.textContent(".alert.warn")).toContain("the trailing slash is missing");
        await shot("08a-sso-settings-refused");
      }

      // 6. Mitel portal: paste Entra's values, enable, save.
      await page.fill("#idp-certificate", certificateBase64);
      await page.fill("#idp-sign-in-url", loginUrl);
      await page.fill("#idp-entity-id", entraIdentifier);
      await page.check("#sso-enabled");
      await shot("08-sso-settings-filled");
      await page.click("#sso-save");
      await page.waitForSelector(".flash .alert.ok");
      const flash = await page.textContent(".flash");
      expect(flash).toContain("Settings saved. Single Sign-On is enabled.");
      expect(await page.textContent(".certificates")).toContain(entraThumbprint ?? "no thumbprint");
      await shot("09-sso-settings-saved");

      if (walk.platform === "cloudlink") {
        // The other way in: Import Federation Metadata XML from the downloaded file (admin.js reads it).
        await page.click("#import-metadata summary");
        await page.setInputFiles("#metadata-file", metadataPath);
        await page.waitForFunction(() =>
          (document.getElementById("metadata-xml") as HTMLTextAreaElement).value.includes("EntityDescriptor"),
        );
        await page.click("#import-button");
        await page.waitForSelector("#import-result");
        expect(await page.textContent("#import-result")).toContain(`Sign-in URL: ${loginUrl}`);
        expect(await page.inputValue("#idp-entity-id")).toBe(entraIdentifier);
        await shot("09a-import-federation-metadata");
        await page.click("#sso-save");
        await page.waitForSelector(".flash .alert.ok");
      }

      // 7. Users: create B.Simon, then activate (MiCloud) / register (CloudLink).
      await page.click("nav.admin-nav a:has-text('Users')");
      await page.click("#add-user");
      if (walk.platform === "micloud") {
        await page.fill("#user-name", "Britta Simon");
        await page.fill("#user-email", UPN);
      } else {
        await page.fill("#user-firstName", "Britta");
        await page.fill("#user-lastName", "Simon");
        await page.fill("#user-email", UPN);
      }
      await shot("10-add-user");
      await page.click("#create-user");
      await page.waitForSelector("#user-activate");
      await page.click("#user-activate");
      await page.waitForSelector("#user-deactivate");
      expect(await page.textContent("#user-status-badge")).toBe(
        walk.platform === "micloud" ? "Active" : "Registered",
      );
      await page.click("nav.admin-nav a:has-text('Users')");
      await shot("11-users");

      // 8. The checklist is all green.
      await page.click("nav.admin-nav a:has-text('Overview')");
      expect(await page.getAttribute("[data-ready]", "data-ready")).toBe("true");
      const states = await page.$$eval("[data-step]", (els) =>
        els.map((el) => [el.getAttribute("data-step"), el.getAttribute("data-state")]),
      );
      expect(states.filter(([step]) => step !== "last-sign-in").every(([, state]) => state === "ok")).toBe(
        true,
      );
      await shot("12-checklist-green");

      // 9. Sign in as B.Simon through the Sign-on URL and land in the Mitel app.
      await page.goto(signOnUrl);
      await page.fill("#login", UPN);
      await page.click("button:has-text('Next')");
      await page.click("#sso-button");
      await page.waitForURL((url) => url.origin === live.simulatorUrl);
      expect(await page.inputValue("#sign-in-username")).toBe(UPN);
      await page.click("[data-sign-in-form] button:has-text('Sign in')");
      await page.waitForURL(`${live.spUrl}${walk.signOnPath}`);
      expect(await page.textContent("[data-nameid]")).toBe(UPN);
      await shot("13-landed");

      // 10. The checklist shows the successful sign-in, linked to its record. The ACS is reached
      // cross-site (no Lax session cookie) and starts a fresh session, so the operator may be asked
      // to sign in again; `next` brings them back to the account.
      await page.goto(`${live.spUrl}/admin/accounts/${walk.accountId}`);
      if (new URL(page.url()).pathname === "/admin/sign-in") {
        await page.fill("#password", PASSWORD);
        await page.click("button:has-text('Sign in')");
        await page.waitForURL(`${live.spUrl}/admin/accounts/${walk.accountId}`);
      }
      const lastSignIn = page.locator("[data-step=last-sign-in]");
      expect(await lastSignIn.getAttribute("data-state")).toBe("ok");
      expect(await lastSignIn.locator("a").getAttribute("href")).toMatch(
        new RegExp(`^/admin/accounts/${walk.accountId}/sign-ins/[A-Z0-9]+$`),
      );
      await shot("14-checklist-after-sign-in");
    } finally {
      await browser.close();
    }
  }

  it("MiCloud Connect: Add-On Features > Single Sign-On, users, sign-in", { timeout: 120_000 }, async () => {
    await walkTutorial({
      platform: "micloud",
      accountId: "contoso-micloud",
      displayName: "Contoso MiCloud",
      signOnPath: "/micloud/portal",
    });
  });

  it("CloudLink: Account Information > Integrations, users, sign-in", { timeout: 120_000 }, async () => {
    await walkTutorial({
      platform: "cloudlink",
      accountId: "contoso-cloudlink",
      displayName: "Contoso CloudLink",
      signOnPath: "/cloudlink/accounts",
    });
  });
});
