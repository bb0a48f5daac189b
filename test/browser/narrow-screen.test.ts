/**
 * On a 390 px wide phone no page is wider than the screen: the accounts list, users, sign-in log,
 * sign-in detail, the simulator overview (the tables the issue measured at 711–838 px) and the
 * pages around them. A wide table scrolls inside its own box instead.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runSsoCheck } from "../../src/cli/sso-check.js";
import { describeBrowser, launchFreshBrowser } from "../helpers/browser.js";
import { openOperatorPage } from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

const WIDTH = 390;

/** How far the page is wider than the viewport, and the elements sticking out the most. */
async function overflow(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
  return page.evaluate((width) => {
    // Only what widens the page: not the inside of a box that scrolls or clips on its own.
    const clipped = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") return true;
      }
      return false;
    };
    const culprits = Array.from(document.querySelectorAll("body *"))
      .filter((el) => !clipped(el))
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter(({ right }) => right > width + 1)
      .sort((a, b) => b.right - a.right)
      .slice(0, 5)
      .map(({ el, right }) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(right)} px)`);
    return { scrollWidth: document.documentElement.scrollWidth, culprits };
  }, WIDTH);
}

describeBrowser("a 390 px wide screen", () => {
  let live: LiveRuntime;
  let traceId = "";
  beforeAll(async () => {
    live = await startLiveRuntime();
    // A sign-in in the log (and its detail page) to look at.
    const result = await runSsoCheck({
      url: live.spUrl,
      user: "B.Simon@contoso.com",
      account: "contoso-micloud",
    });
    expect(result.ok).toBe(true);
    const records = await live.runtime.ctx.signIns.search({
      accountId: "contoso-micloud",
      outcome: "success",
      limit: 1,
    });
    traceId = records[0]?.traceId ?? "";
  }, 60_000);
  afterAll(async () => {
    await live?.close();
  });

  it("no page is wider than the screen", async () => {
    const browser = await launchFreshBrowser({ screenshotPrefix: "narrow-" });
    try {
      const { page } = browser;
      await page.setViewportSize({ width: WIDTH, height: 844 });
      const pages: Array<[string, string]> = [
        ["accounts", `${live.spUrl}/admin/accounts`],
        ["users", `${live.spUrl}/admin/accounts/contoso-micloud/users`],
        ["sign-in-log", `${live.spUrl}/admin/accounts/contoso-micloud/sign-ins`],
        ["sign-in-detail", `${live.spUrl}/admin/accounts/contoso-micloud/sign-ins/${traceId}`],
        ["account", `${live.spUrl}/admin/accounts/contoso-micloud`],
        ["simulator-overview", `${live.simulatorUrl}/entra-sim/`],
        ["my-apps", `${live.simulatorUrl}/entra-sim/my-apps`],
        ["sign-on", `${live.spUrl}/micloud/portal`],
      ];
      const wide: string[] = [];
      for (const [name, url] of pages) {
        if (url.startsWith(`${live.spUrl}/admin`)) await openOperatorPage(page, live, new URL(url).pathname);
        else await page.goto(url);
        const { scrollWidth, culprits } = await overflow(page);
        if (scrollWidth > WIDTH) {
          wide.push(`${name}: ${scrollWidth} px wide; ${culprits.join(", ")}`);
          await browser.screenshot(name);
        }
      }
      expect(wide).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
