import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, SCREENSHOT_DIR } from "../helpers/browser.js";
import {
  downloadCertificateBase64,
  expectLandedAsBSimon,
  expectSignInFailure,
  openOperatorPage,
  readAppPage,
  SEEDED,
  sameThumbprint,
  simulatorAppUrl,
  testThisApplication,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * Certificate rollover on CloudLink (which accepts several signing certificates), as an admin
 * rehearses it: in Entra add a New certificate (inactive), paste both certificates into the
 * CloudLink panel, make the new one active in Entra, and sign-in still works. Then, with only the
 * old certificate configured on the Mitel side, sign-in fails with CERTIFICATE_MISMATCH naming both
 * thumbprints. Screenshots: test-results/screenshots/entra-sim-rollover-*.png.
 */
const seeded = SEEDED.cloudlink;
const SSO_PATH = `/admin/accounts/${seeded.accountId}/sso`;

describeBrowser("browser: certificate rollover through the Entra simulator", () => {
  let live: LiveRuntime;
  beforeAll(async () => {
    live = await startLiveRuntime();
  });
  afterAll(() => live?.close());

  /** CloudLink panel: paste the certificates into Signing Certificate and Save. */
  async function configureCertificates(page: Page, certificates: string[], thumbprints: string[]) {
    await openOperatorPage(page, live, SSO_PATH);
    await page.fill("#idp-certificate", certificates.join(""));
    await page.click("#sso-save");
    await page.waitForSelector(".flash .alert.ok");
    expect(await page.textContent(".flash")).toContain("Settings saved. Single Sign-On is enabled.");
    const stored = await page
      .locator(".certificates [data-sha1]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-sha1") ?? ""));
    expect(stored).toHaveLength(thumbprints.length);
    expect(stored.map((shown, i) => sameThumbprint(shown, thumbprints[i] ?? ""))).toEqual(
      thumbprints.map(() => true),
    );
  }

  it("cloudlink: new certificate, both pasted, new one active → still signs in; only the old one → CERTIFICATE_MISMATCH", {
    timeout: 60_000,
  }, async () => {
    const appUrl = await simulatorAppUrl(live, seeded.displayName);
    await withFreshBrowser("rollover-cloudlink", async (page, shot) => {
      // 1. Entra: SAML Certificates > New certificate. It is added inactive.
      await page.goto(`${appUrl}#certificate`);
      const before = await readAppPage(page);
      expect(before.thumbprints).toEqual([before.activeThumbprint]);
      const oldThumbprint = before.activeThumbprint;
      await page.click("#certificate button:has-text('New certificate')");
      await page.waitForSelector(".es-notice:has-text('A new certificate was created.')");
      const added = await readAppPage(page);
      expect(added.activeThumbprint).toBe(oldThumbprint);
      const newThumbprint = added.thumbprints.find((t) => t !== oldThumbprint) ?? "";
      expect(newThumbprint).toMatch(/^[0-9A-F]{40}$/);
      expect(
        await page.getAttribute(`[data-certificate="${newThumbprint}"]`, "data-certificate-status"),
      ).toBe("inactive");
      // What the admin sees: the new row's "Make certificate active" sits in its own column, beside
      // the downloads (not pushed under them).
      const newRow = page.locator(`#certificate tr[data-certificate="${newThumbprint}"]`);
      const download = await newRow.locator("a:has-text('Certificate (Base64)')").boundingBox();
      const activate = await newRow.locator("button:has-text('Make certificate active')").boundingBox();
      expect(download && activate && activate.x >= download.x + download.width).toBe(true);
      await page
        .locator("#certificate")
        .screenshot({ path: `${SCREENSHOT_DIR}/entra-sim-rollover-cloudlink-01-new-certificate.png` });
      const oldPem = await downloadCertificateBase64(page, oldThumbprint);
      const newPem = await downloadCertificateBase64(page, newThumbprint);
      for (const pem of [oldPem, newPem]) expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\r\n/);

      // 2. CloudLink: paste both, old then new (the panel accepts several).
      await configureCertificates(page, [oldPem, newPem], [oldThumbprint, newThumbprint]);
      await shot("02-both-certificates");

      // 3. Entra: make the new certificate active.
      await page.goto(`${appUrl}#certificate`);
      await page.click(`[data-certificate="${newThumbprint}"] button:has-text('Make certificate active')`);
      await page.waitForSelector(".es-notice:has-text('The certificate is now active')");
      expect((await readAppPage(page)).activeThumbprint).toBe(newThumbprint);

      // 4. Sign-in still works: signed with the new certificate, which Mitel already trusts.
      await testThisApplication(page, live, seeded);
      await expectLandedAsBSimon(page, live, seeded);
      await page.click("button:has-text('Sign out')");
      await page.waitForURL(`${live.spUrl}/logout`);

      // 5. Mitel side with only the old certificate (as before the rollover).
      await configureCertificates(page, [oldPem], [oldThumbprint]);

      // 6. Sign-in fails: Entra signs with the new certificate, Mitel trusts only the old one.
      await page.goto(appUrl);
      await testThisApplication(page, live, seeded);
      const text = await expectSignInFailure(page, live, seeded, "CERTIFICATE_MISMATCH");
      expect(text).toContain(`Entra signed with certificate ${newThumbprint}`);
      expect(text).toContain(`this account trusts ${oldThumbprint}`);
      await shot("03-certificate-mismatch");
    });
  });
});
