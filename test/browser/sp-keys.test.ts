import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../helpers/browser.js";
import {
  expectEntraError,
  expectLandedAsBSimon,
  expectSignInFailure,
  injectFaults,
  openOperatorPage,
  openSimulatorApp,
  SEEDED,
  type SeededPlatform,
  signInAtMitel,
  signInAtSimulator,
  signInStoppedAtEntra,
  visibleText,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * Signed AuthnRequests and encrypted assertions (mock only, issue 14) through the pages: the
 * switch on the account page, its certificate downloaded from SP keys and uploaded to the
 * simulator's Verification certificates / Token encryption as a person would (the file picker),
 * then sign-ins. Screenshots: test-results/screenshots/entra-sim-sp-keys-*.png.
 */

/** Account page > Advanced: set one of the SP key switches and save. */
async function setSwitch(page: Page, live: LiveRuntime, seeded: SeededPlatform, name: string, on: boolean) {
  await openOperatorPage(page, live, `/admin/accounts/${seeded.accountId}`);
  await page.click("#advanced summary");
  await page.setChecked(`input[name=${name}]`, on);
  await page.click("#advanced button:has-text('Save advanced settings')");
  await page.waitForLoadState();
  expect(await visibleText(page)).toContain("Advanced settings saved.");
}

/** Account page > SP keys: downloads the active key's certificate of this use; returns the file. */
async function downloadActiveCertificate(page: Page, use: "signing" | "encryption"): Promise<string> {
  const row = page.locator(`#sp-keys tr[data-sp-key-use="${use}"][data-sp-key-status="active"]`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.locator("a:has-text('Download certificate (.cer)')").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.cer$/);
  return download.path();
}

/** On the simulator's app page: SAML Signing Certificate > Verification certificates, upload this file. */
async function uploadVerificationCertificate(page: Page, file: string) {
  await page.setInputFiles("#verification-file", file);
  await page.waitForFunction(() =>
    (document.getElementById("verification-certificate") as HTMLTextAreaElement).value.includes(
      "BEGIN CERTIFICATE",
    ),
  );
  await page.click("button:has-text('Add verification certificate')");
  await page.waitForSelector(".es-notice:has-text('Verification certificate uploaded.')");
}

/** On the simulator's app page: tick Require verification certificates and save. */
async function requireVerificationCertificates(page: Page) {
  await page.setChecked("#require-verification", true);
  await page.click("#certificate form[action$='/verification-required'] button:has-text('Save')");
  await page.waitForSelector(".es-notice:has-text('Verification certificate settings saved.')");
}

describeBrowser(
  "browser: signed AuthnRequests and encrypted assertions (mock only) through the simulator",
  () => {
    let live: LiveRuntime;
    beforeAll(async () => {
      live = await startLiveRuntime();
    });
    afterAll(() => live?.close());

    it("Require verification certificates: a signed request signs in, Test this application is unavailable, an unsigned one gets AADSTS76021", async () => {
      const seeded = SEEDED.micloud;
      await withFreshBrowser("sp-keys-signed", async (page, shot, browser) => {
        await setSwitch(page, live, seeded, "signAuthnRequests", true);
        const file = await downloadActiveCertificate(page, "signing");
        await shot("account-sp-keys");

        await openSimulatorApp(page, live, seeded.displayName);
        await uploadVerificationCertificate(page, file);
        await requireVerificationCertificates(page);
        expect(await page.locator("[data-verification-certificate]").count()).toBe(1);
        expect(await visibleText(page)).toContain(
          "Testing is unavailable while “Require verification certificates” is on",
        );
        expect(await page.locator("[data-test-application]").count()).toBe(0);
        await shot("simulator-verification");

        await page.goto(`${live.spUrl}${seeded.signOnPath}`);
        await signInAtMitel(page, live, seeded);
        await signInAtSimulator(page, live, seeded);
        await expectLandedAsBSimon(page, live, seeded);

        // Signed in at the Mitel side: start again without cookies, as the Sign-on URL would
        // otherwise show the landing page.
        await browser.context.clearCookies();
        await setSwitch(page, live, seeded, "signAuthnRequests", false);
        await browser.context.clearCookies();
        await page.goto(`${live.spUrl}${seeded.signOnPath}`);
        await signInStoppedAtEntra(page, live, seeded);
        const text = await expectEntraError(page, live, "AADSTS76021");
        expect(text).toContain(
          "The request sent by client is not signed while the application requires signed requests.",
        );
        await shot("unsigned-refused");
      });
      // Two sign-ins, two console and four simulator round trips in one browser: ~15 s on a quiet
      // two-core machine, so the 30 s default is too tight when the machine is busy.
    }, 90_000);

    it("Token encryption: an encrypted assertion signs in; encrypted for another certificate it fails with its code, cause and fix", async () => {
      const seeded = SEEDED.cloudlink;
      await withFreshBrowser("sp-keys-encrypted", async (page, shot, browser) => {
        await setSwitch(page, live, seeded, "encryptedAssertions", true);
        const file = await downloadActiveCertificate(page, "encryption");

        const appUrl = await openSimulatorApp(page, live, seeded.displayName);
        await page.setInputFiles("#token-encryption-file", file);
        await page.waitForFunction(() =>
          (document.getElementById("token-encryption-certificate") as HTMLTextAreaElement).value.includes(
            "BEGIN CERTIFICATE",
          ),
        );
        await page.click("button:has-text('Add token encryption certificate')");
        await page.waitForSelector(".es-notice:has-text('Token encryption certificate imported.')");
        await page.click(
          "[data-token-encryption-certificate] button:has-text('Activate token encryption certificate')",
        );
        await page.waitForSelector(".es-notice:has-text('Token encryption certificate activated')");
        await shot("simulator-token-encryption");

        await page.goto(`${live.spUrl}${seeded.signOnPath}`);
        await signInAtMitel(page, live, seeded);
        await signInAtSimulator(page, live, seeded);
        await expectLandedAsBSimon(page, live, seeded);

        await injectFaults(page, appUrl, { checkboxes: ["encryptWithUnknownCertificate"] });
        await browser.context.clearCookies();
        await page.goto(`${live.spUrl}${seeded.signOnPath}`);
        await signInAtMitel(page, live, seeded);
        await signInAtSimulator(page, live, seeded);
        await expectSignInFailure(page, live, seeded, "ASSERTION_DECRYPTION_FAILED");
        expect(await page.textContent("[data-cause]")).toContain("None of this account's decryption key");
        expect(await page.textContent("[data-fix]")).toContain("Token encryption");
        await shot("wrong-key-failure");
        await injectFaults(page, appUrl);
      });
      // As above: ~20 s quiet.
    }, 90_000);

    it("Require verification certificates: a new signing key made active before its certificate is uploaded gets AADSTS76023; uploading it fixes the sign-in", async () => {
      const seeded = SEEDED.cloudlink;
      await withFreshBrowser("sp-keys-rotated-too-early", async (page, shot, browser) => {
        await setSwitch(page, live, seeded, "signAuthnRequests", true);
        const oldKeyFile = await downloadActiveCertificate(page, "signing");
        const appUrl = await openSimulatorApp(page, live, seeded.displayName);
        await uploadVerificationCertificate(page, oldKeyFile);
        await requireVerificationCertificates(page);

        // The rotation done in the wrong order: the new key is made active before Entra knows it.
        await openOperatorPage(page, live, `/admin/accounts/${seeded.accountId}`);
        const signingKeys = page.locator("#sp-keys tr[data-sp-key-use=signing]");
        const before = await signingKeys.count();
        await page.click("#sp-keys button:has-text('New signing key')");
        await page.waitForLoadState();
        expect(await signingKeys.count()).toBe(before + 1);
        await page.click(
          "#sp-keys tr[data-sp-key-use=signing][data-sp-key-status=published] button:has-text('Make active')",
        );
        await page.waitForLoadState();
        expect(
          await page.locator("#sp-keys tr[data-sp-key-use=signing][data-sp-key-status=active]").count(),
        ).toBe(1);
        const newKeyFile = await downloadActiveCertificate(page, "signing");
        await shot("new-key-active");

        await page.goto(`${live.spUrl}${seeded.signOnPath}`);
        await signInStoppedAtEntra(page, live, seeded);
        await expectEntraError(page, live, "AADSTS76023");
        expect(await page.textContent("[data-error-message]")).toBe(
          "AADSTS76023: The signature of the received authentication request is invalid, please contact the administrator to resolve the issue.",
        );
        await shot("signature-invalid");

        // The fix the code's explanation gives: upload the active key's certificate to Entra.
        await page.goto(appUrl);
        await uploadVerificationCertificate(page, newKeyFile);
        await browser.context.clearCookies();
        await page.goto(`${live.spUrl}${seeded.signOnPath}`);
        await signInAtMitel(page, live, seeded);
        await signInAtSimulator(page, live, seeded);
        await expectLandedAsBSimon(page, live, seeded);
      });
      // Two sign-ins and several console and simulator pages: ~15 s quiet, as the first test.
    }, 90_000);
  },
);
