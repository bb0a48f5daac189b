import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../helpers/browser.js";
import {
  type AppPageValues,
  CLAIM,
  claimsShown,
  expectSignInFailure,
  type FaultChoice,
  injectFaults,
  readAppPage,
  SEEDED,
  type SeededPlatform,
  seededAppUrls,
  testThisApplication,
  UPN,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * Rehearsing failures: tick a fault in the simulator's Fault injection, press "Test this
 * application", sign in as B.Simon, and end on the Mitel failure page with the matching
 * data-error-code, a cause that names what was wrong, and a fix. Each from a clean browser.
 * Screenshots: test-results/screenshots/entra-sim-fault-*.png.
 */
interface FaultCase {
  title: string;
  seeded: SeededPlatform;
  faults: FaultChoice;
  code: string;
  /** What the person reads on the failure page, beyond the code. */
  shows(text: string, app: AppPageValues): void;
  screenshot?: boolean;
}

const CASES: FaultCase[] = [
  {
    title: "wrong Audience",
    seeded: SEEDED.micloud,
    faults: { checkboxes: ["wrongAudience"] },
    code: "AUDIENCE_MISMATCH",
    shows(text, app) {
      expect(text).toContain("urn:entra-sim:wrong-audience");
      expect(text).toContain(app.identifier);
    },
    screenshot: true,
  },
  {
    title: "assertion expired",
    seeded: SEEDED.micloud,
    faults: { checkboxes: ["expired"] },
    code: "ASSERTION_EXPIRED",
    shows(text) {
      expect(text).toMatch(/The assertion expired at \d{4}-\d\d-\d\dT/);
    },
  },
  {
    title: "no signature",
    seeded: SEEDED.micloud,
    faults: { checkboxes: ["noSignature"] },
    code: "SIGNATURE_MISSING",
    shows(text) {
      expect(text).toContain("no signature");
      expect(text).toContain("Sign SAML assertion");
    },
  },
  {
    title: "non-Success Status carrying AADSTS50105",
    seeded: SEEDED.micloud,
    faults: { errorStatus: "AADSTS50105" },
    code: "IDP_ERROR_STATUS",
    shows(text) {
      expect(text).toContain("AADSTS50105");
      expect(text).toContain("Users and groups");
    },
    screenshot: true,
  },
  {
    title: "signed with a certificate that is not the active one",
    seeded: SEEDED.cloudlink,
    faults: { checkboxes: ["signWithNonActiveCertificate"] },
    code: "CERTIFICATE_MISMATCH",
    shows(text, app) {
      // Names the certificate the account trusts (Entra's active one) and the one that signed.
      expect(text).toContain(app.activeThumbprint);
      const thumbprints = text.match(/\b[0-9A-F]{40}\b/g) ?? [];
      expect(new Set(thumbprints).size).toBeGreaterThanOrEqual(2);
    },
    screenshot: true,
  },
  {
    title: "persistent (opaque) NameID",
    seeded: SEEDED.cloudlink,
    faults: { checkboxes: ["persistentNameId"] },
    code: "USER_NOT_FOUND",
    shows(text) {
      expect(text).toContain(`No user of ${SEEDED.cloudlink.displayName} has Email`);
      expect(text).not.toContain(UPN);
      expect(text).toContain("user.userprincipalname");
    },
  },
  {
    title: "wrong Issuer (another tenant)",
    seeded: SEEDED.cloudlink,
    faults: { checkboxes: ["wrongIssuer"] },
    code: "ISSUER_MISMATCH",
    shows(text, app) {
      expect(text).toContain(app.entraIdentifier);
      const issuers = new Set(text.match(/https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\//g) ?? []);
      expect(issuers.size).toBe(2);
    },
  },
  {
    title: "wrong Recipient and Destination",
    seeded: SEEDED.cloudlink,
    faults: { checkboxes: ["wrongRecipient"] },
    code: "DESTINATION_MISMATCH",
    shows(text, app) {
      expect(text).toContain("https://wrong-recipient.entra-sim.invalid/saml/acs");
      expect(text).toContain(app.replyUrl);
    },
  },
];

describeBrowser("browser: Entra simulator fault injection ends on the Mitel failure page", () => {
  let live: LiveRuntime;
  let appUrlOf: (seeded: SeededPlatform) => string;
  beforeAll(async () => {
    live = await startLiveRuntime();
    appUrlOf = await seededAppUrls(live);
  });
  afterAll(() => live?.close());

  for (const c of CASES) {
    it(`${c.seeded.platform}: ${c.title} → ${c.code}`, async () => {
      await withFreshBrowser(`fault-${c.seeded.platform}-${c.code.toLowerCase()}`, async (page, shot) => {
        await injectFaults(page, appUrlOf(c.seeded), c.faults);
        const app = await readAppPage(page);
        await testThisApplication(page, live, c.seeded);
        const text = await expectSignInFailure(page, live, c.seeded, c.code);
        c.shows(text, app);
        if (c.screenshot) await shot("failure-page");
      });
    });
  }

  it("micloud: email claim missing is no failure: the NameID matches, the claim is just not shown", async () => {
    const seeded = SEEDED.micloud;
    await withFreshBrowser(`fault-${seeded.platform}-email-claim-missing`, async (page) => {
      await injectFaults(page, appUrlOf(seeded), { checkboxes: ["emailClaimMissing"] });
      await testThisApplication(page, live, seeded);
      expect(page.url()).toBe(`${live.spUrl}${seeded.signOnPath}`);
      expect(await page.textContent("[data-nameid]")).toBe(UPN);
      const claims = await claimsShown(page);
      expect(claims.has(CLAIM.emailAddress)).toBe(false);
      expect(claims.get(CLAIM.givenName)).toBe("Britta");
    });
  });
});
