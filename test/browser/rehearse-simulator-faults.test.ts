import { afterAll, beforeAll, it } from "vitest";
import { describeBrowser } from "../helpers/browser.js";
import {
  expectFailureShown,
  type FaultChoice,
  injectFaults,
  SEEDED,
  type SeededPlatform,
  type ShownFailure,
  seededAppUrls,
  testThisApplication,
  withFreshBrowser,
} from "../helpers/entra-sim-browser.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

/**
 * Rehearsing every failure the simulator's fault switches produce: set one fault on the app page,
 * "Test this application", sign in as B.Simon, and read the Mitel failure page: the code, the
 * cause and the exact fix. One fault at a time, each producing its own code (not an earlier
 * check's), each in a fresh browser. The coverage table (README) points here by code.
 */
interface FaultRehearsal extends ShownFailure {
  title: string;
  seeded: SeededPlatform;
  faults: FaultChoice;
}

const CASES: FaultRehearsal[] = [
  {
    title: "wrong Recipient only (Destination right)",
    seeded: SEEDED.micloud,
    faults: { tampering: "recipient-only" },
    code: "RECIPIENT_MISMATCH",
    cause:
      /^Entra addressed the assertion's Recipient to https:\/\/recipient-only\.entra-sim\.invalid\/saml\/acs, but this account's Reply URL is http:\/\/localhost:\d+\/micloud\/contoso-micloud\/saml\/acs\.$/,
    fix: /^In Entra: Mitel Connect > Single sign-on > Basic SAML Configuration > Reply URL \(Assertion Consumer Service URL\): set http:\/\/localhost:\d+\/micloud\/contoso-micloud\/saml\/acs and mark it Default \(copy it from Reply URL \(Assertion Consumer Service URL\) in the Mitel Account portal\)\.$/,
  },
  {
    title: "no bearer confirmation",
    seeded: SEEDED.cloudlink,
    faults: { tampering: "no-bearer" },
    code: "BEARER_CONFIRMATION_MISSING",
    cause: "The assertion has no bearer SubjectConfirmation.",
    fix: "Entra always sends a bearer confirmation; this response was not sent by Entra.",
  },
  {
    title: "no NameID",
    seeded: SEEDED.micloud,
    faults: { tampering: "no-nameid" },
    code: "NAMEID_MISSING",
    cause: "The assertion carries no NameID.",
    fix: "In Entra: Attributes & Claims > Unique User Identifier (Name ID): set it to user.userprincipalname.",
  },
  {
    title: "two assertions",
    seeded: SEEDED.cloudlink,
    faults: { tampering: "two-assertions" },
    code: "MULTIPLE_ASSERTIONS",
    cause: "The response holds more than one assertion; Entra always sends exactly one.",
    fix: "Entra sends exactly one assertion; this response was altered on the way or not sent by Entra.",
  },
  {
    title: "response changed after signing",
    seeded: SEEDED.micloud,
    faults: { tampering: "changed-after-signing" },
    code: "SIGNATURE_INVALID",
    cause:
      /^The signature does not verify, although it names the configured certificate [0-9A-F]{40}: the response was changed after Entra signed it\.$/,
    fix: "Nothing to change in the settings: something between Entra and this service altered the response (a proxy, a browser extension, or an edited capture). Sign in again from the Sign-on URL; if it keeps failing, capture the response with SAML-tracer and use Analyze.",
  },
  {
    title: "DOCTYPE",
    seeded: SEEDED.cloudlink,
    faults: { tampering: "doctype" },
    code: "XML_DOCTYPE_FORBIDDEN",
    cause: "The XML contains a DOCTYPE or ENTITY declaration, which SAML never needs.",
    fix: "SAML messages never contain a DOCTYPE; this message was not sent by Entra.",
  },
  {
    title: "a LogoutRequest posted to the Reply URL",
    seeded: SEEDED.micloud,
    faults: { tampering: "logout-request" },
    code: "SAML_MESSAGE_UNEXPECTED",
    cause: "The ACS received a LogoutRequest, not a SAML Response.",
    fix: "Only SAML Responses may be posted to the Reply URL. In Entra, make sure the Logout URL is not set to this Reply URL.",
  },
  {
    title: "response cut short",
    seeded: SEEDED.cloudlink,
    faults: { tampering: "not-xml" },
    code: "SAML_RESPONSE_MALFORMED",
    cause: "The XML ends inside a tag, comment or CDATA section.",
    fix: "The message that reached the Reply URL is not a usable SAML Response. Sign in again from the Sign-on URL; if it persists, capture it and use Analyze.",
  },
  {
    title: "empty SAMLResponse field",
    seeded: SEEDED.micloud,
    faults: { tampering: "empty-form" },
    code: "SAML_RESPONSE_MISSING",
    cause: "The POST carried no SAMLResponse form field.",
    fix: "Start the sign-in from the Sign-on URL; the Reply URL only accepts the form Entra posts back.",
  },
  {
    title: "400 group claims",
    seeded: SEEDED.cloudlink,
    faults: { tampering: "oversized" },
    code: "SAML_RESPONSE_TOO_LARGE",
    cause:
      /^The SAMLResponse decodes to about \d+ KB; at most 32 KB is accepted \(Entra's responses are a few KB\)\.$/,
    fix: "Entra's responses are a few KB; this one is far larger, so it was not sent by Entra or carries far too many claims. In Entra, trim the Attributes & Claims (emit groups as a link or filter them), then sign in again.",
  },
  {
    title: "Version 1.1",
    seeded: SEEDED.micloud,
    faults: { tampering: "saml-1-1" },
    code: "UNSUPPORTED_SAML_VERSION",
    cause: "The message is not SAML 2.0 (Version attribute); Entra always sends 2.0.",
    fix: 'Entra always sends SAML 2.0 (Version="2.0"); this message was not sent by Entra as is. Sign in again from the Sign-on URL.',
  },
  {
    title: "issued three hours ago",
    seeded: SEEDED.cloudlink,
    faults: { tampering: "issued-long-ago" },
    code: "ASSERTION_TOO_OLD",
    cause: "The assertion was issued too long ago to answer a sign-in started now.",
    fix: "The assertion was issued long before it arrived: Entra issues a fresh one for every sign-in. Sign in again from the Sign-on URL; if a fresh sign-in fails the same way, synchronise this server's clock (NTP).",
  },
  {
    title: "Entra session ended",
    seeded: SEEDED.micloud,
    faults: { tampering: "session-ended" },
    code: "SESSION_EXPIRED",
    cause: "The session Entra granted has already ended (AuthnStatement SessionNotOnOrAfter).",
    fix: "The session Entra granted (AuthnStatement SessionNotOnOrAfter) had already ended when the response arrived. Sign in again from the Sign-on URL; if it keeps happening, check the session lifetime policies in Entra (Conditional Access > Session > Sign-in frequency).",
  },
  {
    title: "NotBefore an hour after IssueInstant (clocks agree)",
    seeded: SEEDED.cloudlink,
    faults: { checkboxes: ["notYetValid"] },
    code: "ASSERTION_NOT_YET_VALID",
    cause:
      /^The assertion is valid only from \S+, 60 minutes \(3600 seconds\) after this service's time \S+ \(allowed clock skew 180 s\)\.$/,
    fix: /^The clocks agree \(the response was issued at \S+, this service's clock read \S+\), but its NotBefore lies after its IssueInstant, which Entra never does \(it sets NotBefore 5 minutes before\): this response was not shaped by Entra\. Sign in again from the Sign-on URL http:\/\/localhost:\d+\/cloudlink\/accounts\.$/,
  },
  {
    title: "simulator clock 20 minutes ahead",
    seeded: SEEDED.micloud,
    faults: { clockOffsetMinutes: 20 },
    code: "ASSERTION_NOT_YET_VALID",
    cause:
      /^The assertion is valid only from \S+, (?:14|15) minutes \(\d+ seconds\) after this service's time \S+ \(allowed clock skew 180 s\)\.$/,
    fix: /^This server's clock is behind Entra's: synchronise it \(NTP\), then sign in again\. Entra sets NotBefore 5 minutes before it issues the response, so the clocks differ by more than 5 minutes plus the allowed skew\. The response was issued at \S+, this service's clock read \S+: a difference of 1200 seconds \(Entra's clock is ahead of this server's\)\.$/,
  },
  {
    title: "Entra answers AADSTS50126",
    seeded: SEEDED.cloudlink,
    faults: { errorStatus: "AADSTS50126" },
    code: "IDP_ERROR_STATUS",
    cause: "Entra answered with AADSTS50126 instead of signing the user in: Invalid username or password.",
    fix: "The user must sign in to Entra with the right password; nothing to change in the app settings.",
  },
  {
    title: "Entra answers AADSTS53003",
    seeded: SEEDED.micloud,
    faults: { errorStatus: "AADSTS53003" },
    code: "IDP_ERROR_STATUS",
    cause:
      "Entra answered with AADSTS53003 instead of signing the user in: A Conditional Access policy blocked the sign-in.",
    fix: "In Entra: Protection > Conditional Access: check the policies that apply to Mitel Connect and this user (Sign-in logs show which one).",
  },
  {
    title: "Entra answers AADSTS50076",
    seeded: SEEDED.cloudlink,
    faults: { errorStatus: "AADSTS50076" },
    code: "IDP_ERROR_STATUS",
    cause:
      "Entra answered with AADSTS50076 instead of signing the user in: Multi-factor authentication is required and was not completed.",
    fix: "The user must complete MFA at Entra; nothing to change in the Mitel settings.",
  },
];

describeBrowser("browser: rehearse each failure code with one simulator fault", () => {
  let live: LiveRuntime;
  let appUrlOf: (seeded: SeededPlatform) => string;
  beforeAll(async () => {
    live = await startLiveRuntime();
    appUrlOf = await seededAppUrls(live);
  });
  afterAll(() => live?.close());

  for (const c of CASES) {
    it(`${c.seeded.platform}: ${c.title} → ${c.code}`, async () => {
      await withFreshBrowser(`rehearse-${c.code.toLowerCase()}`, async (page) => {
        await injectFaults(page, appUrlOf(c.seeded), c.faults);
        await testThisApplication(page, live, c.seeded);
        await expectFailureShown(page, live, c.seeded, c);
      });
    });
  }
});
