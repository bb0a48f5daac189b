import { afterAll, beforeAll, expect, it } from "vitest";
import { generateSigningCertificate } from "../../src/idp-simulator/keys/signing-certificate.js";
import { describeBrowser, type FreshBrowser, launchFreshBrowser } from "../helpers/browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * A support engineer's view of a certificate rollover gone wrong, in a fresh Chromium: B.Simon
 * signs in through the simulator; then the Mitel side is given another certificate than the one
 * Entra signs with; the next sign-in fails with CERTIFICATE_MISMATCH and a trace id. The operator
 * opens the sign-in log, the failed sign-in's detail page, and its comparison with the last
 * successful sign-in. Screenshots: test-results/screenshots/sign-in-log-*.png.
 */
const PASSWORD = "operator-password-1";
const UPN = "B.Simon@contoso.com";
const ACCOUNT = "contoso-micloud";

describeBrowser("browser: the sign-in log explains a failed sign-in", () => {
  let live: LiveRuntime;
  let browser: FreshBrowser;
  beforeAll(async () => {
    live = await startLiveRuntime();
    browser = await launchFreshBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  async function signInThroughEntra(): Promise<void> {
    const { page } = browser;
    await page.goto(`${live.spUrl}/micloud/portal?account=${ACCOUNT}`);
    await page.waitForURL((url) => url.origin === live.simulatorUrl);
    if ((await page.inputValue("#sign-in-username")) === "") await page.fill("#sign-in-username", UPN);
    await page.click("[data-sign-in-form] button:has-text('Sign in')");
    await page.waitForURL((url) => url.origin === live.spUrl);
  }

  it("detail page and comparison view of a CERTIFICATE_MISMATCH", { timeout: 120_000 }, async () => {
    const { page } = browser;
    const shot = (name: string) => browser.screenshot(`sign-in-log-${name}`);

    // 1. A successful sign-in: the baseline.
    await signInThroughEntra();
    expect(await page.textContent("[data-nameid]")).toBe(UPN);

    // 2. The Mitel side now trusts another certificate than the one Entra signs with.
    const other = await generateSigningCertificate();
    const { accounts } = live.runtime.ctx;
    const before = await accounts.require(ACCOUNT);
    const entraThumbprint = (await import("../../src/certificates/index.js")).describeCertificate(
      before.sso.idpCertificates[0] ?? "",
    ).sha1Thumbprint;
    await accounts.update(ACCOUNT, { sso: { idpCertificates: [other.certificatePem] } });
    await page.context().clearCookies();
    await signInThroughEntra();
    const code = await page.getAttribute("[data-error-code]", "data-error-code");
    expect(code).toBe("CERTIFICATE_MISMATCH");
    const traceId = (await page.textContent("[data-trace-id]"))?.trim() ?? "";
    expect(traceId).toMatch(/^[A-Z0-9x]{6,}$/);
    expect(await page.textContent("[data-fix]")).toContain("download Certificate (Base64)");
    await shot("01-user-sees-failure");

    // 3. The operator signs in and opens the sign-in log.
    await page.goto(`${live.spUrl}/admin/accounts/${ACCOUNT}/sign-ins`);
    if (new URL(page.url()).pathname === "/admin/sign-in") {
      await page.fill("#password", PASSWORD);
      await page.click("button:has-text('Sign in')");
      await page.waitForURL(`${live.spUrl}/admin/accounts/${ACCOUNT}/sign-ins`);
    }
    const row = page.locator(`tr[data-trace-id="${traceId}"]`);
    expect(await row.locator("[data-code]").textContent()).toBe("CERTIFICATE_MISMATCH");
    await shot("02-log");

    // 4. The failed sign-in's detail page: cause with both thumbprints, the fix, every check.
    await row.locator("a").click();
    await page.waitForURL(`${live.spUrl}/admin/accounts/${ACCOUNT}/sign-ins/${traceId}`);
    const cause = (await page.textContent("[data-cause]")) ?? "";
    expect(cause).toContain(`Entra signed with certificate ${entraThumbprint}`);
    expect(cause).toContain(`this account trusts ${other.sha1Thumbprint}`);
    expect(await page.textContent("[data-fix]")).toContain("make it active only after pasting it");
    expect(await page.getAttribute('tr[data-check="signing-certificate"]', "data-status")).toBe("fail");
    expect(await page.getAttribute('tr[data-check="audience"]', "data-status")).toBe("pass");
    expect(await page.getAttribute('tr[data-check="user"]', "data-status")).toBe("pass");
    expect(await page.textContent("[data-signed-element]")).toBe("assertion");
    const xml = (await page.textContent("#response-xml")) ?? "";
    expect(xml.startsWith("<samlp:Response")).toBe(true);
    expect(xml).toContain("\n  <Issuer");
    await shot("03-detail");

    // The copy button puts the XML on the clipboard; the download button saves it.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: live.spUrl });
    await page.click('button[data-copy-target="response-xml"]');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(xml);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-xml")]);
    expect(download.suggestedFilename()).toBe(`saml-response-${traceId}.xml`);

    // The shareable report, redacted by default.
    const [report] = await Promise.all([
      page.waitForEvent("download"),
      page.click("#report-form button:has-text('Download Markdown')"),
    ]);
    expect(report.suggestedFilename()).toBe(`sign-in-${traceId}.md`);

    // 5. Compare with the last successful sign-in: the certificate changed on our side, not Entra's.
    await page.click("#compare-link");
    await page.waitForURL(`${live.spUrl}/admin/accounts/${ACCOUNT}/sign-ins/${traceId}/compare`);
    const changed = await page
      .locator('tr[data-changed="yes"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-aspect")));
    expect(changed).toContain("Expected here: configured certificates");
    expect(changed).toContain("Outcome");
    expect(changed).not.toContain("Signing certificate (in the signature)");
    expect(changed).not.toContain("Audience");
    expect(await page.textContent("body")).toContain(other.sha1Thumbprint);
    const summary = (await page.textContent("[data-change-summary]")) ?? "";
    expect(summary).toContain("Changed in this account's settings: configured certificates");
    expect(summary).not.toContain("Changed in what Entra sent");
    await shot("04-compare");
  });
});
