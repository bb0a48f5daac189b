import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { PlatformId } from "../../src/platforms/index.js";
import { type FreshBrowser, launchFreshBrowser } from "./browser.js";
import type { LiveRuntime } from "./live-runtime.js";

/**
 * What a person does in the Entra simulator and on the Mitel pages, in a real browser, for the
 * entra-sim-*.test.ts browser suites. Every step goes through the pages (links, forms, buttons),
 * never through the simulator's state directly, so that the tests see what a person sees.
 */

export const UPN = "B.Simon@contoso.com";
/** The operator password startLiveRuntime configures. */
export const OPERATOR_PASSWORD = "operator-password-1";

/** The default seeds (config/seeds/demo-accounts.yaml) and the simulator apps wired to them. */
export interface SeededPlatform {
  platform: PlatformId;
  accountId: string;
  /** The Mitel account's display name, which is also the simulator app's display name. */
  displayName: string;
  /** The platform's first (default) Sign-on URL path. */
  signOnPath: string;
  /** What the landing page is titled. */
  appName: string;
  /** The Mitel sign-in page's login field label. */
  loginLabel: string;
}

export const SEEDED: Record<PlatformId, SeededPlatform> = {
  micloud: {
    platform: "micloud",
    accountId: "contoso-micloud",
    displayName: "Contoso (MiCloud Connect)",
    signOnPath: "/micloud/portal",
    appName: "Mitel Account portal",
    loginLabel: "Username",
  },
  cloudlink: {
    platform: "cloudlink",
    accountId: "contoso-cloudlink",
    displayName: "Contoso (CloudLink)",
    signOnPath: "/cloudlink/accounts",
    appName: "CloudLink Accounts",
    loginLabel: "Email",
  },
};

/** Entra's claim types as the landing page lists them. */
export const CLAIM = {
  tenantId: "http://schemas.microsoft.com/identity/claims/tenantid",
  objectId: "http://schemas.microsoft.com/identity/claims/objectidentifier",
  displayName: "http://schemas.microsoft.com/identity/claims/displayname",
  givenName: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
  surname: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
  emailAddress: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
  name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
} as const;

/**
 * One scenario in a fresh browser (fresh profile: no cookies on either site), closed afterwards.
 * `shot(step)` saves test-results/screenshots/entra-sim-<name>-<step>.png.
 */
export async function withFreshBrowser(
  name: string,
  scenario: (page: Page, shot: (step: string) => Promise<void>, browser: FreshBrowser) => Promise<void>,
): Promise<void> {
  const browser = await launchFreshBrowser();
  try {
    await scenario(browser.page, (step) => browser.screenshot(`entra-sim-${name}-${step}`), browser);
  } finally {
    await browser.close();
  }
}

/** The visible text of the page (what a person reads), whitespace collapsed. */
export async function visibleText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point: hidden parts (a closed <details>, display:none) are not what a person reads
  const text = await page.locator("body").innerText();
  return text.replace(/\s+/g, " ").trim();
}

/** From the simulator's overview, through "Enterprise applications", to the app's page. Returns its URL. */
export async function openSimulatorApp(page: Page, live: LiveRuntime, displayName: string): Promise<string> {
  await page.goto(`${live.simulatorUrl}/entra-sim/`);
  await page.locator("#enterprise-applications a", { hasText: displayName }).click();
  await page.waitForURL(/\/entra-sim\/apps\/[^/?#]+/);
  expect(await page.textContent("h1")).toContain(displayName);
  const url = new URL(page.url());
  return `${url.origin}${url.pathname}`;
}

/**
 * The app page's URL, looked up once on the simulator's overview (outside the browser), for
 * scenarios that open the page directly, as from a bookmark.
 */
export async function simulatorAppUrl(live: LiveRuntime, displayName: string): Promise<string> {
  const overview = await fetch(`${live.simulatorUrl}/entra-sim/`).then((res) => res.text());
  for (const match of overview.matchAll(/href="(\/entra-sim\/apps\/[^"]+)"[^>]*>([^<]*)</g)) {
    const name = (match[2] ?? "")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&quot;", '"')
      .replaceAll("&#39;", "'")
      .replaceAll("&amp;", "&");
    if (name === displayName) return `${live.simulatorUrl}${match[1]}`;
  }
  throw new Error(`the simulator's overview lists no application named ${displayName}`);
}

/** Both seeded Mitel Connect apps' simulator page URLs, looked up once: seeded platform → URL. */
export async function seededAppUrls(live: LiveRuntime): Promise<(seeded: SeededPlatform) => string> {
  const urls = new Map<PlatformId, string>();
  for (const seeded of Object.values(SEEDED)) {
    urls.set(seeded.platform, await simulatorAppUrl(live, seeded.displayName));
  }
  return (seeded) => {
    const url = urls.get(seeded.platform);
    if (!url) throw new Error(`no simulator app for ${seeded.platform}`);
    return url;
  };
}

/** The Mitel sign-in page as a newcomer meets it: type the username/email, Next, Single Sign On. */
async function submitMitelSignIn(page: Page, seeded: SeededPlatform, login: string) {
  expect(await page.textContent("label[for=login]")).toBe(seeded.loginLabel);
  await page.fill("#login", login);
  await page.click("button:has-text('Next')");
  await page.click("#sso-button");
}

/** The Mitel sign-in, ending on the simulator's sign-in page. */
export async function signInAtMitel(page: Page, live: LiveRuntime, seeded: SeededPlatform, login = UPN) {
  await submitMitelSignIn(page, seeded, login);
  await page.waitForURL((url) => url.origin === live.simulatorUrl && /\/saml2$/.test(url.pathname));
  await page.waitForSelector("[data-sign-in-form]");
}

/**
 * The Mitel sign-in when Entra is expected to refuse the AuthnRequest: ends on the simulator's
 * error page, not its sign-in page.
 */
export async function signInStoppedAtEntra(page: Page, live: LiveRuntime, seeded: SeededPlatform) {
  await submitMitelSignIn(page, seeded, UPN);
  await page.waitForURL((url) => url.origin === live.simulatorUrl);
  await page.waitForSelector("[data-aadsts]");
}

/**
 * On the simulator's sign-in page: check who it prefilled (Mitel passes login_hint) and which app
 * it names, press Sign in, and let the auto-submitting form post the response to the Mitel ACS.
 * Resolves once the browser has left the simulator.
 */
export async function signInAtSimulator(page: Page, live: LiveRuntime, seeded: SeededPlatform, upn = UPN) {
  expect(await page.textContent("[data-sign-in-app]")).toBe(seeded.displayName);
  expect(await page.inputValue("#sign-in-username")).toBe(upn);
  await page.click("[data-sign-in-form] button:has-text('Sign in')");
  await page.waitForURL((url) => url.origin === live.spUrl, { waitUntil: "load" });
}

/** The Mitel landing page, showing B.Simon's NameID and her claims as a person reads them. */
export async function expectLandedAsBSimon(page: Page, live: LiveRuntime, seeded: SeededPlatform) {
  expect(page.url()).toBe(`${live.spUrl}${seeded.signOnPath}`);
  expect(await page.textContent("[data-nameid]")).toBe(UPN);
  expect(await page.textContent("h1")).toBe(seeded.appName);
  const text = await visibleText(page);
  expect(text).toContain(`Welcome, Britta Simon · ${seeded.displayName}`);
  expect(text).toContain("Single Sign-On (SAML)");
  expect(text).toContain("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
  // Her claims, as Entra sends them.
  const claims = await claimsShown(page);
  expect(claims.get(CLAIM.givenName)).toBe("Britta");
  expect(claims.get(CLAIM.surname)).toBe("Simon");
  expect(claims.get(CLAIM.emailAddress)).toBe(UPN);
  expect(claims.get(CLAIM.name)).toBe(UPN);
  expect(claims.get(CLAIM.displayName)).toBe("B.Simon");
  expect(claims.get(CLAIM.tenantId)).toMatch(/^[0-9a-f-]{36}$/);
  expect(claims.get(CLAIM.objectId)).toMatch(/^[0-9a-f-]{36}$/);
}

/** The claims table of the landing page: claim type → value(s) as shown. */
export async function claimsShown(page: Page): Promise<Map<string, string>> {
  const rows = await page.$$eval("table.claims tbody tr", (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => (td.textContent ?? "").trim())),
  );
  return new Map(rows.map(([name, value]) => [name ?? "", value ?? ""]));
}

/** The SP's failure page with this code, its cause and fix shown to the person. */
export async function expectSignInFailure(
  page: Page,
  live: LiveRuntime,
  seeded: SeededPlatform,
  code: string,
  /** Where the failure page is: the ACS unless told (a sign-on URL refuses before Entra). */
  at = `${live.spUrl}/${seeded.platform}/${seeded.accountId}/saml/acs`,
) {
  expect(page.url()).toBe(at);
  const shown = await page.getAttribute("[data-error-code]", "data-error-code");
  expect(shown, `failure page text: ${await visibleText(page)}`).toBe(code);
  const text = await visibleText(page);
  expect(text).toContain("We couldn't sign you in");
  expect(text).toContain(`Error code: ${code}`);
  expect((await page.textContent("[data-cause]"))?.trim()).not.toBe("");
  expect((await page.textContent("[data-fix]"))?.trim()).not.toBe("");
  expect(await page.textContent("[data-trace-id]")).toMatch(/\S/);
  expect(await page.locator("[data-nameid]").count()).toBe(0);
  return text;
}

/** What the failure page says, as asserted by the rehearsal tests: the code, the cause and the fix. */
export interface ShownFailure {
  code: string;
  /** The cause line exactly, or a pattern where it holds per-attempt values (times, IDs). */
  cause: string | RegExp;
  /** The fix exactly, or a whole-text pattern where it holds per-attempt values. */
  fix: string | RegExp;
}

/** The failure page shows exactly this code, cause and fix. Returns the page's visible text. */
export async function expectFailureShown(
  page: Page,
  live: LiveRuntime,
  seeded: SeededPlatform,
  shown: ShownFailure,
  at?: string,
): Promise<string> {
  const text = await expectSignInFailure(page, live, seeded, shown.code, at);
  const cause = ((await page.textContent("[data-cause]")) ?? "").trim();
  if (typeof shown.cause === "string") expect(cause).toBe(shown.cause);
  else expect(cause).toMatch(shown.cause);
  const fix = ((await page.textContent("[data-fix]")) ?? "").trim();
  if (typeof shown.fix === "string") expect(fix).toBe(shown.fix);
  else expect(fix).toMatch(shown.fix);
  return text;
}

/** The simulator's Entra-style error page ("Sorry, but we're having trouble signing you in."). */
export async function expectEntraError(page: Page, live: LiveRuntime, code: string) {
  expect(new URL(page.url()).origin).toBe(live.simulatorUrl);
  expect(await page.getAttribute("[data-aadsts]", "data-aadsts")).toBe(code);
  const text = await visibleText(page);
  expect(text).toContain("Sorry, but we're having trouble signing you in.");
  expect(await page.textContent("[data-error-message]")).toMatch(new RegExp(`^${code}: `));
  return text;
}

/** Fault injection, as ticked in the app page's form (names of its check boxes, e.g. "wrongAudience"). */
export interface FaultChoice {
  checkboxes?: string[];
  /** An AADSTS code of the "Non-Success Status" list. */
  errorStatus?: string;
  /** A tampering of the "Tampering" list (responses real Entra never sends). */
  tampering?: string;
  /** Minutes the simulator's clock runs ahead (negative: behind). */
  clockOffsetMinutes?: number;
}

/**
 * On the simulator's app page, Fault injection: tick exactly these faults (everything else off)
 * and save. No faults given: all off.
 */
export async function injectFaults(page: Page, appUrl: string, faults: FaultChoice = {}) {
  await page.goto(`${appUrl}#faults`);
  const wanted = new Set(faults.checkboxes ?? []);
  const boxes = page.locator("#faults input[type=checkbox]");
  const current = await boxes.evaluateAll((inputs) =>
    inputs.map((input) => ({
      name: input.getAttribute("name") ?? "",
      checked: input instanceof HTMLInputElement && input.checked,
    })),
  );
  for (const name of wanted) {
    if (!current.some((box) => box.name === name)) throw new Error(`no fault check box named ${name}`);
  }
  // Click only the boxes whose state must change, as a person would.
  for (const box of current) {
    if (box.checked !== wanted.has(box.name)) await page.setChecked(`#fault-${box.name}`, !box.checked);
  }
  await page.selectOption("#fault-errorStatus", faults.errorStatus ?? "");
  await page.selectOption("#fault-tampering", faults.tampering ?? "");
  const offset = String(faults.clockOffsetMinutes ?? 0);
  if ((await page.inputValue("#fault-clockOffsetMinutes")) !== offset) {
    await page.fill("#fault-clockOffsetMinutes", offset);
  }
  await page.click("#faults button:has-text('Save faults')");
  await page.waitForSelector(".es-notice:has-text('Fault injection saved.')");
  const active =
    wanted.size + (faults.errorStatus ? 1 : 0) + (faults.tampering ? 1 : 0) + (offset !== "0" ? 1 : 0);
  if (active > 0) {
    // The page warns that sign-ins to this app are broken on purpose.
    expect(await page.getAttribute("[data-faults-active]", "data-faults-active")).toBe(String(active));
  } else {
    expect(await page.locator("[data-faults-active]").count()).toBe(0);
  }
}

/** What the simulator's app page shows of the wiring (read from its fields, as a person would copy them). */
export interface AppPageValues {
  /** Entra's "Application ID" of the app. */
  appId: string;
  identifier: string;
  replyUrl: string;
  signOnUrl: string;
  loginUrl: string;
  entraIdentifier: string;
  activeThumbprint: string;
  thumbprints: string[];
}

export async function readAppPage(page: Page): Promise<AppPageValues> {
  const activeThumbprint = await page.getAttribute("[data-certificate-status=active]", "data-certificate");
  if (!activeThumbprint) throw new Error("the app page shows no active certificate");
  const thumbprints = await page
    .locator("[data-certificate]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-certificate") ?? ""));
  return {
    appId: ((await page.textContent("[data-app-id]")) ?? "").trim(),
    identifier: await page.inputValue("#basic-identifier"),
    replyUrl: await page.inputValue("#basic-replyUrl"),
    signOnUrl: await page.inputValue("#basic-signOnUrl"),
    loginUrl: await page.inputValue("#setup-login-url"),
    entraIdentifier: await page.inputValue("#setup-entra-identifier"),
    activeThumbprint,
    thumbprints,
  };
}

/** "Test this application" on the app page, then the Mitel sign-in, then the simulator's. */
export async function testThisApplication(page: Page, live: LiveRuntime, seeded: SeededPlatform) {
  await page.click("[data-test-application]");
  await page.waitForURL(`${live.spUrl}${seeded.signOnPath}`);
  await signInAtMitel(page, live, seeded);
  await signInAtSimulator(page, live, seeded);
}

/** Basic SAML Configuration on the app page: change these fields and press Save. */
export async function editBasicSamlConfiguration(
  page: Page,
  appUrl: string,
  values: Partial<Record<"identifier" | "replyUrl" | "signOnUrl", string>>,
  expectSaved = true,
) {
  if (!page.url().startsWith(appUrl)) await page.goto(appUrl);
  for (const [field, value] of Object.entries(values)) {
    await page.fill(`#basic-${field}`, value);
  }
  await page.click("#basic-saml button[type=submit]");
  await page.waitForLoadState();
  if (expectSaved) {
    await page.waitForSelector(".es-notice:has-text('Basic SAML Configuration saved.')");
    for (const [field, value] of Object.entries(values)) {
      expect(await page.inputValue(`#basic-${field}`)).toBe(value);
    }
  }
}

/**
 * Opens an operator console page, signing in first when asked to (a new browser, or a session that
 * ended with a Mitel sign-out).
 */
export async function openOperatorPage(page: Page, live: LiveRuntime, path: string) {
  await page.goto(`${live.spUrl}${path}`);
  if (new URL(page.url()).pathname === "/admin/sign-in") {
    await page.fill("#password", OPERATOR_PASSWORD);
    await page.click("button:has-text('Sign in')");
    await page.waitForURL(`${live.spUrl}${path}`);
  }
}

/** Downloads "Certificate (Base64)" of one certificate row of the simulator's app page. */
export async function downloadCertificateBase64(page: Page, thumbprint: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click(`#certificate tr[data-certificate="${thumbprint}"] a:has-text('Certificate (Base64)')`),
  ]);
  return readFile(await download.path(), "utf8");
}

/** Same thumbprint, whatever the spelling (colons, case). */
export function sameThumbprint(a: string, b: string): boolean {
  const norm = (value: string) => value.replace(/[^0-9a-f]/gi, "").toUpperCase();
  return norm(a) === norm(b);
}
