import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../helpers/browser.js";
import {
  expectLandedAsBSimon,
  openOperatorPage,
  openSimulatorApp,
  SEEDED,
  signInAtMitel,
  signInAtSimulator,
  visibleText,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * Single sign-out (mock only) as an admin sets it up and a user lives it, in a real browser with
 * the SP and the simulator on different sites (the LogoutResponse and LogoutRequest arrive at the
 * SP as cross-site top-level redirects, as from login.microsoftonline.com). Screenshots:
 * test-results/screenshots/entra-sim-single-sign-out-*.png.
 */
const seeded = SEEDED.micloud;

/**
 * Both sides of the setup: Entra's Logout URL (Set up Mitel Connect) into the account's Advanced >
 * Single sign-out, and the account's Single Logout endpoint into the app's Logout Url.
 */
async function setUpSingleSignOut(page: Page, live: LiveRuntime) {
  const appUrl = await openSimulatorApp(page, live, seeded.displayName);
  const entraLogoutUrl = await page.inputValue("#setup-logout-url");
  expect(entraLogoutUrl).toMatch(/\/saml2$/);

  await openOperatorPage(page, live, `/admin/accounts/${seeded.accountId}`);
  await page.click("#advanced summary");
  expect(await visibleText(page)).toContain("Single sign-out mock only");
  await page.fill("#adv-logout-url", entraLogoutUrl);
  const sloUrl = (await page.textContent("[data-copy=slo-url]")) ?? "";
  expect(sloUrl).toBe(`${live.spUrl}/micloud/${seeded.accountId}/saml/logout`);
  await page.click("#advanced button:has-text('Save advanced settings')");
  await page.waitForLoadState();
  expect(await visibleText(page)).toContain("Advanced settings saved.");

  await page.goto(appUrl);
  await page.fill("#basic-logoutUrl", sloUrl);
  await page.click("#basic-saml button[type=submit]");
  await page.waitForSelector(".es-notice:has-text('Basic SAML Configuration saved.')");
}

async function signIn(page: Page, live: LiveRuntime) {
  await page.goto(`${live.spUrl}${seeded.signOnPath}`);
  await signInAtMitel(page, live, seeded);
  await signInAtSimulator(page, live, seeded);
  await expectLandedAsBSimon(page, live, seeded);
}

async function expectSignedOutOfMitel(page: Page, live: LiveRuntime) {
  await page.goto(`${live.spUrl}${seeded.signOnPath}`);
  expect(await page.locator("[data-nameid]").count()).toBe(0);
  expect(await page.textContent("label[for=login]")).toBe(seeded.loginLabel);
}

describeBrowser("browser: single sign-out (mock only) through the simulator", () => {
  let live: LiveRuntime;
  beforeAll(async () => {
    live = await startLiveRuntime();
  });
  afterAll(() => live?.close());

  it("SP-initiated: Sign out on the Mitel page signs out at Entra too, which confirms", async () => {
    await withFreshBrowser("single-sign-out-sp-initiated", async (page, shot) => {
      await setUpSingleSignOut(page, live);
      await signIn(page, live);
      // The sign-in log shows the AuthnRequest that started this sign-in, next to the response.
      await page.goto(`${live.spUrl}/admin/accounts/${seeded.accountId}/sign-ins`);
      await page.click("tr[data-outcome=success] td a");
      await page.waitForSelector("[data-authn-request]");
      const log = await visibleText(page);
      expect(log).toContain("AuthnRequest (what started this sign-in)");
      expect(log).toContain("HTTP-Redirect");
      expect(log).toContain("Not signed");
      expect(await page.textContent("#authn-request-xml")).toContain("<samlp:AuthnRequest");
      await shot("sign-in-log-authn-request");
      await page.goto(`${live.spUrl}${seeded.signOnPath}`);
      await page.click("button:has-text('Sign out')");
      await page.waitForSelector("[data-signed-out]");
      expect(
        page.url().startsWith(`${live.spUrl}/micloud/${seeded.accountId}/saml/logout?SAMLResponse=`),
      ).toBe(true);
      expect(await page.getAttribute("[data-signed-out]", "data-signed-out")).toBe("entra");
      expect(await visibleText(page)).toContain(
        "Microsoft Entra ID confirmed that you are signed out there too",
      );
      await shot("signed-out");
      // Signed out at the simulator as well: My Apps knows nobody.
      await page.goto(`${live.simulatorUrl}/entra-sim/my-apps`);
      expect(await page.locator("[data-signed-in-as]").count()).toBe(0);
      await expectSignedOutOfMitel(page, live);
    });
  });

  it("IdP-initiated: Sign out in My Apps ends the Mitel session through its Single Logout endpoint", async () => {
    await withFreshBrowser("single-sign-out-idp-initiated", async (page, shot) => {
      await setUpSingleSignOut(page, live);
      await signIn(page, live);
      await page.goto(`${live.simulatorUrl}/entra-sim/my-apps`);
      expect(await page.getAttribute("[data-signed-in-as]", "data-signed-in-as")).toBe("B.Simon@contoso.com");
      await page.click("[data-signed-in-as] button:has-text('Sign out')");
      await page.waitForSelector("[data-entra-signed-out]");
      // Through the Mitel side and back to Entra's page.
      expect(new URL(page.url()).origin).toBe(live.simulatorUrl);
      const text = await visibleText(page);
      expect(text).toContain("You signed out of your account");
      expect(text).toContain(`${seeded.displayName}: signed out`);
      await shot("entra-signed-out");
      await expectSignedOutOfMitel(page, live);
    });
  });
});
