import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../helpers/browser.js";
import {
  expectLandedAsBSimon,
  type FaultChoice,
  injectFaults,
  openOperatorPage,
  SEEDED,
  type SeededPlatform,
  type ShownFailure,
  seededAppUrls,
  signInAtMitel,
  signInAtSimulator,
  visibleText,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * Rehearsing every single sign-out failure from the pages only: set up single sign-out (or leave
 * one side out), sign in as B.Simon, set one simulator fault, then sign out, either on the Mitel
 * page (Entra answers with a LogoutResponse) or in My Apps (Entra sends a LogoutRequest), and read
 * the Mitel failure page and the sign-in log record (stage sign-out): the code, the cause and the
 * exact fix. Faults are set after the sign-in, which they would otherwise break. One scenario per
 * code, each in a fresh browser. The coverage table (README) points here by code.
 */
type Trigger =
  /** Sign out on the Mitel landing page: Entra's LogoutResponse reaches the Single Logout endpoint. */
  | "mitel"
  /** My Apps > Sign out: Entra's LogoutRequest reaches the Single Logout endpoint. */
  | "my-apps"
  /** Sign out on the Mitel page, which succeeds, then reload the page the LogoutResponse landed on. */
  | "mitel-then-reload";

interface SignOutRehearsal extends ShownFailure {
  title: string;
  seeded: SeededPlatform;
  /** Advanced > Single sign-out filled with Entra's Logout URL (false: left empty). */
  mitelSide: boolean;
  /** The app's Logout Url under this host instead of the service's own (another name of it). */
  logoutUrlHost?: "simulator-host";
  faults?: FaultChoice;
  trigger: Trigger;
  /** The refused message as the sign-in log keeps it (null: none was read). */
  logged: "LogoutRequest" | "LogoutResponse" | null;
}

const ANY_FAULT_ISSUER = /https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\//;

const CASES: SignOutRehearsal[] = [
  {
    title: "Logout Url set in Entra, Single sign-out empty here",
    seeded: SEEDED.micloud,
    mitelSide: false,
    trigger: "my-apps",
    code: "SLO_NOT_CONFIGURED",
    cause: "Single sign-out is off for this account.",
    fix: "Either paste Entra's Logout URL (Set up Mitel Connect) into this account's Advanced > Single sign-out, or clear Basic SAML Configuration > Logout Url in Entra so that Entra stops sending sign-out messages here.",
    logged: null,
  },
  {
    title: "No signature on Entra's LogoutResponse",
    seeded: SEEDED.micloud,
    mitelSide: true,
    faults: { checkboxes: ["noSignature"] },
    trigger: "mitel",
    code: "SLO_SIGNATURE_MISSING",
    cause: "The LogoutResponse has no Signature and SigAlg query parameters.",
    fix: "Entra signs the LogoutRequests and LogoutResponses it sends (HTTP-Redirect: Signature and SigAlg parameters). An unsigned one could come from anyone, so it is refused; sign out again from the app.",
    logged: "LogoutResponse",
  },
  {
    title: "Entra's LogoutRequest signed with a certificate that is not the active one",
    seeded: SEEDED.cloudlink,
    mitelSide: true,
    faults: { checkboxes: ["signWithNonActiveCertificate"] },
    trigger: "my-apps",
    code: "SLO_SIGNATURE_INVALID",
    cause: /^The LogoutRequest's signature does not verify with a configured certificate \(.+\)\.$/,
    fix: "The sign-out message was signed by a key whose certificate is not in the Signing Certificate field, or was changed on the way. Paste Entra's current (active) signing certificate into Signing Certificate in the CloudLink Accounts portal.",
    logged: "LogoutRequest",
  },
  {
    title: "LogoutResponse from another tenant (Wrong Issuer)",
    seeded: SEEDED.cloudlink,
    mitelSide: true,
    faults: { checkboxes: ["wrongIssuer"] },
    trigger: "mitel",
    code: "SLO_ISSUER_MISMATCH",
    cause: new RegExp(`^The LogoutResponse comes from ${ANY_FAULT_ISSUER.source}\\.$`),
    fix: "The IDP Identifier (Entity ID) field must be the Microsoft Entra Identifier of the tenant that signs users out (https://sts.windows.net/<tenant-id>/). Copy it again from Set up Mitel Connect.",
    logged: "LogoutResponse",
  },
  {
    title: "Logout Url under another host name of this service",
    seeded: SEEDED.micloud,
    mitelSide: true,
    logoutUrlHost: "simulator-host",
    trigger: "my-apps",
    code: "SLO_DESTINATION_MISMATCH",
    cause:
      /^The LogoutRequest was sent to http:\/\/127\.0\.0\.1:\d+\/micloud\/contoso-micloud\/saml\/logout\.$/,
    fix: "In Entra: Basic SAML Configuration > Logout Url must equal this account's Single Logout endpoint (shown under Advanced > Single sign-out).",
    logged: "LogoutRequest",
  },
  {
    title: "the signed-out page reloaded (its LogoutResponse used up)",
    seeded: SEEDED.micloud,
    mitelSide: true,
    trigger: "mitel-then-reload",
    code: "SLO_UNKNOWN_REQUEST",
    cause: "No sign-out was started in this browser (or it expired), so this LogoutResponse answers nothing.",
    fix: "A LogoutResponse must answer the LogoutRequest this service sent when you pressed Sign out, in the same browser and within the request lifetime. Sign in and sign out again.",
    logged: "LogoutResponse",
  },
  {
    title: "Entra answers the sign-out with AADSTS53003",
    seeded: SEEDED.micloud,
    mitelSide: true,
    faults: { errorStatus: "AADSTS53003" },
    trigger: "mitel",
    code: "SLO_ERROR_STATUS",
    cause:
      "Entra answered the sign-out with urn:oasis:names:tc:SAML:2.0:status:Requester / urn:oasis:names:tc:SAML:2.0:status:RequestDenied: AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
    fix: "Entra could not sign the user out (the status says why). The session here has ended anyway; sign out of Entra at https://myapps.microsoft.com if needed, and check that the NameID Entra sent at sign-in is unchanged.",
    logged: "LogoutResponse",
  },
];

function sloPath(seeded: SeededPlatform): string {
  return `/${seeded.platform}/${seeded.accountId}/saml/logout`;
}

/**
 * Both sides of the setup as the case wants them: Entra's Logout URL (Set up Mitel Connect) into
 * the account's Advanced > Single sign-out, or that field emptied; the account's Single Logout
 * endpoint (as shown there, or under another host name) into the app's Logout Url. No faults yet.
 */
async function setUpSides(page: Page, live: LiveRuntime, appUrl: string, c: SignOutRehearsal) {
  await injectFaults(page, appUrl);
  const entraLogoutUrl = await page.inputValue("#setup-logout-url");
  await openOperatorPage(page, live, `/admin/accounts/${c.seeded.accountId}`);
  await page.click("#advanced summary");
  await page.fill("#adv-logout-url", c.mitelSide ? entraLogoutUrl : "");
  const sloUrl = (await page.textContent("[data-copy=slo-url]")) ?? "";
  expect(sloUrl).toBe(`${live.spUrl}${sloPath(c.seeded)}`);
  await page.click("#advanced button:has-text('Save advanced settings')");
  await page.waitForLoadState();
  expect(await visibleText(page)).toContain("Advanced settings saved.");

  await page.goto(appUrl);
  const logoutUrl = c.logoutUrlHost ? `${live.simulatorUrl}${sloPath(c.seeded)}` : sloUrl;
  await page.fill("#basic-logoutUrl", logoutUrl);
  await page.click("#basic-saml button[type=submit]");
  await page.waitForSelector(".es-notice:has-text('Basic SAML Configuration saved.')");
  expect(await page.inputValue("#basic-logoutUrl")).toBe(logoutUrl);
}

async function signIn(page: Page, live: LiveRuntime, seeded: SeededPlatform) {
  await page.goto(`${live.spUrl}${seeded.signOnPath}`);
  await signInAtMitel(page, live, seeded);
  await signInAtSimulator(page, live, seeded);
  await expectLandedAsBSimon(page, live, seeded);
}

async function mitelSignOut(page: Page, live: LiveRuntime, seeded: SeededPlatform) {
  await page.goto(`${live.spUrl}${seeded.signOnPath}`);
  await page.click("button:has-text('Sign out')");
}

/** Signs out as the case says; resolves on the page the Single Logout endpoint showed. */
async function signOut(page: Page, live: LiveRuntime, c: SignOutRehearsal) {
  if (c.trigger === "my-apps") {
    await page.goto(`${live.simulatorUrl}/entra-sim/my-apps`);
    expect(await page.getAttribute("[data-signed-in-as]", "data-signed-in-as")).toBe("B.Simon@contoso.com");
    await page.click("[data-signed-in-as] button:has-text('Sign out')");
  } else {
    await mitelSignOut(page, live, c.seeded);
  }
  if (c.trigger === "mitel-then-reload") {
    // The sign-out itself succeeds; the same LogoutResponse a second time answers nothing.
    await page.waitForSelector("[data-signed-out=entra]");
    await page.reload();
  }
  await page.waitForSelector("[data-error-code]");
}

/** The failure page of the Single Logout endpoint: code, cause, exact fix. Returns the trace id. */
async function expectSignOutFailureShown(
  page: Page,
  live: LiveRuntime,
  c: SignOutRehearsal,
): Promise<string> {
  const url = new URL(page.url());
  expect(url.origin).toBe(c.logoutUrlHost ? live.simulatorUrl : live.spUrl);
  expect(url.pathname).toBe(sloPath(c.seeded));
  expect(url.searchParams.has(c.trigger === "my-apps" ? "SAMLRequest" : "SAMLResponse")).toBe(true);
  const text = await visibleText(page);
  expect(text).toContain("We couldn't sign you out of Microsoft Entra ID");
  expect(text).toContain(`Error code: ${c.code}`);
  expect(await page.getAttribute("[data-error-code]", "data-error-code")).toBe(c.code);
  expectShown(((await page.textContent("[data-cause]")) ?? "").trim(), c.cause);
  expectShown(((await page.textContent("[data-fix]")) ?? "").trim(), c.fix);
  const traceId = ((await page.textContent("[data-trace-id]")) ?? "").trim();
  expect(traceId).toMatch(/\S/);
  return traceId;
}

/** The sign-in log record of that trace id: the same code, cause and fix, and the refused message. */
async function expectSignInLogRecord(page: Page, live: LiveRuntime, c: SignOutRehearsal, traceId: string) {
  await openOperatorPage(page, live, `/admin/accounts/${c.seeded.accountId}/sign-ins/${traceId}`);
  expect(await page.getAttribute("h1 [data-error-code]", "data-error-code")).toBe(c.code);
  expectShown(((await page.textContent("[data-cause]")) ?? "").trim(), c.cause);
  expectShown(((await page.textContent("[data-fix]")) ?? "").trim(), c.fix);
  if (c.logged) {
    expect(await page.textContent("#logout-xml-title")).toBe(`Sign-out message XML (${c.logged})`);
    expect(await page.textContent("[data-logout-message] pre")).toContain(`<samlp:${c.logged}`);
  } else {
    expect(await page.locator("[data-logout-message]").count()).toBe(0);
  }
}

function expectShown(shown: string, expected: string | RegExp) {
  if (typeof expected === "string") expect(shown).toBe(expected);
  else expect(shown).toMatch(expected);
}

describeBrowser("browser: rehearse each single sign-out failure from the pages", () => {
  let live: LiveRuntime;
  let appUrlOf: (seeded: SeededPlatform) => string;
  beforeAll(async () => {
    live = await startLiveRuntime();
    appUrlOf = await seededAppUrls(live);
  });
  afterAll(() => live?.close());

  for (const c of CASES) {
    it(`${c.seeded.platform}: ${c.title} → ${c.code}`, async () => {
      await withFreshBrowser(`rehearse-${c.code.toLowerCase()}`, async (page, shot) => {
        const appUrl = appUrlOf(c.seeded);
        await setUpSides(page, live, appUrl, c);
        await signIn(page, live, c.seeded);
        if (c.faults) await injectFaults(page, appUrl, c.faults);
        await signOut(page, live, c);
        const traceId = await expectSignOutFailureShown(page, live, c);
        await shot("failure");
        if (c.trigger !== "my-apps") {
          // A sign-out started here ends the Mitel session whatever Entra answers.
          await page.goto(`${live.spUrl}${c.seeded.signOnPath}`);
          expect(await page.locator("[data-nameid]").count()).toBe(0);
        }
        await expectSignInLogRecord(page, live, c, traceId);
      });
      // A sign-in, a sign-out and about ten console and simulator pages: 7-11 s on a quiet
      // two-core machine, so the 30 s default is too tight when the machine is busy.
    }, 90_000);
  }
});
