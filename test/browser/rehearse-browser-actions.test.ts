import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchFreshBrowser } from "../helpers/browser.js";
import {
  editBasicSamlConfiguration,
  expectEntraError,
  expectFailureShown,
  expectLandedAsBSimon,
  readAppPage,
  SEEDED,
  type SeededPlatform,
  type ShownFailure,
  seededAppUrls,
  signInAtMitel,
  testThisApplication,
  UPN,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * Rehearsing the failures a person causes with the browser or with time, not with a setting:
 * Back after signing in, sitting on Entra's sign-in page too long, opening Entra's Login URL by
 * hand, typing a user the tenant does not have, and the My Apps tile of an app without a Sign on
 * URL. Only pages and clicks; the clock of both sides is a test clock that the test moves on
 * instead of waiting. Each case in a fresh browser, leaving the settings as it found them.
 */
let clockOffsetMs = 0;
const testClock = () => Date.now() + clockOffsetMs;
const MINUTE = 60_000;

interface EntraShown {
  aadsts: string;
  message: string | RegExp;
  /** The simulator's note (what to fix); null: Entra's page has none. */
  note: string | RegExp | null;
}

interface ActionCase {
  title: string;
  seeded: SeededPlatform;
  /** The person's steps, from a fresh browser to the page that shows the failure. */
  steps(page: Page, live: LiveRuntime, appUrl: string): Promise<void>;
  /** The steps change Basic SAML Configuration: put back afterwards as it was read before. */
  changesBasicSaml?: boolean;
  shows: ShownFailure | EntraShown;
  /** Where the Mitel failure page is, when not at this account's Reply URL. */
  at?: (live: LiveRuntime) => string;
}

/** On Entra's sign-in page: press Sign in as the prefilled (or typed) user, and leave for the Mitel side. */
async function pressSignIn(page: Page, live: LiveRuntime, username?: string) {
  if (username !== undefined) await page.fill("#sign-in-username", username);
  await page.click("[data-sign-in-form] button:has-text('Sign in')");
  await page.waitForURL((url) => url.origin === live.spUrl, { waitUntil: "load" });
}

/** "Test this application" from the app page, up to Entra's sign-in page. */
async function startAtEntra(page: Page, live: LiveRuntime, seeded: SeededPlatform, appUrl: string) {
  await page.goto(appUrl);
  await page.click("[data-test-application]");
  await page.waitForURL(`${live.spUrl}${seeded.signOnPath}`);
  await signInAtMitel(page, live, seeded);
}

const CASES: ActionCase[] = [
  {
    title: "Back after signing in, then Sign in again on Entra's page",
    seeded: SEEDED.micloud,
    async steps(page, live, appUrl) {
      await page.goto(appUrl);
      await testThisApplication(page, live, SEEDED.micloud);
      await expectLandedAsBSimon(page, live, SEEDED.micloud);
      // Back skips the self-submitting "Signing you in" page (Chromium skips entries left without
      // a user gesture) and lands on Entra's sign-in page for the same AuthnRequest; signing in
      // again answers a request that was already used.
      await page.goBack({ waitUntil: "load" });
      expect(new URL(page.url()).origin).toBe(live.simulatorUrl);
      await page.waitForSelector("[data-sign-in-form]");
      await pressSignIn(page, live);
    },
    shows: {
      code: "RESPONSE_REPLAYED",
      cause: "This response's request was already used for a sign-in.",
      fix: "This response was already used. Start again from the Sign-on URL. A response is accepted once; the browser's Back button or a re-posted capture sends it again.",
    },
  },
  {
    title: "the request expired while the user sat 15 minutes on Entra's sign-in page",
    seeded: SEEDED.cloudlink,
    async steps(page, live, appUrl) {
      await startAtEntra(page, live, SEEDED.cloudlink, appUrl);
      clockOffsetMs += 15 * MINUTE;
      await pressSignIn(page, live);
    },
    shows: {
      code: "UNKNOWN_REQUEST",
      cause:
        /^The request _[0-9a-f]{40} was issued at \S+ and expired at \S+; the response arrived 15 minutes \(90\d seconds\) after it was issued\.$/,
      fix: /^Start again from the Sign-on URL http:\/\/localhost:\d+\/cloudlink\/accounts and finish the Entra sign-in within 10 minutes \(server\.requestTtlMinutes\)\.$/,
    },
  },
  {
    title: "Entra's sign-in page left open for 31 minutes",
    seeded: SEEDED.micloud,
    async steps(page, live, appUrl) {
      await startAtEntra(page, live, SEEDED.micloud, appUrl);
      clockOffsetMs += 31 * MINUTE;
      await page.click("[data-sign-in-form] button:has-text('Sign in')");
      await page.waitForSelector("[data-aadsts]");
    },
    shows: {
      aadsts: "AADSTS50089",
      message:
        "AADSTS50089: Authentication failed due to flow token expired. Please start the sign-in again.",
      note: null,
    },
  },
  {
    title: "a username the tenant does not have, typed on Entra's sign-in page",
    seeded: SEEDED.cloudlink,
    async steps(page, live, appUrl) {
      await startAtEntra(page, live, SEEDED.cloudlink, appUrl);
      await page.fill("#sign-in-username", "Nobody@contoso.com");
      await page.click("[data-sign-in-form] button:has-text('Sign in')");
      await page.waitForSelector("[data-aadsts]");
    },
    shows: {
      aadsts: "AADSTS50034",
      message:
        /^AADSTS50034: The user account Nobody@contoso\.com does not exist in the [0-9a-f-]{36} directory\. To sign into this application, the account must be added to the directory\.$/,
      note: "Pick one of the tenant's users, or add the user on the simulator's overview page.",
    },
  },
  {
    title: "a user of another organisation, not a guest of the tenant",
    seeded: SEEDED.micloud,
    async steps(page, live, appUrl) {
      await startAtEntra(page, live, SEEDED.micloud, appUrl);
      await page.fill("#sign-in-username", "Jane@fabrikam.com");
      await page.click("[data-sign-in-form] button:has-text('Sign in')");
      await page.waitForSelector("[data-aadsts]");
    },
    shows: {
      aadsts: "AADSTS50020",
      message:
        /^AADSTS50020: User account 'Jane@fabrikam\.com' from identity provider 'https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\/' does not exist in tenant 'Contoso' and cannot access the application '[0-9a-f-]{36}'\(Contoso \(MiCloud Connect\)\) in that tenant\. The account needs to be added as an external user in the tenant first\. Sign out and sign in again with a different Microsoft Entra user account\.$/,
      note: "The account belongs to another organisation (its domain is not one of this tenant's) and is not a guest here. Invite it on the simulator's overview (Invite external user), or sign in with a member of the tenant.",
    },
  },
  {
    title: "Entra's Login URL opened by hand (copied into the address bar)",
    seeded: SEEDED.micloud,
    async steps(page, _live, appUrl) {
      await page.goto(appUrl);
      const { loginUrl } = await readAppPage(page);
      await page.goto(loginUrl);
    },
    shows: {
      aadsts: "AADSTS750054",
      message:
        "AADSTS750054: SAMLRequest or SAMLResponse must be present as query string parameters in HTTP request for SAML Redirect binding.",
      note: "This is the SAML endpoint: open it through the Mitel Sign-on URL, which sends an AuthnRequest here. To start from the simulator, use \u201cTest this application\u201d or My Apps.",
    },
  },
  {
    title: "the My Apps tile with the Sign on URL empty (IdP-initiated)",
    seeded: SEEDED.cloudlink,
    async steps(page, live, appUrl) {
      await editBasicSamlConfiguration(page, appUrl, { signOnUrl: "" });
      await page.goto(`${live.simulatorUrl}/entra-sim/my-apps`);
      await page.selectOption("#my-apps-user", UPN);
      await page.click("button:has-text('Show my apps')");
      await page.click(`[data-app-tile="${SEEDED.cloudlink.displayName}"]`);
      await page.waitForSelector("[data-sign-in-form]");
      await pressSignIn(page, live, UPN);
    },
    changesBasicSaml: true,
    shows: {
      code: "UNSOLICITED_RESPONSE",
      cause:
        "The response answers no request: the sign-in was started at Entra (IdP-initiated), and Mitel Connect supports SP-initiated SSO only.",
      fix: /^Start from the Sign-on URL (http:\/\/localhost:\d+\/cloudlink\/accounts)\. In Entra: Mitel Connect > Single sign-on > Basic SAML Configuration > Sign on URL: set \1; the My Apps tile and Test this application then start there instead of sending an unsolicited response\.$/,
    },
  },
  {
    title: "IdP-initiated to the Reply URL of an account that does not exist",
    seeded: SEEDED.micloud,
    async steps(page, live, appUrl) {
      await editBasicSamlConfiguration(page, appUrl, {
        signOnUrl: "",
        replyUrl: `${live.spUrl}/micloud/contoso-deleted/saml/acs`,
      });
      await page.click("[data-test-application]");
      await page.waitForSelector("[data-sign-in-form]");
      await pressSignIn(page, live, UPN);
    },
    changesBasicSaml: true,
    at: (live) => `${live.spUrl}/micloud/contoso-deleted/saml/acs`,
    shows: {
      code: "ACCOUNT_NOT_FOUND",
      cause: 'There is no micloud account "contoso-deleted" here.',
      fix: "Check the account id in the URL; the account may have been deleted.",
    },
  },
];

describeBrowser("browser: rehearse the failures caused by the browser and by time", () => {
  let live: LiveRuntime;
  let appUrlOf: (seeded: SeededPlatform) => string;
  beforeAll(async () => {
    live = await startLiveRuntime({ now: testClock });
    appUrlOf = await seededAppUrls(live);
  });
  afterAll(() => live?.close());

  for (const c of CASES) {
    const shown = "code" in c.shows ? c.shows.code : c.shows.aadsts;
    it(`${c.seeded.platform}: ${c.title} → ${shown}`, async () => {
      const appUrl = appUrlOf(c.seeded);
      await withFreshBrowser(`action-${shown.toLowerCase()}`, async (page, shot) => {
        // A step that fails ends well within the test's time, so its clean-up (the clock, the
        // settings) never runs during the next case.
        page.setDefaultTimeout(10_000);
        await page.goto(appUrl);
        const before = await readAppPage(page);
        try {
          await c.steps(page, live, appUrl);
          if ("code" in c.shows) {
            await expectFailureShown(page, live, c.seeded, c.shows, c.at?.(live));
          } else {
            await expectEntraError(page, live, c.shows.aadsts);
            const message = ((await page.textContent("[data-error-message]")) ?? "").trim();
            if (typeof c.shows.message === "string") expect(message).toBe(c.shows.message);
            else expect(message).toMatch(c.shows.message);
            const note = (await page.locator("[data-sim-note]").count())
              ? ((await page.textContent("[data-sim-note]")) ?? "").trim()
              : null;
            if (c.shows.note === null || typeof c.shows.note === "string") expect(note).toBe(c.shows.note);
            else expect(note).toMatch(c.shows.note);
          }
          await shot("shown");
        } finally {
          clockOffsetMs = 0;
          if (c.changesBasicSaml) {
            const { identifier, replyUrl, signOnUrl } = before;
            await editBasicSamlConfiguration(page, appUrl, { identifier, replyUrl, signOnUrl });
          }
        }
      });
    });
  }

  it("micloud: Entra's sign-in page opened in another browser → REQUEST_NOT_FROM_THIS_BROWSER", async () => {
    const seeded = SEEDED.micloud;
    const appUrl = appUrlOf(seeded);
    await withFreshBrowser("action-request_not_from_this_browser", async (page, shot) => {
      page.setDefaultTimeout(10_000);
      // Browser A starts the sign-in and stops on Entra's sign-in page…
      await startAtEntra(page, live, seeded, appUrl);
      const entraSignInUrl = page.url();
      // …whose address is opened in browser B (another profile, say), where the person signs in.
      const other = await launchFreshBrowser();
      try {
        other.page.setDefaultTimeout(10_000);
        await other.page.goto(entraSignInUrl);
        await other.page.waitForSelector("[data-sign-in-form]");
        await pressSignIn(other.page, live);
        await expectFailureShown(other.page, live, seeded, {
          code: "REQUEST_NOT_FROM_THIS_BROWSER",
          cause: "The sign-in was started in another browser than the one that posted the response.",
          fix: /^The browser did not send this service's sign-in cookie with Entra's POST\. Start again from the Sign-on URL http:\/\/localhost:\d+\/micloud\/portal in one browser; if PUBLIC_URL is plain http on a host other than localhost, use https \(the cookie is Secure and SameSite=None\)\.$/,
        });
        await other.screenshot("entra-sim-action-request_not_from_this_browser-shown");
      } finally {
        await other.close();
      }
      await shot("browser-a");
    });
  });
});
