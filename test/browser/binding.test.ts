import type { Page, Request } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../helpers/browser.js";
import {
  expectLandedAsBSimon,
  expectSignInFailure,
  SEEDED,
  signInAtMitel,
  signInAtSimulator,
  visibleText,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";
import { formPostingSite, launchBrowser } from "../security/support/browser-kit.js";

/**
 * The browser binding over http://localhost, in Chromium: the SP at http://localhost:<port>, the
 * Entra simulator at http://127.0.0.1:<port> (another site), so the SAMLResponse POST to the ACS is
 * cross-site as it is from login.microsoftonline.com. The binding cookie (SameSite=None; Secure,
 * which Chromium accepts on http://localhost) must ride along with that POST, and a response
 * started in one browser must not sign in another (login CSRF).
 */
const seeded = SEEDED.micloud;
const acsPath = `/${seeded.platform}/${seeded.accountId}/saml/acs`;

describeBrowser("browser: the sign-in binding over http://localhost", () => {
  let live: LiveRuntime;
  beforeAll(async () => {
    live = await startLiveRuntime();
  });
  afterAll(() => live?.close());

  /** Records the ACS POST as the browser sent it (headers include the cookies). */
  function recordAcsPost(page: Page) {
    const seen: { request?: Request; headers?: Record<string, string> } = {};
    page.on("request", async (request) => {
      if (request.method() === "POST" && request.url() === `${live.spUrl}${acsPath}`) {
        seen.request = request;
        seen.headers = await request.allHeaders();
      }
    });
    return seen;
  }

  it("a full sign-in through the simulator: the cross-site POST carries the binding cookie and lands", async () => {
    const browser = await launchBrowser();
    try {
      const { page, context } = browser;
      const acsPost = recordAcsPost(page);
      await page.goto(`${live.spUrl}${seeded.signOnPath}`);
      await signInAtMitel(page, live, seeded);
      const binding = (await context.cookies(live.spUrl)).find((c) => c.name === "mms_sso_binding");
      expect(binding).toMatchObject({ sameSite: "None", secure: true, httpOnly: true, path: "/" });

      await signInAtSimulator(page, live, seeded);
      await expectLandedAsBSimon(page, live, seeded);
      await browser.screenshot("binding-http-landed");

      // The POST was cross-site (the browser says so in Sec-Fetch-Site) and carried the binding cookie.
      expect(acsPost.headers?.["sec-fetch-site"]).toBe("cross-site");
      expect(acsPost.headers?.cookie ?? "").toContain(`mms_sso_binding=${binding?.value}`);
      const session = (await context.cookies(live.spUrl)).find((c) => c.name === "mms_session");
      expect(session).toMatchObject({ sameSite: "Lax", httpOnly: true, secure: false });
    } finally {
      await browser.close();
    }
  });

  it("login CSRF: a response for a sign-in started in browser A, posted from browser B → REQUEST_NOT_FROM_THIS_BROWSER", async () => {
    const attackerSite = await formPostingSite();
    const a = await launchBrowser();
    const b = await launchBrowser();
    try {
      // Browser A (the attacker's) starts a sign-in and gets a validly signed response, but the
      // attacker stops its delivery and keeps the SAMLResponse.
      let captured: URLSearchParams | null = null;
      await a.page.route(`${live.spUrl}${acsPath}`, async (route) => {
        captured = new URLSearchParams(route.request().postData() ?? "");
        await route.abort();
      });
      await a.page.goto(`${live.spUrl}${seeded.signOnPath}`);
      await signInAtMitel(a.page, live, seeded);
      await a.page.click("[data-sign-in-form] button:has-text('Sign in')");
      await expect.poll(() => captured?.get("SAMLResponse") ?? null, { timeout: 10_000 }).not.toBeNull();
      const samlResponse = (captured as URLSearchParams | null)?.get("SAMLResponse") ?? "";

      // Browser B (the victim's) has started a sign-in of its own, so it has a binding cookie too.
      await b.page.goto(`${live.spUrl}${seeded.signOnPath}?account=${seeded.accountId}`);
      await b.page.waitForURL((url) => url.origin === live.simulatorUrl);
      expect((await b.context.cookies(live.spUrl)).some((c) => c.name === "mms_sso_binding")).toBe(true);

      // The attacker's page makes B post A's response to the ACS.
      const page = attackerSite.postPage(`${live.spUrl}${acsPath}`, { SAMLResponse: samlResponse });
      await b.page.goto(page);
      await b.page.waitForURL(`${live.spUrl}${acsPath}`);
      await expectSignInFailure(b.page, live, seeded, "REQUEST_NOT_FROM_THIS_BROWSER");
      await b.screenshot("binding-login-csrf-refused");

      // B is signed in as nobody.
      await b.page.goto(`${live.spUrl}${seeded.signOnPath}`);
      expect(await b.page.locator("[data-nameid]").count()).toBe(0);
      expect(await visibleText(b.page)).not.toContain("Welcome,");
    } finally {
      await a.close();
      await b.close();
      await attackerSite.close();
    }
  });
});
