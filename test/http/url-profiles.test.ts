/**
 * URL profiles (issue 13): every Identifier, Reply URL and Sign-on URL the service shows — in the
 * console, the API and the SP metadata, for both profiles and for the per-account overrides — is
 * one it answers at. Each displayed URL is requested as a browser would (its Host header).
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostBrowser } from "../helpers/host-browser.js";
import { sessionStoreCalls } from "../helpers/session-store-spy.js";
import { createTestRuntime, TEST_PUBLIC_URL, type TestRuntime } from "../helpers/test-runtime.js";
import { operatorAgent as signInOperator } from "./admin-support.js";

const TOKEN = "test-admin-token-0123456789abcdef";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Shown {
  entityId: string;
  replyUrl: string;
  metadataUrl: string;
  signOnUrls: Array<{ key: string; name: string; url: string }>;
}

const at = (rt: TestRuntime, method: "get" | "post", url: string) => {
  const u = new URL(url);
  const r = request(rt.app)
    [method](u.pathname + u.search)
    .set("Host", u.host)
    .redirects(0);
  return method === "post" ? r.type("form").set("Accept", "application/json").send({}) : r;
};

const api = (rt: TestRuntime) => ({
  create: (body: Record<string, unknown>) =>
    request(rt.app).post("/api/v1/accounts").set("Authorization", `Bearer ${TOKEN}`).send(body),
  get: (id: string) => request(rt.app).get(`/api/v1/accounts/${id}`).set("Authorization", `Bearer ${TOKEN}`),
  patch: (id: string, body: Record<string, unknown>) =>
    request(rt.app).patch(`/api/v1/accounts/${id}`).set("Authorization", `Bearer ${TOKEN}`).send(body),
});

const operatorAgent = (rt: TestRuntime) => signInOperator(rt.app);

/** The values the account page shows for copying, and its "SP metadata XML" link. */
function shownInConsole(html: string): Shown {
  const value = (id: string) =>
    html.match(new RegExp(`id="${id}" type="text" readonly value="([^"]+)"`))?.[1] ?? "";
  const decodeHtml = (s: string) =>
    s.replaceAll("&amp;", "&").replaceAll("&#39;", "'").replaceAll("&quot;", '"');
  const signOnUrls = [...html.matchAll(/id="sp-sign-on-([a-z]+)" type="text" readonly value="([^"]+)"/g)].map(
    (m) => ({ key: m[1] ?? "", name: "", url: decodeHtml(m[2] ?? "") }),
  );
  return {
    entityId: decodeHtml(value("sp-entity-id")),
    replyUrl: decodeHtml(value("sp-reply-url")),
    metadataUrl: decodeHtml(html.match(/<a href="([^"]+)">SP metadata XML<\/a>/)?.[1] ?? ""),
    signOnUrls,
  };
}

/** Requests every displayed URL and checks that the right endpoint of the right account answers. */
async function expectAllServed(rt: TestRuntime, accountId: string, shown: Shown) {
  for (const url of new Set([shown.entityId, shown.metadataUrl])) {
    const res = await at(rt, "get", url);
    expect(res.status, `GET ${url}`).toBe(200);
    expect(res.headers["content-type"], `GET ${url}`).toContain("application/samlmetadata+xml");
    expect(res.text).toContain(`entityID="${shown.entityId}"`);
    expect(res.text).toContain(`Location="${shown.replyUrl}"`);
  }
  const before = (await rt.ctx.signIns.list(accountId)).length;
  const acs = await at(rt, "post", shown.replyUrl);
  expect(acs.status, `POST ${shown.replyUrl}`).toBe(400);
  expect(acs.body.code ?? acs.body.error?.code).toBe("SAML_RESPONSE_MISSING");
  // The ACS of this very account answered: the attempt is in its sign-in log.
  expect((await rt.ctx.signIns.list(accountId)).length).toBe(before + 1);
  expect(shown.signOnUrls.length).toBeGreaterThan(0);
  for (const s of shown.signOnUrls) {
    const res = await at(rt, "get", s.url);
    expect(res.status, `GET ${s.url}`).toBe(200);
    expect(res.text, `GET ${s.url}`).toMatch(/<title>Sign in to [^<]+<\/title>/);
  }
}

async function everyDisplay(
  rt: TestRuntime,
  operator: Awaited<ReturnType<typeof operatorAgent>>,
  id: string,
) {
  const json = (await api(rt).get(id)).body as { sp: Shown; uuid: string };
  const page = await operator.get(`/admin/accounts/${id}`);
  expect(page.status).toBe(200);
  const consoleShown = shownInConsole(page.text);
  expect(consoleShown.entityId).toBe(json.sp.entityId);
  expect(consoleShown.replyUrl).toBe(json.sp.replyUrl);
  expect(consoleShown.signOnUrls.map((s) => s.url)).toEqual(json.sp.signOnUrls.map((s) => s.url));
  const metadata = await at(rt, "get", json.sp.metadataUrl);
  const fromMetadata = {
    entityId: metadata.text.match(/entityID="([^"]+)"/)?.[1] ?? "",
    replyUrl: metadata.text.match(/AssertionConsumerService[^>]*Location="([^"]+)"/)?.[1] ?? "",
  };
  expect(fromMetadata).toEqual({ entityId: json.sp.entityId, replyUrl: json.sp.replyUrl });
  return { json, consoleShown };
}

describe("URL profiles: every displayed URL is served (instance profile: mock)", () => {
  let rt: TestRuntime;
  let operator: Awaited<ReturnType<typeof operatorAgent>>;

  beforeAll(async () => {
    rt = await createTestRuntime();
    operator = await operatorAgent(rt);
  });
  afterAll(() => rt.dispose());

  const cases = [
    { id: "own-micloud", platform: "micloud", body: {} },
    { id: "own-cloudlink", platform: "cloudlink", body: {} },
    { id: "mitel-micloud", platform: "micloud", body: { urlProfile: "mitel" } },
    { id: "mitel-cloudlink", platform: "cloudlink", body: { urlProfile: "mitel" } },
    {
      id: "own-overrides",
      platform: "micloud",
      body: {
        spEntityIdOverride: "https://sso.contoso.example/mitel/entity",
        replyUrlOverride: "https://sso.contoso.example/mitel/acs",
      },
    },
    {
      id: "mitel-overrides",
      platform: "cloudlink",
      body: {
        urlProfile: "mitel",
        spEntityIdOverride: "https://authentication.api.mitel.io/2017-09-01/saml2/contoso",
        replyUrlOverride: "https://authentication.api.mitel.io/2017-09-01/saml2/contoso/consume",
      },
    },
    { id: "root-override", platform: "micloud", body: { replyUrlOverride: "https://acs.contoso.example" } },
  ] as const;

  it.each(cases)(
    "$id: console, API and metadata agree, and each URL answers",
    async ({ id, platform, body }) => {
      const created = await api(rt).create({ id, platform, displayName: id, ...body });
      expect(created.status).toBe(201);
      expect(created.body.uuid).toMatch(UUID);
      const { json, consoleShown } = await everyDisplay(rt, operator, id);
      await expectAllServed(rt, id, { ...json.sp, metadataUrl: consoleShown.metadataUrl });
      await expectAllServed(rt, id, json.sp);
    },
  );

  it("the Mitel-shaped profile shows Mitel's hostnames with the account's UUID", async () => {
    const { body } = await api(rt).get("mitel-micloud");
    expect(body.urlProfile).toBe("mitel");
    expect(body.effectiveUrlProfile).toBe("mitel");
    expect(body.sp.entityId).toBe(`https://authentication.api.mitel.io/2017-09-01/saml2/${body.uuid}`);
    expect(body.sp.replyUrl).toBe(
      `https://authentication.api.mitel.io/2017-09-01/saml2/${body.uuid}/consume`,
    );
    expect(body.sp.signOnUrls.map((s: { url: string }) => s.url)).toEqual([
      "https://portal.shoretelsky.com",
      "https://teamwork.shoretel.com",
    ]);
    const cloudlink = await api(rt).get("mitel-cloudlink");
    expect(cloudlink.body.sp.signOnUrls.map((s: { url: string }) => s.url)).toEqual([
      "https://accounts.mitel.io",
    ]);
    const own = await api(rt).get("own-micloud");
    expect(own.body.effectiveUrlProfile).toBe("mock");
    expect(own.body.sp.entityId).toBe(`${TEST_PUBLIC_URL}/micloud/own-micloud/saml/metadata`);
  });

  it("each Mitel host answers as its app; this service's own host still shows its home page", async () => {
    const portal = await at(rt, "get", "https://portal.shoretelsky.com/");
    expect(portal.text).toContain("<title>Sign in to Mitel Account portal</title>");
    const teamwork = await at(rt, "get", "https://teamwork.shoretel.com/");
    expect(teamwork.text).toContain("<title>Sign in to Teamwork</title>");
    const accounts = await at(rt, "get", "https://accounts.mitel.io/");
    expect(accounts.text).toContain("<title>Sign in to CloudLink Accounts</title>");
    const home = await at(rt, "get", `${TEST_PUBLIC_URL}/`);
    expect(home.text).toContain("<title>mitel-mock-sp</title>");
    // An unknown UUID under the Identifier prefix is not an account.
    const unknown = await at(
      rt,
      "get",
      "https://authentication.api.mitel.io/2017-09-01/saml2/00000000-0000-4000-8000-000000000000",
    );
    expect(unknown.status).toBe(404);
  });

  it("switching the profile in the API moves every URL and keeps the UUID; a bad profile is a 400 naming the field", async () => {
    const before = (await api(rt).get("own-cloudlink")).body;
    const patched = await api(rt).patch("own-cloudlink", { urlProfile: "mitel" });
    expect(patched.status).toBe(200);
    expect(patched.body.sp.entityId).toBe(
      `https://authentication.api.mitel.io/2017-09-01/saml2/${before.uuid}`,
    );
    expect(patched.body.uuid).toBe(before.uuid);
    await expectAllServed(rt, "own-cloudlink", patched.body.sp);
    const bad = await api(rt).patch("own-cloudlink", { urlProfile: "gallery" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("urlProfile");
  });

  it("the console's Advanced section sets the profile", async () => {
    const page = await operator.get("/admin/accounts/own-micloud");
    const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    const saved = await operator.post("/admin/accounts/own-micloud/advanced").type("form").send({
      _csrf: csrf,
      displayName: "own-micloud",
      urlProfile: "mitel",
    });
    expect(saved.status).toBe(303);
    const after = await operator.get("/admin/accounts/own-micloud");
    expect(shownInConsole(after.text).entityId).toMatch(
      /^https:\/\/authentication\.api\.mitel\.io\/2017-09-01\/saml2\//,
    );
    expect(after.text).toMatch(/<option value="mitel" selected>/);
  });
});

describe("URL profiles: the whole instance on Mitel-shaped URLs, with configured hostnames", () => {
  let rt: TestRuntime;
  let operator: Awaited<ReturnType<typeof operatorAgent>>;

  beforeAll(async () => {
    rt = await createTestRuntime({
      overrides: {
        urls: {
          profile: "mitel",
          mitel: {
            identifierBase: "https://auth.mitel.test/saml2",
            replyPath: "/acs",
            signOn: { portal: "https://portal.mitel.test/login" },
          },
        },
      },
    });
    operator = await operatorAgent(rt);
  });
  afterAll(() => rt.dispose());

  it("an account without a profile of its own uses the instance's, with the configured values", async () => {
    expect((await api(rt).create({ id: "inst-micloud", platform: "micloud", displayName: "I" })).status).toBe(
      201,
    );
    const { json } = await everyDisplay(rt, operator, "inst-micloud");
    expect(json.sp.entityId).toBe(`https://auth.mitel.test/saml2/${json.uuid}`);
    expect(json.sp.replyUrl).toBe(`https://auth.mitel.test/saml2/${json.uuid}/acs`);
    expect(json.sp.signOnUrls.map((s) => s.url)).toEqual([
      "https://portal.mitel.test/login",
      "https://teamwork.shoretel.com",
    ]);
    await expectAllServed(rt, "inst-micloud", json.sp);
  });

  it("an account may still choose this service's own URLs", async () => {
    await api(rt).create({ id: "inst-own", platform: "cloudlink", displayName: "O", urlProfile: "mock" });
    const { json } = await everyDisplay(rt, operator, "inst-own");
    expect(json.sp.entityId).toBe(`${TEST_PUBLIC_URL}/cloudlink/inst-own/saml/metadata`);
    await expectAllServed(rt, "inst-own", json.sp);
  });
});

describe("URL profiles: sign-in across the Mitel hosts (Sign-on URL and Reply URL on different sites)", () => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await createTestRuntime();
  });
  afterAll(() => rt.dispose());

  it("starts at portal.shoretelsky.com, is answered at authentication.api.mitel.io, lands back on the portal", async () => {
    const { createWiredAccount } = await import("../helpers/test-runtime.js");
    const { signTestResponse, TEST_IDP } = await import("../helpers/test-idp.js");
    const { readRedirect } = await import("../helpers/sso-flow.js");
    const { account } = await createWiredAccount(rt, {
      id: "x-host",
      platform: "micloud",
      urlProfile: "mitel",
    });
    const entityId = `https://authentication.api.mitel.io/2017-09-01/saml2/${account.uuid}`;
    const browser = new HostBrowser(rt.app);

    const signOn = await browser.get("https://portal.shoretelsky.com/");
    const csrf = () => signOn.text.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    const sso = await browser.postForm("https://portal.shoretelsky.com/micloud/sign-on", {
      _csrf: csrf(),
      step: "sso",
      login: "B.Simon@contoso.com",
      accountId: "x-host",
      app: "portal",
    });
    expect(sso.status).toBe(302);
    const hop = new URL(sso.headers.location as string);
    expect(hop.host).toBe("authentication.api.mitel.io");
    expect(hop.searchParams.get("return")).toBe("portal.shoretelsky.com");
    expect(hop.searchParams.get("handoff")).toMatch(/^[0-9a-f]{64}$/);
    expect(browser.cookie("portal.shoretelsky.com", "mms_sso_binding")).toBeTruthy();

    const login = await browser.get(hop.href);
    expect(login.status).toBe(302);
    const authn = readRedirect(login.headers.location as string);
    expect(`${authn.url.origin}${authn.url.pathname}`).toBe(TEST_IDP.signInUrl);
    expect(authn.root.getAttribute("AssertionConsumerServiceURL")).toBe(`${entityId}/consume`);
    expect(browser.cookie("authentication.api.mitel.io", "mms_sso_binding")).toBeTruthy();

    const response = signTestResponse({
      replyUrl: `${entityId}/consume`,
      audience: entityId,
      inResponseTo: authn.id,
    });
    const { result: acs, calls } = await sessionStoreCalls(rt.ctx.storage.sessions, () =>
      browser.postForm(`${entityId}/consume`, {
        SAMLResponse: response.base64,
        RelayState: authn.relayState ?? "",
      }),
    );
    expect(acs.status).toBe(303);
    // The Mitel-shaped Reply URL is the ACS: the session this host's cookie names is not loaded
    // there; only the hand-over ticket is stored.
    expect(browser.cookie("authentication.api.mitel.io", "mms_session")).toBeTruthy();
    expect(calls).toEqual(["set"]);
    const complete = await browser.get(
      HostBrowser.follow(`${entityId}/consume`, acs.headers.location as string),
    );
    expect(complete.status).toBe(303);
    const back = new URL(complete.headers.location as string);
    expect(back.host).toBe("portal.shoretelsky.com");
    const redeemed = await browser.get(back.href);
    expect(redeemed.status).toBe(303);
    expect(redeemed.headers.location).toBe("/");
    const landing = await browser.get("https://portal.shoretelsky.com/");
    expect(landing.text).toMatch(/data-nameid>B\.Simon@contoso\.com</);
  });

  it("the Mitel-shaped Reply URL has the ACS's own body limit: a 300 KB post is refused from its size, unread", async () => {
    const { createWiredAccount } = await import("../helpers/test-runtime.js");
    const { account } = await createWiredAccount(rt, {
      id: "x-limit",
      platform: "micloud",
      urlProfile: "mitel",
    });
    const replyUrl = `https://authentication.api.mitel.io/2017-09-01/saml2/${account.uuid}/consume`;
    // Under the service-wide 512 KB, over the Reply URL's limit.
    const refused = await new HostBrowser(rt.app).postForm(
      replyUrl,
      { SAMLResponse: "A".repeat(300 * 1024) },
      { Accept: "application/json" },
    );
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe("SAML_RESPONSE_TOO_LARGE");
    expect(refused.body.error.cause).toMatch(/larger than the \d+ KB the Reply URL accepts/);
  });

  it("a hand-off ticket is useless in a browser without the portal's cookie, and return hosts are only the service's own", async () => {
    const browser = new HostBrowser(rt.app);
    const hop = await browser.get(
      "https://authentication.api.mitel.io/micloud/x-host/saml/login?RelayState=/micloud/portal&handoff=" +
        "a".repeat(64) +
        "&return=evil.example",
    );
    expect(hop.status).toBe(302);
    // Not remembered: evil.example is no host of this service, so no session was started for it.
    expect(browser.cookie("authentication.api.mitel.io", "mms_session")).toBeUndefined();
  });
});
