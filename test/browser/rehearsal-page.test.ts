import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  REHEARSAL_SCENARIOS,
  type RehearsalScenario,
  SCENARIO_IDS,
  type ScenarioId,
} from "../../src/rehearsal/scenarios.js";
import { describeBrowser } from "../helpers/browser.js";
import {
  expectEntraError,
  expectFailureShown,
  expectLandedAsBSimon,
  openOperatorPage,
  SEEDED,
  type SeededPlatform,
  type ShownFailure,
  signInAtMitel,
  signInAtSimulator,
  UPN,
  visibleText,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * The console's "Rehearse failures" page, one scenario at a time, each in a fresh browser: Set up
 * (both sides change), Try the sign-in (the simulator's Test this application), read what the
 * sign-in ends on (the Mitel failure page or Entra's error page: code, cause, exact fix), Put
 * things back, and sign in successfully again. Driven by the scenario list itself, so a scenario
 * added there without an expectation here fails.
 */
interface EntraShown {
  aadsts: string;
  /** The simulator's note: what disagrees and where to fix it. */
  note: string | RegExp;
}

type Expected = ShownFailure | EntraShown;

const SIGNED_WITH_OTHER =
  /^Entra signed with certificate ([0-9A-F]{40}) \(CN=Microsoft Azure Federated SSO Certificate, valid to \d{4}-\d\d-\d\d\); this account trusts (?!\1)[0-9A-F]{40} \(CN=Microsoft Azure Federated SSO Certificate, valid to \d{4}-\d\d-\d\d\)\.$/;
const CLOCK_FIX =
  /^This server's clock is behind Entra's: synchronise it \(NTP\), then sign in again\. Entra sets NotBefore 5 minutes before it issues the response, so the clocks differ by more than 5 minutes plus the allowed skew\. The response was issued at \S+, this service's clock read \S+: a difference of 1200 seconds \(Entra's clock is ahead of this server's\)\.$/;

const EXPECTED: Record<ScenarioId, { seeded: SeededPlatform; shows: Expected }> = {
  "wrong-certificate": {
    seeded: SEEDED.micloud,
    shows: {
      code: "CERTIFICATE_MISMATCH",
      cause: SIGNED_WITH_OTHER,
      fix: "In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate, download Certificate (Base64) and paste it into Signing Certificate here (Phone System > Add-On Features > Single Sign-On > Settings); or, if you just created a new certificate in Entra, make it active only after pasting it.",
    },
  },
  "rollover-wrong-order": {
    seeded: SEEDED.cloudlink,
    shows: {
      code: "CERTIFICATE_MISMATCH",
      cause: SIGNED_WITH_OTHER,
      fix: "In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate, download Certificate (Base64) and paste it into Signing Certificate here (Account Information > Integrations > Microsoft Entra Single Sign On > Complete Setup); or, if you just created a new certificate in Entra, make it active only after pasting it. CloudLink accepts several certificates: during a rollover paste the new one after the current one.",
    },
  },
  "reply-url-typo": {
    seeded: SEEDED.micloud,
    shows: {
      aadsts: "AADSTS50011",
      note: /^The AuthnRequest asks for the Assertion Consumer Service URL 'http:\/\/localhost:\d+\/micloud\/contoso-micloud\/saml\/acs', but the Reply URL in Basic SAML Configuration is 'http:\/\/localhost:\d+\/micloud\/contoso-micloud\/saml\/asc'\. Copy the Mitel Reply URL into Entra's Reply URL\.$/,
    },
  },
  "identifier-typo": {
    seeded: SEEDED.cloudlink,
    shows: {
      aadsts: "AADSTS700016",
      note: /^No enterprise application in this tenant has the Identifier \(Entity ID\) 'http:\/\/localhost:\d+\/cloudlink\/contoso-cloudlink\/saml\/metadata'\. The Issuer of the AuthnRequest \(the Mitel Identifier \/ Entity ID\) must equal the Identifier in Basic SAML Configuration exactly\.$/,
    },
  },
  "entity-id-without-slash": {
    seeded: SEEDED.micloud,
    shows: {
      code: "ISSUER_MISMATCH",
      cause:
        /^The response was issued by https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/, but this account's Entity ID is https:\/\/sts\.windows\.net\/\1\.$/,
      fix: "In Entra: Mitel Connect > Single sign-on > Set up Mitel Connect, copy Microsoft Entra Identifier (https://sts.windows.net/<tenant-id>/, with its trailing slash) into Entity ID in the Mitel Account portal (Phone System > Add-On Features > Single Sign-On > Settings) and Save. Likely mistake: trailing slash: the received value ends with \u201c/\u201d, the expected one does not.",
    },
  },
  "sign-in-url-other-tenant": {
    seeded: SEEDED.cloudlink,
    shows: {
      aadsts: "AADSTS90002",
      note: "The Login URL configured in the Mitel portal names a tenant this simulator does not have. Copy the Login URL again from “Set up Mitel Connect”.",
    },
  },
  "user-not-activated": {
    seeded: SEEDED.micloud,
    shows: {
      code: "USER_NOT_ACTIVE",
      cause: "The user Britta Simon (B.Simon@contoso.com) exists but is not activated yet.",
      fix: "In the Mitel Account portal: Users > Britta Simon > Activate (a real MiCloud Connect user activates from the welcome email; this mock does it at once), then sign in again.",
    },
  },
  "user-not-assigned": {
    seeded: SEEDED.cloudlink,
    shows: {
      aadsts: "AADSTS50105",
      note: "“Assignment required?” is Yes for this application and the user is not assigned. Assign the user under Users and groups, or set “Assignment required?” to No.",
    },
  },
  "name-id-not-upn": {
    seeded: SEEDED.micloud,
    shows: {
      code: "USER_NOT_FOUND",
      cause: /^No user of Contoso \(MiCloud Connect\) has Username [A-Za-z0-9+/]{43}\.$/,
      fix: "In Entra: Mitel Connect > Single sign-on > Attributes & Claims > Unique User Identifier (Name ID): set Source attribute to user.userprincipalname (Name identifier format: Email address or Default).",
    },
  },
  "clock-skew": {
    seeded: SEEDED.cloudlink,
    shows: {
      code: "ASSERTION_NOT_YET_VALID",
      cause:
        /^The assertion is valid only from \S+, 15 minutes \(900 seconds\) after this service's time \S+ \(allowed clock skew 180 s\)\.$/,
      fix: CLOCK_FIX,
    },
  },
  "sign-on-url-empty": {
    seeded: SEEDED.micloud,
    shows: {
      code: "UNSOLICITED_RESPONSE",
      cause:
        "The response answers no request: the sign-in was started at Entra (IdP-initiated), and Mitel Connect supports SP-initiated SSO only.",
      fix: /^Start from the Sign-on URL (http:\/\/localhost:\d+\/micloud\/portal)\. In Entra: Mitel Connect > Single sign-on > Basic SAML Configuration > Sign on URL: set \1; the My Apps tile and Test this application then start there instead of sending an unsolicited response\.$/,
    },
  },
  "sha1-signing": {
    seeded: SEEDED.cloudlink,
    shows: {
      code: "WEAK_SIGNATURE_ALGORITHM",
      cause:
        "Entra signed with SHA-1 (assertion: RSA-SHA1 / SHA-1 (http://www.w3.org/2000/09/xmldsig#rsa-sha1)), which this account does not accept.",
      fix: "In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate > Signing Algorithm: choose SHA-256. Or, if SHA-1 must stay, allow it in this account's settings (Entra signing algorithm is SHA-1).",
    },
  },
  "sso-disabled": {
    seeded: SEEDED.micloud,
    shows: {
      code: "SSO_DISABLED",
      cause: "Single Sign-On is not enabled for Contoso (MiCloud Connect) (MiCloud Connect).",
      fix: "In the Mitel Account portal, open Phone System > Add-On Features > Single Sign-On > Settings, tick Enable Single Sign-On and Save.",
    },
  },
};

describeBrowser("browser: the rehearsal page puts both sides into each scenario and back", () => {
  let live: LiveRuntime;
  beforeAll(async () => {
    live = await startLiveRuntime();
  });
  afterAll(() => live?.close());

  for (const id of SCENARIO_IDS) {
    const { seeded, shows } = EXPECTED[id];
    it(`${seeded.platform}: ${REHEARSAL_SCENARIOS[id].title} → ${"code" in shows ? shows.code : shows.aadsts}`, async () => {
      await withFreshBrowser(`rehearsal-${id}`, async (page, shot) => {
        const rehearsalPath = `/admin/accounts/${seeded.accountId}/rehearsal`;
        await openOperatorPage(page, live, rehearsalPath);
        // The option reads "B.Simon@contoso.com", or with "(pending)" after a scenario left in force.
        const userId = await page.locator("#rehearsal-user option", { hasText: UPN }).getAttribute("value");
        await page.selectOption("#rehearsal-user", userId ?? "");
        await page.click(`tr[data-scenario="${id}"] button`);
        await page.waitForSelector(`[data-rehearsal-current="${id}"]`);
        expect(await page.textContent("[data-rehearsal-login]")).toBe(UPN);

        const scenario: RehearsalScenario = REHEARSAL_SCENARIOS[id];
        const stopsAtMitel = "failure" in scenario.shows ? scenario.shows.mitelSignIn : undefined;
        await tryTheSignIn(page, live, seeded, id, stopsAtMitel !== undefined);
        if (stopsAtMitel !== undefined && "code" in shows) {
          // Mitel's sign-in page stops the typed username; the direct link reaches the failure page.
          expect(await visibleText(page)).toContain(stopsAtMitel);
          await shot("mitel-sign-in");
          await openOperatorPage(page, live, rehearsalPath);
          await page.click("[data-rehearsal-try-direct]");
          await page.waitForLoadState();
          if (new URL(page.url()).origin === live.simulatorUrl) {
            await page.fill("#sign-in-username", UPN);
            await page.click("[data-sign-in-form] button:has-text('Sign in')");
            await page.waitForURL((url) => url.origin === live.spUrl, { waitUntil: "load" });
          }
          const at =
            shows.code === "SSO_DISABLED"
              ? `${live.spUrl}${seeded.signOnPath}?account=${seeded.accountId}`
              : undefined;
          await expectFailureShown(page, live, seeded, shows, at);
        } else if ("code" in shows) {
          await expectFailureShown(page, live, seeded, shows);
        } else {
          await expectEntraError(page, live, shows.aadsts);
          const note = ((await page.textContent("[data-sim-note]")) ?? "").trim();
          if (typeof shows.note === "string") expect(note).toBe(shows.note);
          else expect(note).toMatch(shows.note);
        }
        await shot("shown");

        // Put things back, then the same sign-in succeeds.
        await openOperatorPage(page, live, rehearsalPath);
        await page.click("[data-rehearsal-restore]");
        await page.waitForSelector(".alert:has-text('Everything is back as it was.')");
        expect(await page.locator("[data-rehearsal-current]").count()).toBe(0);
        await page.goto(`${live.spUrl}/logout`);
        await page.goto(`${live.spUrl}${seeded.signOnPath}`);
        await signInAtMitel(page, live, seeded);
        await signInAtSimulator(page, live, seeded);
        await expectLandedAsBSimon(page, live, seeded);
      });
    });
  }
});

/** The page's "Try the sign-in", then whatever the person meets: Mitel's sign-in, Entra's. */
async function tryTheSignIn(
  page: Page,
  live: LiveRuntime,
  seeded: SeededPlatform,
  id: ScenarioId,
  stopsAtMitel: boolean,
) {
  await page.click("[data-rehearsal-try]");
  await page.waitForLoadState();
  if (id === "sign-on-url-empty") {
    // IdP-initiated: straight to Entra's sign-in page, for no request.
    await page.waitForSelector("[data-sign-in-form]");
    await page.fill("#sign-in-username", UPN);
    await page.click("[data-sign-in-form] button:has-text('Sign in')");
    await page.waitForURL((url) => url.origin === live.spUrl, { waitUntil: "load" });
    return;
  }
  await page.waitForURL(`${live.spUrl}${seeded.signOnPath}`);
  await page.fill("#login", UPN);
  await page.click("button:has-text('Next')");
  if (stopsAtMitel) return;
  await page.click("#sso-button");
  await page.waitForURL((url) => url.origin === live.simulatorUrl);
  if (await page.locator("[data-aadsts]").count()) return;
  await page.waitForSelector("[data-sign-in-form]");
  await page.click("[data-sign-in-form] button:has-text('Sign in')");
  await page.waitForLoadState("load");
}
