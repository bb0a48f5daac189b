import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../helpers/browser.js";
import {
  expectLandedAsBSimon,
  expectSignInFailure,
  openOperatorPage,
  SEEDED,
  type SeededPlatform,
  signInAtMitel,
  signInAtSimulator,
  simulatorAppUrl,
  visibleText,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * The mock-only AuthnRequest options through the pages (issue 14): set on the account page's
 * Advanced section, sent to the Entra simulator, honoured there. Screenshots:
 * test-results/screenshots/entra-sim-request-options-*.png.
 */

/** Account page > Advanced > AuthnRequest options: set them and save. */
async function setRequestOptions(
  page: Page,
  live: LiveRuntime,
  seeded: SeededPlatform,
  options: { forceAuthn: boolean; nameIdPolicyFormat: string },
) {
  await openOperatorPage(page, live, `/admin/accounts/${seeded.accountId}`);
  await page.click("#advanced summary");
  await page.setChecked("input[name=forceAuthn]", options.forceAuthn);
  await page.selectOption("#adv-nameid-policy", options.nameIdPolicyFormat);
  await page.click("#advanced button:has-text('Save advanced settings')");
  await page.waitForLoadState();
  expect(await visibleText(page)).toContain("Advanced settings saved.");
}

describeBrowser("browser: ForceAuthn and NameIDPolicy Format (mock only) through the simulator", () => {
  let live: LiveRuntime;
  beforeAll(async () => {
    live = await startLiveRuntime();
  });
  afterAll(() => live?.close());

  it("ForceAuthn: signed in at the simulator, its sign-in page still asks, and says why", async () => {
    const seeded = SEEDED.micloud;
    await withFreshBrowser("request-options-force-authn", async (page, shot, browser) => {
      await setRequestOptions(page, live, seeded, { forceAuthn: true, nameIdPolicyFormat: "unspecified" });
      await page.goto(`${live.spUrl}${seeded.signOnPath}`);
      await signInAtMitel(page, live, seeded);
      // No simulator session yet: the ordinary sign-in page.
      expect(await page.locator("[data-force-authn]").count()).toBe(0);
      await signInAtSimulator(page, live, seeded);
      await expectLandedAsBSimon(page, live, seeded);

      // Leave the Mitel side only (its cookies), keep the simulator's session, and sign in again.
      const simulatorHost = new URL(live.simulatorUrl).hostname;
      const kept = (await browser.context.cookies()).filter((c) => c.domain === simulatorHost);
      expect(kept.length).toBeGreaterThan(0);
      await browser.context.clearCookies();
      await browser.context.addCookies(kept);
      await page.goto(`${live.spUrl}${seeded.signOnPath}`);
      await signInAtMitel(page, live, seeded);
      expect(await page.textContent("[data-force-authn]")).toContain(
        "asks you to sign in again (ForceAuthn)",
      );
      await shot("sign-in-again");
      await signInAtSimulator(page, live, seeded);
      await expectLandedAsBSimon(page, live, seeded);
    });
  });

  it("NameIDPolicy emailAddress the app cannot satisfy: Entra's error status, shown as IDP_ERROR_STATUS with AADSTS75016", async () => {
    const seeded = SEEDED.cloudlink;
    await withFreshBrowser("request-options-nameid-policy", async (page, shot) => {
      await setRequestOptions(page, live, seeded, { forceAuthn: false, nameIdPolicyFormat: "emailAddress" });
      // In the simulator: Attributes & Claims, Name identifier from the opaque persistent value.
      await page.goto(`${await simulatorAppUrl(live, seeded.displayName)}#claims`);
      await page.selectOption("#nameid-source", "persistent");
      await page.selectOption("#nameid-format", "default");
      await page.click("#claims button:has-text('Save')");
      await page.waitForLoadState();

      await page.goto(`${live.spUrl}${seeded.signOnPath}`);
      await signInAtMitel(page, live, seeded);
      await signInAtSimulator(page, live, seeded);
      const text = await expectSignInFailure(page, live, seeded, "IDP_ERROR_STATUS");
      expect(text).toContain("AADSTS75016");
      await shot("failure-page");
    });
  });
});
