/**
 * The mock-only AuthnRequest options (issue 14): ForceAuthn and the NameIDPolicy Format, set per
 * account through the API, sent in the AuthnRequest, and honoured by the Entra simulator as Entra
 * does: ForceAuthn does not offer the simulator's session; an emailAddress NameIDPolicy the app's
 * Name identifier cannot satisfy gets an error status, which the SP shows as IDP_ERROR_STATUS.
 * The SP at localhost, the simulator at 127.0.0.1 (both in one runtime).
 */
import { inflateRawSync } from "node:zlib";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostBrowser } from "../helpers/host-browser.js";
import { createTestRuntime, TEST_PUBLIC_URL, type TestRuntime } from "../helpers/test-runtime.js";
import { decodeHtml, inputValue } from "../unit/idp-simulator/simulator-harness.js";
import { operatorAgent, postForm } from "./admin-support.js";

const SIM = TEST_PUBLIC_URL.replace("localhost", "127.0.0.1");
const TOKEN = "test-admin-token-0123456789abcdef";
const ACCOUNT = "contoso-micloud";
const csrf = (html: string) => inputValue(html, "_csrf") ?? "";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime({ simulator: true, seeds: ["config/seeds/demo-accounts.yaml"] });
});
afterAll(() => rt.dispose());

async function setOptions(body: object) {
  const res = await request(rt.app)
    .patch(`/api/v1/accounts/${ACCOUNT}`)
    .set("Authorization", `Bearer ${TOKEN}`)
    .send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

function authnRequestOf(location: string): string {
  const encoded = new URL(location).searchParams.get("SAMLRequest") ?? "";
  return inflateRawSync(Buffer.from(encoded, "base64")).toString("utf8");
}

/** Starts at the SP, lands on the simulator: the AuthnRequest's XML and the sign-in page. */
async function startLogin(browser: HostBrowser) {
  const start = await browser.get(`${TEST_PUBLIC_URL}/micloud/${ACCOUNT}/saml/login`);
  expect(start.status).toBe(302);
  const location = String(start.headers.location);
  const page = await browser.get(location);
  expect(page.status).toBe(200);
  return { xml: authnRequestOf(location), page: page.text };
}

/** Picks B.Simon on the sign-in page and posts the simulator's response to the ACS. */
async function finish(browser: HostBrowser, page: string) {
  const action = decodeHtml(/<form[^>]*action="([^"]*\/sign-in)"/.exec(page)?.[1] ?? "");
  const posted = await browser.postForm(new URL(action, SIM).href, {
    _csrf: csrf(page),
    pending: inputValue(page, "pending") ?? "",
    pick: "B.Simon@contoso.com",
  });
  const samlResponse = inputValue(posted.text, "SAMLResponse") ?? "";
  expect(samlResponse).not.toBe("");
  return browser.postForm(
    `${TEST_PUBLIC_URL}/micloud/${ACCOUNT}/saml/acs`,
    { SAMLResponse: samlResponse, RelayState: inputValue(posted.text, "RelayState") ?? "" },
    { Accept: "application/json" },
  );
}

describe("ForceAuthn and NameIDPolicy Format (mock only)", () => {
  it("defaults: no ForceAuthn, NameIDPolicy unspecified, as Mitel sends", async () => {
    const account = (
      await request(rt.app).get(`/api/v1/accounts/${ACCOUNT}`).set("Authorization", `Bearer ${TOKEN}`)
    ).body;
    expect(account.sso).toMatchObject({ forceAuthn: false, nameIdPolicyFormat: "unspecified" });
    const { xml } = await startLogin(new HostBrowser(rt.app));
    expect(xml).not.toContain('ForceAuthn="true"');
    expect(xml).toMatch(/NameIDPolicy[^>]*Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"/);
  });

  it("rejects an unknown format with the field named", async () => {
    const res = await request(rt.app)
      .patch(`/api/v1/accounts/${ACCOUNT}`)
      .set("Authorization", `Bearer ${TOKEN}`)
      .send({ nameIdPolicyFormat: "kerberos" });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe("nameIdPolicyFormat");
  });

  it("ForceAuthn: the simulator shows its sign-in page without offering the session's account", async () => {
    const browser = new HostBrowser(rt.app);
    const first = await startLogin(browser);
    expect((await finish(browser, first.page)).status).toBe(303);
    // Signed in at the simulator: the next sign-in page offers that account.
    const again = await startLogin(browser);
    expect(inputValue(again.page, "username")).toBe("B.Simon@contoso.com");
    expect(again.page).not.toContain("data-force-authn");

    await setOptions({ forceAuthn: true });
    const forced = await startLogin(browser);
    expect(forced.xml).toContain('ForceAuthn="true"');
    expect(inputValue(forced.page, "username")).toBe("");
    expect(forced.page).toContain("data-force-authn");
    expect(decodeHtml(forced.page)).toContain("asks you to sign in again (ForceAuthn)");
    expect((await finish(browser, forced.page)).status).toBe(303);
    await setOptions({ forceAuthn: false });
  });

  it("NameIDPolicy persistent is sent and honoured by the simulator", async () => {
    await setOptions({ nameIdPolicyFormat: "persistent" });
    const browser = new HostBrowser(rt.app);
    const { xml, page } = await startLogin(browser);
    expect(xml).toMatch(/NameIDPolicy[^>]*Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"/);
    await finish(browser, page);
    const record = (await rt.ctx.signIns.list(ACCOUNT))[0];
    expect(record?.nameIdFormat).toBe("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
  });

  it("an emailAddress NameIDPolicy the app cannot satisfy: Entra's error status, IDP_ERROR_STATUS with the AADSTS code", async () => {
    await setOptions({ nameIdPolicyFormat: "emailAddress" });
    const browser = new HostBrowser(rt.app);
    // In the simulator: the app's Name identifier becomes the opaque persistent one.
    const overview = await browser.get(`${SIM}/entra-sim/`);
    const appId = /href="\/entra-sim\/apps\/([^"]+)"[^>]*>Contoso \(MiCloud Connect\)</.exec(
      overview.text,
    )?.[1];
    const appPage = await browser.get(`${SIM}/entra-sim/apps/${appId}`);
    const saved = await browser.postForm(`${SIM}/entra-sim/apps/${appId}/claims`, {
      _csrf: csrf(appPage.text),
      nameIdSource: "persistent",
      nameIdFormat: "default",
    });
    expect(saved.status).toBe(303);

    const { xml, page } = await startLogin(browser);
    expect(xml).toMatch(/NameIDPolicy[^>]*Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"/);
    const acs = await finish(browser, page);
    expect(acs.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(acs.body)).toContain("IDP_ERROR_STATUS");
    const record = (await rt.ctx.signIns.list(ACCOUNT)).find((r) => r.outcome === "failure");
    expect(record?.failureCode).toBe("IDP_ERROR_STATUS");
    expect(JSON.stringify(record)).toContain("AADSTS75016");
    expect(JSON.stringify(record)).toContain("InvalidNameIDPolicy");
    expect(JSON.stringify(record)).toContain("NameIDPolicy Format (Advanced, mock only");
  });

  it("the console's Advanced section sets them, marked mock only, and refuses an unknown format", async () => {
    const agent = await operatorAgent(rt.app);
    const page = await agent.get(`/admin/accounts/${ACCOUNT}`);
    expect(page.text).toContain("mock only");
    expect(page.text).toMatch(/<select id="adv-nameid-policy" name="nameIdPolicyFormat"/);
    const fields = {
      displayName: "Contoso (MiCloud Connect)",
      spEntityIdOverride: "",
      replyUrlOverride: "",
      urlProfile: "",
    };
    const path = `/admin/accounts/${ACCOUNT}`;
    const saved = await postForm(agent, path, `${path}/advanced`, {
      ...fields,
      forceAuthn: "on",
      nameIdPolicyFormat: "transient",
    });
    expect(saved.status).toBe(303);
    const account = await rt.ctx.accounts.require(ACCOUNT);
    expect(account.sso).toMatchObject({ forceAuthn: true, nameIdPolicyFormat: "transient" });
    const reopened = await agent.get(path);
    expect(reopened.text).toMatch(/name="forceAuthn" value="on" checked/);
    expect(reopened.text).toMatch(/<option value="transient" selected>/);
    const refused = await postForm(agent, path, `${path}/advanced`, {
      ...fields,
      nameIdPolicyFormat: "kerberos",
    });
    expect(refused.status).toBe(400);
    expect(decodeHtml(refused.text)).toContain("NameIDPolicy Format: choose");
    expect((await rt.ctx.accounts.require(ACCOUNT)).sso.nameIdPolicyFormat).toBe("transient");
  });
});
