import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../helpers/browser.js";
import {
  expectLandedAsBSimon,
  openSimulatorApp,
  SEEDED,
  signInAtMitel,
  signInAtSimulator,
  UPN,
  visibleText,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * The tutorial's "Test SSO" section, for each platform: the three ways in, each from a clean
 * browser, against the default configuration (both seeded Mitel accounts wired to the simulator,
 * B.Simon active). The SP is http://localhost:<port>, the simulator http://127.0.0.1:<port>: the
 * SAML POST to the ACS is cross-site, as it is from login.microsoftonline.com.
 * Screenshots: test-results/screenshots/entra-sim-<platform>-*.png.
 */
describeBrowser("browser: the three ways in, through the Entra simulator", () => {
  let live: LiveRuntime;
  beforeAll(async () => {
    live = await startLiveRuntime();
  });
  afterAll(() => live?.close());

  for (const seeded of [SEEDED.micloud, SEEDED.cloudlink]) {
    const { platform } = seeded;
    const signOnUrl = () => `${live.spUrl}${seeded.signOnPath}`;

    it(`${platform}: "Test this application" in the simulator`, async () => {
      await withFreshBrowser(`${platform}-test-application`, async (page, shot) => {
        await openSimulatorApp(page, live, seeded.displayName);
        expect(await visibleText(page)).toContain("Entra simulator — not Microsoft Entra ID.");
        expect(await page.inputValue("#basic-signOnUrl")).toBe(signOnUrl());
        await shot("01-app-page");
        await page.click("[data-test-application]");
        await page.waitForURL(signOnUrl());
        await shot("02-mitel-sign-in");
        await signInAtMitel(page, live, seeded);
        await shot("03-entra-sign-in");
        await signInAtSimulator(page, live, seeded);
        await expectLandedAsBSimon(page, live, seeded);
        await shot("04-landed");
      });
    });

    it(`${platform}: a direct visit to the Sign-on URL`, async () => {
      await withFreshBrowser(`${platform}-direct`, async (page, shot) => {
        await page.goto(signOnUrl());
        // Nobody is signed in yet: the Mitel sign-in page, no identity shown.
        expect(await page.locator("[data-nameid]").count()).toBe(0);
        expect(await page.title()).toContain(`Sign in to ${seeded.appName}`);
        await signInAtMitel(page, live, seeded);
        await signInAtSimulator(page, live, seeded);
        await expectLandedAsBSimon(page, live, seeded);
        await shot("landed");
      });
    });

    it(`${platform}: the My Apps tile`, async () => {
      await withFreshBrowser(`${platform}-my-apps`, async (page, shot) => {
        await page.goto(`${live.simulatorUrl}/entra-sim/my-apps`);
        await page.selectOption("#my-apps-user", UPN);
        await page.click("button:has-text('Show my apps')");
        await page.waitForSelector(`[data-my-apps-user="${UPN}"]`);
        // Each tile shows a letters-only logo, and the two Contoso tiles can be told apart.
        const logos = await page.locator("[data-app-tile] .es-tile-logo").allTextContents();
        expect(logos).toHaveLength(2);
        for (const logo of logos) expect(logo).toMatch(/^[A-Z0-9]{1,2}$/);
        expect(new Set(logos).size).toBe(2);
        await shot("01-tiles");
        await page.click(`[data-app-tile="${seeded.displayName}"]`);
        await page.waitForURL(signOnUrl());
        await signInAtMitel(page, live, seeded);
        await signInAtSimulator(page, live, seeded);
        await expectLandedAsBSimon(page, live, seeded);
        await shot("02-landed");
      });
    });
  }
});
