/**
 * The Playwright example users copy (examples/playwright/sign-in.ts) signs B.Simon in through the
 * simulator in a real browser, on the account examples/ci/accounts.yaml seeds and on a demo one.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { signInThroughSimulator } from "../../examples/playwright/sign-in.js";
import { describeBrowser, launchFreshBrowser } from "../helpers/browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

describeBrowser("examples/playwright", () => {
  let live: LiveRuntime;
  beforeAll(async () => {
    live = await startLiveRuntime({
      overrides: { seeds: ["config/seeds/demo-accounts.yaml", "examples/ci/accounts.yaml"] },
    });
  }, 60_000);
  afterAll(async () => {
    await live?.close();
  });

  for (const [signOnPath, account] of [
    ["/micloud/portal", "acme-micloud"],
    ["/cloudlink/accounts", "contoso-cloudlink"],
  ] as const) {
    it(`signInThroughSimulator lands B.Simon on ${signOnPath} (${account})`, async () => {
      const browser = await launchFreshBrowser();
      try {
        const outcome = await signInThroughSimulator(browser.page, {
          signOnUrl: `${live.spUrl}${signOnPath}`,
          user: "B.Simon@contoso.com",
          account,
        });
        expect(outcome).toEqual({ ok: true, nameId: "B.Simon@contoso.com", userName: "Britta Simon" });
      } finally {
        await browser.close();
      }
    }, 60_000);
  }
});
