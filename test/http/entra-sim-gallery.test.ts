/**
 * The simulator behaves like Entra for issue 13: a gallery app's Basic SAML Configuration can be
 * held to "Mitel Connect"'s URL patterns (refused with Entra's wording, a mock-shaped Identifier
 * among them; the Mitel-shaped values accepted); a new enterprise application can be added from
 * the gallery or as a non-gallery app; guests are invited with #EXT# user principal names.
 */
import { describe, expect, it } from "vitest";
import {
  createHarness,
  csrfFrom,
  decodeHtml,
  type Harness,
  loginPath,
  redirectQuery,
  SP_ENTITY_ID,
  SP_REPLY_URL,
  signIn,
} from "../unit/idp-simulator/simulator-harness.js";

const PATTERNS = {
  identifierBase: "https://authentication.api.mitel.io/2017-09-01/saml2",
  signOnUrls: [
    "https://portal.shoretelsky.com",
    "https://teamwork.shoretel.com",
    "https://accounts.mitel.io",
  ],
};
const UUID = "3f6d2a4e-8c1b-4d5e-9a7f-0b1c2d3e4f50";
const MITEL = {
  identifier: `${PATTERNS.identifierBase}/${UUID}`,
  replyUrl: `${PATTERNS.identifierBase}/${UUID}/consume`,
  signOnUrl: "https://portal.shoretelsky.com",
  relayState: "",
  logoutUrl: "",
};

async function post(h: Harness, path: string, fields: Record<string, string>) {
  const page = await h.agent.get("/entra-sim/");
  return h.agent
    .post(path)
    .type("form")
    .send({ _csrf: csrfFrom(page.text), ...fields });
}

async function firstAppPath(h: Harness): Promise<string> {
  const overview = await h.agent.get("/entra-sim/");
  return `/entra-sim/apps/${/data-app-link="([^"]+)"/.exec(overview.text)?.[1]}`;
}

/** The object id in the Users and groups row of this UPN. */
function userIdOf(html: string, upn: string): string {
  const start = html.indexOf(`data-assignment="${upn}"`);
  const id = start < 0 ? undefined : /name="userId" value="([^"]+)"/.exec(html.slice(start))?.[1];
  if (!id) throw new Error(`no Users and groups row for ${upn}`);
  return id;
}

const fieldError = (html: string, field: string) =>
  decodeHtml(
    (new RegExp(`data-field-error="${field}"[^>]*>([\\s\\S]*?)</p>`).exec(html)?.[1] ?? "").replace(
      /<[^>]+>/g,
      "",
    ),
  )
    .replace("❗", "")
    .trim();

describe("Entra simulator: gallery URL patterns", () => {
  it("refuses a mock-shaped Identifier, Reply URL and Sign on URL with Entra's message, and shows the patterns", async () => {
    const h = await createHarness({ galleryPatterns: PATTERNS });
    const app = await firstAppPath(h);
    const res = await post(h, `${app}/basic-saml`, {
      identifier: SP_ENTITY_ID,
      replyUrl: "https://sso.contoso.example/micloud/acs",
      signOnUrl: "https://sso.contoso.example/micloud/portal",
    });
    expect(res.status).toBe(400);
    expect(fieldError(res.text, "identifier")).toBe(
      `The Identifier (Entity ID) '${SP_ENTITY_ID}' does not match the expected pattern for this application. Patterns: ${PATTERNS.identifierBase}/<account-uuid>`,
    );
    expect(fieldError(res.text, "replyUrl")).toContain(
      "does not match the expected pattern for this application",
    );
    expect(fieldError(res.text, "signOnUrl")).toContain(
      "Patterns: https://portal.shoretelsky.com, https://teamwork.shoretel.com, https://accounts.mitel.io",
    );
    expect(res.text).toContain('data-field-patterns="identifier"');
    // Nothing was saved.
    expect((await h.agent.get(app)).text).toContain(`value="${SP_ENTITY_ID}"`);
  });

  it("accepts the Mitel-shaped Identifier, Reply URL and each Mitel Sign on URL", async () => {
    const h = await createHarness({ galleryPatterns: PATTERNS });
    const app = await firstAppPath(h);
    for (const signOnUrl of [...PATTERNS.signOnUrls, "https://accounts.mitel.io/"]) {
      const res = await post(h, `${app}/basic-saml`, { ...MITEL, signOnUrl });
      expect(res.status, res.text.slice(0, 300)).toBe(303);
    }
  });

  it("without the option, a gallery app takes any URL Entra accepts (the default, for the mock's own URLs)", async () => {
    const h = await createHarness();
    const app = await firstAppPath(h);
    const res = await post(h, `${app}/basic-saml`, {
      identifier: SP_ENTITY_ID,
      replyUrl: "https://sso.contoso.example/acs",
      signOnUrl: "https://sso.contoso.example/portal",
    });
    expect(res.status).toBe(303);
    expect((await h.agent.get(app)).text).not.toContain("data-field-patterns");
  });

  it("warns at start when a seeded gallery app holds values outside the patterns", async () => {
    const h = await createHarness({ galleryPatterns: PATTERNS });
    expect(
      h.logs.some((l) => l.level === "warn" && String(l.msg).includes("does not match the expected pattern")),
    ).toBe(true);
  });
});

describe("Entra simulator: New application", () => {
  it("adds Mitel Connect from the gallery: empty Basic SAML Configuration, a certificate, held to the patterns", async () => {
    const h = await createHarness({ galleryPatterns: PATTERNS });
    const created = await post(h, "/entra-sim/apps", { kind: "gallery", displayName: "Fabrikam Mitel" });
    expect(created.status).toBe(303);
    const location = String(created.headers.location);
    expect(location).toMatch(/^\/entra-sim\/apps\/[0-9a-f-]{36}\?saved=app-created#basic-saml$/);
    const page = await h.agent.get(location);
    expect(page.text).toContain("gallery app “Mitel Connect”");
    expect(page.text).toContain("Application added.");
    expect(page.text).toMatch(/id="basic-identifier" name="identifier" value=""/);
    expect(page.text).toContain("data-certificate-status=");
    const appPath = location.split("?")[0] as string;
    expect((await post(h, `${appPath}/basic-saml`, { ...MITEL, identifier: SP_ENTITY_ID })).status).toBe(400);
    expect((await post(h, `${appPath}/basic-saml`, MITEL)).status).toBe(303);
    const overview = await h.agent.get("/entra-sim/");
    expect(overview.text).toContain("Fabrikam Mitel");
    expect(overview.text).toContain("Gallery: Mitel Connect");
  });

  it("creates a non-gallery app, free of the gallery patterns; once configured and assigned, its AuthnRequests are answered (no AADSTS700016)", async () => {
    const h = await createHarness({ galleryPatterns: PATTERNS });
    const identifier = "https://sp.example/new-account/saml/metadata";
    // Before: no application has this Identifier.
    const before = await h.agent
      .get(loginPath(h.wiring))
      .query(redirectQuery({ issuer: identifier, acsUrl: null }));
    expect(before.text).toContain("AADSTS700016");

    const created = await post(h, "/entra-sim/apps", { kind: "non-gallery", displayName: "New account" });
    const appPath = String(created.headers.location).split("?")[0] as string;
    expect((await h.agent.get(appPath)).text).toContain("non-gallery application");
    const saved = await post(h, `${appPath}/basic-saml`, {
      identifier,
      replyUrl: "https://sp.example/new-account/saml/acs",
      signOnUrl: "https://sp.example/portal",
    });
    expect(saved.status).toBe(303);
    const page = await h.agent.get(appPath);
    const bSimon = userIdOf(page.text, "B.Simon@contoso.com");
    const assign = await post(h, `${appPath}/users/assign`, { userId: bSimon });
    expect(assign.status).toBe(303);
    const result = await signIn(h, "B.Simon@contoso.com", { issuer: identifier, acsUrl: null });
    expect(result.postTo).toBe("https://sp.example/new-account/saml/acs");
    expect(result.responseXml).toContain(`<Audience>${identifier}</Audience>`);
  });

  it("refuses the form without a choice or a name", async () => {
    const h = await createHarness();
    const res = await post(h, "/entra-sim/apps", { kind: "", displayName: "" });
    expect(res.status).toBe(400);
    expect(res.text).toContain('data-field-error="kind"');
    expect(res.text).toContain('data-field-error="new-app-displayName"');
  });
});

describe("Entra simulator: guest users", () => {
  it("invites an external user with an #EXT# UPN, and signs them in with that UPN as NameID", async () => {
    const h = await createHarness();
    const invited = await post(h, "/entra-sim/guests", {
      email: "jane@fabrikam.com",
      displayName: "Jane (Fabrikam)",
    });
    expect(invited.status).toBe(303);
    const overview = await h.agent.get("/entra-sim/");
    const upn = "jane_fabrikam.com#EXT#@contoso.onmicrosoft.com";
    expect(overview.text).toContain(`data-user="${upn}"`);
    expect(overview.text).toMatch(new RegExp(`data-user="${upn}">[\\s\\S]*?<td data-user-type>Guest</td>`));

    const app = await firstAppPath(h);
    const page = await h.agent.get(app);
    expect((await post(h, `${app}/users/assign`, { userId: userIdOf(page.text, upn) })).status).toBe(303);
    const result = await signIn(h, upn, { issuer: SP_ENTITY_ID, acsUrl: SP_REPLY_URL });
    expect(result.responseXml).toContain(`>${upn}</NameID>`);
  });

  it("refuses the tenant's own domain and a second invitation of the same person", async () => {
    const h = await createHarness();
    const own = await post(h, "/entra-sim/guests", { email: "someone@contoso.com" });
    expect(own.status).toBe(400);
    expect(own.text).toContain("create a member user instead");
    expect((await post(h, "/entra-sim/guests", { email: "jane@fabrikam.com" })).status).toBe(303);
    const again = await post(h, "/entra-sim/guests", { email: "jane@fabrikam.com" });
    expect(again.status).toBe(400);
    expect(again.text).toContain("already a guest");
  });
});
