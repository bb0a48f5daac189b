// Copy with sign-in.ts into your Playwright project (npm i -D @playwright/test). Point
// MMS_URL at a running mitel-mock-sp (default http://localhost:3000) whose account has the user.
import { expect, test } from "@playwright/test";
import { signInThroughSimulator } from "./sign-in";

const base = process.env.MMS_URL ?? "http://localhost:3000";

test("B.Simon signs in to the Mitel Account portal with Entra SSO", async ({ page }) => {
  const outcome = await signInThroughSimulator(page, {
    signOnUrl: `${base}/micloud/portal`,
    user: "B.Simon@contoso.com",
    account: process.env.MMS_ACCOUNT ?? "acme-micloud",
  });
  // On failure the message carries the failure code, its cause and the fix.
  expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true, nameId: "B.Simon@contoso.com" });
});
