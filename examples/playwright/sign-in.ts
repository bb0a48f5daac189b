/**
 * Signs a user in to a Mitel app of mitel-mock-sp through its Entra simulator, the way a person
 * does: Sign-on URL, username, Next, Single Sign On, pick the user at the simulator, land signed in.
 * Returns what the landing page shows, or the failure page's code, cause and fix. Copy this file
 * next to your Playwright tests (it needs only Playwright's `Page`).
 */
import type { Page } from "playwright-core";

export interface SignInOptions {
  /** The Mitel Sign-on URL, e.g. http://localhost:3000/micloud/portal or …/cloudlink/accounts. */
  signOnUrl: string;
  /** Username (MiCloud Connect) or email (CloudLink); also who signs in at the simulator. */
  user: string;
  /** Account id, when the user is in several accounts (the page then asks which one). */
  account?: string;
}

export type SignInOutcome =
  | { ok: true; nameId: string; userName: string }
  | { ok: false; code: string; cause: string; fix: string };

export async function signInThroughSimulator(page: Page, options: SignInOptions): Promise<SignInOutcome> {
  await page.goto(options.signOnUrl);
  await page.locator("input[name=login]").fill(options.user);
  await page.getByRole("button", { name: "Next" }).click();
  if (options.account) {
    const choose = page.locator(`form:has(input[name=accountId][value="${options.account}"]) button.choice`);
    if ((await choose.count()) > 0) await choose.click();
  }
  await page.locator("#sso-button").click();
  // The simulator's sign-in page (another site): pick the user; its response posts itself to the ACS.
  await page.locator(`[data-pick-user="${options.user}" i]`).click();
  const landed = page.locator("[data-nameid]");
  const failed = page.locator("[data-error-code], [data-aadsts]");
  await landed.or(failed).first().waitFor();
  if ((await landed.count()) > 0) {
    return {
      ok: true,
      nameId: (await landed.textContent())?.trim() ?? "",
      userName: (await page.locator("[data-user-name]").textContent())?.trim() ?? "",
    };
  }
  const mitelCode = await page
    .locator("[data-error-code]")
    .getAttribute("data-error-code")
    .catch(() => null);
  if (mitelCode) {
    return {
      ok: false,
      code: mitelCode,
      cause: (await page.locator("[data-cause]").textContent())?.trim() ?? "",
      fix: (await page.locator("[data-fix]").textContent())?.trim() ?? "",
    };
  }
  // Stopped at Entra (the simulator): an AADSTS error.
  return {
    ok: false,
    code: (await page.locator("[data-aadsts]").getAttribute("data-aadsts")) ?? "AADSTS",
    cause: (await page.locator("[data-error-message]").textContent())?.trim() ?? "",
    fix: "",
  };
}
