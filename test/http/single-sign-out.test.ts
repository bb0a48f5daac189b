/**
 * Single sign-out (mock only), both directions, through the Entra simulator in one runtime (the SP
 * at localhost, the simulator at 127.0.0.1): the SP's LogoutRequest and the simulator's signed
 * LogoutResponse; a sign-out started in the simulator (My Apps) reaching the SP's Single Logout
 * endpoint and answered; and every refusal of the endpoint a 4xx with its SLO_* code, recorded.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostBrowser } from "../helpers/host-browser.js";
import { createTestRuntime, TEST_PUBLIC_URL, type TestRuntime } from "../helpers/test-runtime.js";
import { decodeHtml, inputValue } from "../unit/idp-simulator/simulator-harness.js";
import { operatorAgent } from "./admin-support.js";

const SIM = TEST_PUBLIC_URL.replace("localhost", "127.0.0.1");
const TOKEN = "test-admin-token-0123456789abcdef";
const ACCOUNT = "contoso-micloud";
const SLO_URL = `${TEST_PUBLIC_URL}/micloud/${ACCOUNT}/saml/logout`;
const csrf = (html: string) => inputValue(html, "_csrf") ?? "";

let rt: TestRuntime;
let simAppId = "";
beforeAll(async () => {
  rt = await createTestRuntime({ simulator: true, seeds: ["config/seeds/demo-accounts.yaml"] });
  const account = await rt.ctx.accounts.require(ACCOUNT);
  await patchAccount({ idpLogoutUrl: account.sso.idpSignInUrl });
  simAppId = await simulatorAppId(new HostBrowser(rt.app));
  await setSimulatorLogoutUrl(new HostBrowser(rt.app), SLO_URL);
});
afterAll(() => rt.dispose());

async function patchAccount(body: object) {
  const res = await request(rt.app)
    .patch(`/api/v1/accounts/${ACCOUNT}`)
    .set("Authorization", `Bearer ${TOKEN}`)
    .send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function simulatorAppId(browser: HostBrowser): Promise<string> {
  const overview = await browser.get(`${SIM}/entra-sim/`);
  const id = /href="\/entra-sim\/apps\/([^"]+)"[^>]*>Contoso \(MiCloud Connect\)</.exec(overview.text)?.[1];
  expect(id).toBeTruthy();
  return id ?? "";
}

/** Basic SAML Configuration > Logout Url of the simulator's app, the other fields as they are. */
async function setSimulatorLogoutUrl(browser: HostBrowser, logoutUrl: string) {
  const page = (await browser.get(`${SIM}/entra-sim/apps/${simAppId}`)).text;
  const field = (name: string) => decodeHtml(inputValue(page, name) ?? "");
  const saved = await browser.postForm(`${SIM}/entra-sim/apps/${simAppId}/basic-saml`, {
    _csrf: csrf(page),
    identifier: field("identifier"),
    replyUrl: field("replyUrl"),
    signOnUrl: field("signOnUrl"),
    relayState: field("relayState"),
    logoutUrl,
  });
  expect(saved.status).toBe(303);
}

/** The simulator app's Fault injection form: exactly these switches on. */
async function setSimulatorFaults(browser: HostBrowser, faults: Record<string, string>) {
  const page = (await browser.get(`${SIM}/entra-sim/apps/${simAppId}`)).text;
  const saved = await browser.postForm(`${SIM}/entra-sim/apps/${simAppId}/faults`, {
    _csrf: csrf(page),
    ...faults,
  });
  expect(saved.status).toBe(303);
}

/** Signs B.Simon in through the simulator and follows the browser to the landing page. */
async function signIn(browser: HostBrowser) {
  const start = await browser.get(`${TEST_PUBLIC_URL}/micloud/${ACCOUNT}/saml/login`);
  const page = await browser.get(String(start.headers.location));
  const action = decodeHtml(/<form[^>]*action="([^"]*\/sign-in)"/.exec(page.text)?.[1] ?? "");
  const posted = await browser.postForm(new URL(action, SIM).href, {
    _csrf: csrf(page.text),
    pending: inputValue(page.text, "pending") ?? "",
    pick: "B.Simon@contoso.com",
  });
  let res = await browser.postForm(`${TEST_PUBLIC_URL}/micloud/${ACCOUNT}/saml/acs`, {
    SAMLResponse: inputValue(posted.text, "SAMLResponse") ?? "",
    RelayState: inputValue(posted.text, "RelayState") ?? "",
  });
  let url = `${TEST_PUBLIC_URL}/micloud/${ACCOUNT}/saml/acs`;
  while (res.status >= 300 && res.status < 400) {
    url = HostBrowser.follow(url, String(res.headers.location));
    res = await browser.get(url);
  }
  expect(res.text).toContain("data-nameid");
  return res;
}

const signedInHere = async (browser: HostBrowser) =>
  (await browser.get(`${TEST_PUBLIC_URL}/micloud/portal`)).text.includes("data-nameid");

function messageOf(location: string, param: "SAMLRequest" | "SAMLResponse"): string {
  const encoded = new URL(location).searchParams.get(param) ?? "";
  return inflateRawSync(Buffer.from(encoded, "base64")).toString("utf8");
}

/** Sign out at the SP: the LogoutRequest to the simulator, and the simulator's answer (not followed). */
async function signOutAtSp(browser: HostBrowser) {
  const out = await browser.postForm(`${TEST_PUBLIC_URL}/logout`, {});
  expect(out.status).toBe(302);
  const toEntra = String(out.headers.location);
  const atEntra = await browser.get(toEntra);
  expect(atEntra.status).toBe(302);
  return { toEntra, back: String(atEntra.headers.location) };
}

describe("single sign-out (mock only)", () => {
  it("SP metadata advertises the Single Logout endpoint (HTTP-Redirect) only while it is on", async () => {
    const metadata = await request(rt.app).get(`/micloud/${ACCOUNT}/saml/metadata`);
    expect(metadata.text).toContain(
      `<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${SLO_URL}"/>`,
    );
    const other = await request(rt.app).get("/cloudlink/contoso-cloudlink/saml/metadata");
    expect(other.status).toBe(200);
    expect(other.text).not.toContain("SingleLogoutService");
  });

  it("SP-initiated: Sign out sends a LogoutRequest; Entra's signed LogoutResponse ends the sign-out", async () => {
    const browser = new HostBrowser(rt.app);
    const landing = await signIn(browser);
    const nameId = /<code data-nameid>([^<]*)</.exec(landing.text)?.[1];
    const { toEntra, back } = await signOutAtSp(browser);

    const account = await rt.ctx.accounts.require(ACCOUNT);
    expect(toEntra.startsWith(account.sso.idpLogoutUrl)).toBe(true);
    const logoutRequest = messageOf(toEntra, "SAMLRequest");
    expect(logoutRequest).toContain("<samlp:LogoutRequest");
    expect(logoutRequest).toContain(`Destination="${account.sso.idpLogoutUrl}"`);
    expect(logoutRequest).toContain(`>${nameId}</saml:NameID>`);
    expect(logoutRequest).toMatch(/<saml2p:SessionIndex[^>]*>_[^<]+</);
    // Signed out here at once, before Entra answers.
    expect(await signedInHere(browser)).toBe(false);

    expect(back.startsWith(`${SLO_URL}?SAMLResponse=`)).toBe(true);
    // Entra's encoding: lower-case percent escapes, signed over the bytes as sent.
    expect(back).toMatch(
      /SigAlg=http%3a%2f%2fwww\.w3\.org%2f2001%2f04%2fxmldsig-more%23rsa-sha256&Signature=/,
    );
    const logoutResponse = messageOf(back, "SAMLResponse");
    const requestId = /<samlp:LogoutRequest[^>]* ID="([^"]+)"/.exec(logoutRequest)?.[1];
    expect(logoutResponse).toContain(`InResponseTo="${requestId}"`);

    const done = await browser.get(back);
    expect(done.status).toBe(200);
    expect(done.text).toContain('data-signed-out="entra"');
    // The simulator's session ended too: My Apps offers no Sign out.
    expect((await browser.get(`${SIM}/entra-sim/my-apps`)).text).not.toContain("data-signed-in-as");
  });

  it("IdP-initiated: My Apps' Sign out sends a LogoutRequest that ends the SP session, answered with a LogoutResponse", async () => {
    const browser = new HostBrowser(rt.app);
    await signIn(browser);
    const myApps = await browser.get(`${SIM}/entra-sim/my-apps`);
    expect(myApps.text).toContain('data-signed-in-as="B.Simon@contoso.com"');
    const out = await browser.postForm(`${SIM}/entra-sim/my-apps/sign-out`, { _csrf: csrf(myApps.text) });
    expect(out.status).toBe(302);
    const toSp = String(out.headers.location);
    expect(toSp.startsWith(`${SLO_URL}?SAMLRequest=`)).toBe(true);
    expect(messageOf(toSp, "SAMLRequest")).toContain("<samlp:SessionIndex>");

    const answered = await browser.get(toSp);
    expect(answered.status).toBe(302);
    const toEntra = String(answered.headers.location);
    expect(toEntra.startsWith(`${SIM}/entra-sim/`)).toBe(true);
    expect(messageOf(toEntra, "SAMLResponse")).toContain("urn:oasis:names:tc:SAML:2.0:status:Success");
    expect(await signedInHere(browser)).toBe(false);

    const final = await browser.get(toEntra);
    expect(final.status).toBe(200);
    expect(decodeHtml(final.text)).toContain("You signed out of your account");
    expect(decodeHtml(final.text)).toContain("Contoso (MiCloud Connect): signed out");
  });

  it("a replayed LogoutResponse answers nothing in another browser: SLO_UNKNOWN_REQUEST, recorded", async () => {
    const browser = new HostBrowser(rt.app);
    await signIn(browser);
    const { back } = await signOutAtSp(browser);
    const res = await new HostBrowser(rt.app).get(back, { Accept: "application/json" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("SLO_UNKNOWN_REQUEST");
    const record = await rt.ctx.signIns.get(ACCOUNT, res.body.error.traceId);
    expect(record?.failureCode).toBe("SLO_UNKNOWN_REQUEST");
    expect(record?.details.stage).toBe("sign-out");
    expect(record?.fix).toContain("LogoutResponse must answer");
  });

  it("an unsigned or re-signed LogoutResponse is refused (SLO_SIGNATURE_MISSING / SLO_SIGNATURE_INVALID)", async () => {
    const browser = new HostBrowser(rt.app);
    await signIn(browser);
    const { back } = await signOutAtSp(browser);
    const unsigned = back.replace(/&SigAlg=[^&]*/, "").replace(/&Signature=[^&]*/, "");
    const missing = await browser.get(unsigned, { Accept: "application/json" });
    expect(missing.body.error.code).toBe("SLO_SIGNATURE_MISSING");
    const forged = back.replace(/Signature=([^&]{10})/, "Signature=AAAAAAAAAA");
    const invalid = await browser.get(forged, { Accept: "application/json" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("SLO_SIGNATURE_INVALID");
  });

  it.each([
    ["signWithNonActiveCertificate", "on", "SLO_SIGNATURE_INVALID", "Signing Certificate"],
    ["wrongIssuer", "on", "SLO_ISSUER_MISMATCH", "Microsoft Entra Identifier"],
    ["noSignature", "on", "SLO_SIGNATURE_MISSING", "Entra signs"],
    ["errorStatus", "AADSTS53003", "SLO_ERROR_STATUS", "Entra could not sign the user out"],
  ] as const)(
    "the simulator's %s fault (%s) on its LogoutResponse: %s, with its fix in the sign-in log",
    async (fault, value, code, fix) => {
      const browser = new HostBrowser(rt.app);
      await signIn(browser);
      await setSimulatorFaults(browser, { [fault]: value });
      try {
        const { back } = await signOutAtSp(browser);
        const refused = await browser.get(back);
        expect(refused.status).toBeGreaterThanOrEqual(400);
        expect(refused.status).toBeLessThan(500);
        expect(refused.text).toContain(`data-error-code="${code}"`);
        const [record] = await rt.ctx.signIns.search({ accountId: ACCOUNT, failureCode: code, limit: 1 });
        expect(record?.details.stage).toBe("sign-out");
        expect(record?.fix).toContain(fix);
        // The log's page shows the refused LogoutResponse itself.
        const admin = await operatorAgent(rt.app);
        const page = await admin.get(`/admin/accounts/${ACCOUNT}/sign-ins/${record?.traceId}`);
        expect(page.status).toBe(200);
        expect(page.text).toContain("Sign-out message XML (LogoutResponse)");
        expect(decodeHtml(page.text)).toContain("<samlp:LogoutResponse");
      } finally {
        await setSimulatorFaults(browser, {});
      }
    },
  );

  it.each([
    ["no message", "", "SLO_MESSAGE_MALFORMED"],
    ["garbage SAMLResponse", "?SAMLResponse=%%%not-base64", "SLO_MESSAGE_MALFORMED"],
    [
      "base64 that is not DEFLATE",
      `?SAMLResponse=${encodeURIComponent(Buffer.from("hello").toString("base64"))}`,
      "SLO_MESSAGE_MALFORMED",
    ],
    ["a repeated SAMLRequest", "?SAMLRequest=a&SAMLRequest=b", "SLO_MESSAGE_MALFORMED"],
    [
      "a SAMLRequest that inflates to 1 MB",
      `?SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.alloc(1 << 20, 32)).toString("base64"))}`,
      "SLO_MESSAGE_MALFORMED",
    ],
  ])("%s gets a 400 page with its code, never a 500", async (_what, query, code) => {
    const res = await request(rt.app).get(`/micloud/${ACCOUNT}/saml/logout${query}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`data-error-code="${code}"`);
    expect(res.text).toContain("We couldn&#39;t sign you out");
  });

  it("an account with single sign-out off answers SLO_NOT_CONFIGURED (409)", async () => {
    const res = await request(rt.app)
      .get("/cloudlink/contoso-cloudlink/saml/logout?SAMLRequest=x")
      .set("Accept", "application/json");
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("SLO_NOT_CONFIGURED");
  });

  it("without single sign-out, Sign out stays local and says so", async () => {
    await patchAccount({ idpLogoutUrl: "" });
    const browser = new HostBrowser(rt.app);
    await signIn(browser);
    const out = await browser.postForm(`${TEST_PUBLIC_URL}/logout`, {});
    expect(out.status).toBe(200);
    expect(out.text).toContain('data-signed-out="local"');
    expect(await signedInHere(browser)).toBe(false);
    const account = await rt.ctx.accounts.require(ACCOUNT);
    await patchAccount({ idpLogoutUrl: account.sso.idpSignInUrl });
  });

  it("the simulator: an app without Logout Url cannot be answered, and Entra's page says so", async () => {
    await setSimulatorLogoutUrl(new HostBrowser(rt.app), "");
    const browser = new HostBrowser(rt.app);
    await signIn(browser);
    const out = await browser.postForm(`${TEST_PUBLIC_URL}/logout`, {});
    const atEntra = await browser.get(String(out.headers.location));
    expect(atEntra.status).toBe(200);
    expect(decodeHtml(atEntra.text)).toContain("You signed out of your account");
    expect(atEntra.text).toContain('data-unanswered-app="Contoso (MiCloud Connect)"');
    await setSimulatorLogoutUrl(new HostBrowser(rt.app), SLO_URL);
  });

  it("Sign out still reaches Entra's Logout URL when the Sign-in URL was cleared since sign-in", async () => {
    const browser = new HostBrowser(rt.app);
    await signIn(browser);
    const before = await rt.ctx.accounts.require(ACCOUNT);
    await rt.ctx.accounts.update(ACCOUNT, { sso: { idpSignInUrl: "" } });
    try {
      const out = await browser.postForm(`${TEST_PUBLIC_URL}/logout`, {});
      expect(out.status).toBe(302);
      expect(String(out.headers.location).startsWith(`${before.sso.idpLogoutUrl}?SAMLRequest=`)).toBe(true);
      expect(await signedInHere(browser)).toBe(false);
    } finally {
      await rt.ctx.accounts.update(ACCOUNT, { sso: { idpSignInUrl: before.sso.idpSignInUrl } });
    }
  });

  it("the API validates Entra's Logout URL with the field named", async () => {
    const res = await request(rt.app)
      .patch(`/api/v1/accounts/${ACCOUNT}`)
      .set("Authorization", `Bearer ${TOKEN}`)
      .send({ idpLogoutUrl: "http://entra.example.com/saml2" });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe("idpLogoutUrl");
  });
});
