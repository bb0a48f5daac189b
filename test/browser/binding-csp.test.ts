import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../helpers/browser.js";
import {
  expectLandedAsBSimon,
  expectSignInFailure,
  openOperatorPage,
  SEEDED,
  signInAtMitel,
  signInAtSimulator,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";
import { formPostingSite, launchBrowser, watchCsp } from "../security/support/browser-kit.js";

/**
 * The pages satisfy their own Content-Security-Policy (script-src 'self', no inline script, no
 * inline style): Chromium reports no violation while a person goes through the sign-on page,
 * the simulator, the landing page, a failure page, sign-out and the operator console. A control
 * page that does break its CSP proves the watcher would see it.
 */
const seeded = SEEDED.micloud;

describeBrowser("browser: pages satisfy their Content-Security-Policy", () => {
  let live: LiveRuntime;
  let site: Awaited<ReturnType<typeof formPostingSite>>;
  beforeAll(async () => {
    live = await startLiveRuntime();
    site = await formPostingSite();
  });
  afterAll(async () => {
    await site?.close();
    await live?.close();
  });

  it("control: the watcher reports an inline script blocked by a CSP", async () => {
    const browser = await launchBrowser();
    try {
      const violations = await watchCsp(browser.context, browser.page);
      await browser.page.goto(`${site.origin}/csp-control`);
      await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
      expect(await browser.page.title()).toBe("control");
    } finally {
      await browser.close();
    }
  });

  it("sign-on, simulator, landing, failure, sign-out and operator pages: no CSP violation", async () => {
    const browser = await launchBrowser();
    try {
      const { page, context } = browser;
      const violations = await watchCsp(context, page);
      const visited: Array<{ where: string; violations: string[] }> = [];
      const check = async (where: string) => {
        await page.waitForLoadState("load");
        visited.push({ where, violations: await violations() });
      };

      await page.goto(`${live.spUrl}/`);
      await check("home");
      await page.goto(`${live.spUrl}${seeded.signOnPath}`);
      await check("sign-on page");
      await signInAtMitel(page, live, seeded);
      await check("simulator sign-in page");
      await signInAtSimulator(page, live, seeded);
      await expectLandedAsBSimon(page, live, seeded);
      await check("landing page");

      await page.goto(
        site.postPage(`${live.spUrl}/${seeded.platform}/${seeded.accountId}/saml/acs`, {
          SAMLResponse: "bm90IHhtbA==",
        }),
      );
      await page.waitForURL(`${live.spUrl}/${seeded.platform}/${seeded.accountId}/saml/acs`);
      await expectSignInFailure(page, live, seeded, "SAML_RESPONSE_MALFORMED");
      await check("failure page");

      await page.goto(`${live.spUrl}${seeded.signOnPath}`);
      await page.click("form[action='/logout'] button");
      await check("signed-out page");

      await openOperatorPage(page, live, "/admin/accounts");
      await check("operator accounts list");
      await page.goto(`${live.spUrl}/admin/accounts/${seeded.accountId}`);
      await check("operator account page");
      await page.goto(`${live.simulatorUrl}/entra-sim/`);
      await check("simulator overview");
      await browser.screenshot("csp-last-page");

      for (const { where, violations: found } of visited) expect(found, where).toEqual([]);
      expect(visited).toHaveLength(9);
    } finally {
      await browser.close();
    }
  });
});
