import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../helpers/browser.js";
import {
  editBasicSamlConfiguration,
  expectEntraError,
  expectLandedAsBSimon,
  readAppPage,
  SEEDED,
  signInAtMitel,
  signInAtSimulator,
  signInStoppedAtEntra,
  simulatorAppUrl,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * The two sides disagree, so Entra refuses the AuthnRequest on its own error page and the response
 * never reaches Mitel: AADSTS50011 (the Reply URL in Entra is not the one Mitel asks for) and
 * AADSTS700016 (no application has the Identifier Mitel sends as Issuer), rehearsed from both
 * sides. Then fixed as the page says, and signed in. Each from a clean browser.
 * Screenshots: test-results/screenshots/entra-sim-disagree-*.png.
 */
describeBrowser("browser: Entra and Mitel disagree → the Entra error page", () => {
  let live: LiveRuntime;
  beforeAll(async () => {
    live = await startLiveRuntime();
  });
  afterAll(() => live?.close());

  it("micloud: Reply URL in Entra is not Mitel's → AADSTS50011; pasting Mitel's Reply URL fixes it", async () => {
    const seeded = SEEDED.micloud;
    const appUrl = await simulatorAppUrl(live, seeded.displayName);
    await withFreshBrowser("disagree-micloud-aadsts50011", async (page, shot) => {
      await page.goto(appUrl);
      const mitel = await readAppPage(page);
      expect(mitel.replyUrl).toBe(`${live.spUrl}/micloud/${seeded.accountId}/saml/acs`);

      // Entra refuses plain http except on localhost, as the real portal does.
      const plainHttp = "http://mitel.example.com/saml/acs";
      await editBasicSamlConfiguration(page, appUrl, { replyUrl: plainHttp }, false);
      expect(await page.textContent("[data-field-error=replyUrl]")).toContain(
        `must begin with 'https' or 'http://localhost'. '${plainHttp}' is not allowed.`,
      );

      // A typical slip: https where Mitel says http.
      const typo = mitel.replyUrl.replace(/^http:/, "https:");
      await editBasicSamlConfiguration(page, appUrl, { replyUrl: typo });
      await page.click("[data-test-application]");
      await page.waitForURL(`${live.spUrl}${seeded.signOnPath}`);
      await signInStoppedAtEntra(page, live, seeded);
      const text = await expectEntraError(page, live, "AADSTS50011");
      expect(text).toContain(`The redirect URI '${mitel.replyUrl}' specified in the request does not match`);
      expect(text).toContain(typo);
      expect(text).toContain(`configured for the application '${mitel.appId}'`);
      await shot("entra-error");

      // Fixed in Entra with Mitel's value: the same sign-in works.
      await editBasicSamlConfiguration(page, appUrl, { replyUrl: mitel.replyUrl });
      await page.click("[data-test-application]");
      await page.waitForURL(`${live.spUrl}${seeded.signOnPath}`);
      await signInAtMitel(page, live, seeded);
      await signInAtSimulator(page, live, seeded);
      await expectLandedAsBSimon(page, live, seeded);
    });
  });

  it("micloud: Identifier in Entra is not Mitel's → AADSTS700016", async () => {
    const seeded = SEEDED.micloud;
    const appUrl = await simulatorAppUrl(live, seeded.displayName);
    await withFreshBrowser("disagree-micloud-aadsts700016", async (page) => {
      await page.goto(appUrl);
      const mitel = await readAppPage(page);
      const typo = mitel.identifier.replace(/\/metadata$/, "/");
      expect(typo).not.toBe(mitel.identifier);
      await editBasicSamlConfiguration(page, appUrl, { identifier: typo });
      try {
        await page.click("[data-test-application]");
        await page.waitForURL(`${live.spUrl}${seeded.signOnPath}`);
        await signInStoppedAtEntra(page, live, seeded);
        const text = await expectEntraError(page, live, "AADSTS700016");
        expect(text).toContain(
          `Application with identifier '${mitel.identifier}' was not found in the directory`,
        );
      } finally {
        await editBasicSamlConfiguration(page, appUrl, { identifier: mitel.identifier });
      }
    });
  });

  it("cloudlink: Mitel's Entity ID changed, Entra not updated → AADSTS700016", async () => {
    const seeded = SEEDED.cloudlink;
    // The Mitel side switches to Mitel's own identifier pattern (DESIGN §5) and nobody tells Entra.
    const mitelIdentifier =
      "https://authentication.api.mitel.io/2017-09-01/saml2/0b7f4c1e-3c1a-4f7e-9d2b-5a6c7d8e9f01";
    const accounts = live.runtime.ctx.accounts;
    await accounts.update(seeded.accountId, { spEntityIdOverride: mitelIdentifier });
    try {
      await withFreshBrowser("disagree-cloudlink-aadsts700016", async (page, shot) => {
        await page.goto(`${live.spUrl}${seeded.signOnPath}`);
        await signInStoppedAtEntra(page, live, seeded);
        const text = await expectEntraError(page, live, "AADSTS700016");
        expect(text).toContain(
          `Application with identifier '${mitelIdentifier}' was not found in the directory`,
        );
        // Entra's troubleshooting details, and the simulator's note on where to fix it.
        expect(text).toContain("Troubleshooting details");
        expect(text).toMatch(/Correlation Id [0-9a-f-]{36}/);
        expect(text).toContain("must equal the Identifier in Basic SAML Configuration exactly");
        await shot("entra-error");
      });
    } finally {
      await accounts.update(seeded.accountId, { spEntityIdOverride: null });
    }
  });
});
