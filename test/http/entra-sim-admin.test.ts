import { X509Certificate } from "node:crypto";
import type { Response } from "supertest";
import { beforeEach, describe, expect, it } from "vitest";
import { SignedXml } from "xml-crypto";
import {
  attrOf,
  signatureUnder,
  textOf,
  verifiesWith,
  viewResponse,
} from "../unit/idp-simulator/response-inspection.js";
import {
  createHarness,
  csrfFrom,
  type Harness,
  inputValue,
  loginPath,
  redirectQuery,
  SP_ENTITY_ID,
  SP_SIGN_ON_URL,
  signIn,
} from "../unit/idp-simulator/simulator-harness.js";
import { parse } from "../unit/idp-simulator/support.js";

const DSIG = "http://www.w3.org/2000/09/xmldsig#";
const MD = "urn:oasis:names:tc:SAML:2.0:metadata";

function binary(request: ReturnType<Harness["agent"]["get"]>) {
  return request.buffer(true).parse((response, callback) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("end", () => callback(null, Buffer.concat(chunks)));
  });
}

async function appPath(h: Harness): Promise<string> {
  const overview = await h.agent.get("/entra-sim/");
  const id = /data-app-link="([^"]+)"/.exec(overview.text)?.[1];
  if (!id) {
    throw new Error("no application on the overview");
  }
  return `/entra-sim/apps/${id}`;
}

async function submit(h: Harness, path: string, fields: Record<string, string>): Promise<Response> {
  const page = await h.agent.get("/entra-sim/");
  return h.agent
    .post(path)
    .type("form")
    .send({ _csrf: csrfFrom(page.text), ...fields });
}

const VALID_BASIC = {
  identifier: SP_ENTITY_ID,
  replyUrl: "https://sp.example/acs",
  signOnUrl: "https://sp.example/portal",
  relayState: "",
  logoutUrl: "",
};

function certificatesIn(metadataXml: string): string[] {
  const doc = parse(metadataXml);
  return Array.from(doc.getElementsByTagNameNS(MD, "KeyDescriptor")).map(
    (kd) => kd.getElementsByTagNameNS(DSIG, "X509Certificate")[0]?.textContent ?? "",
  );
}

function derOf(pem: string): string {
  return new X509Certificate(pem).raw.toString("base64");
}

describe("Entra simulator admin pages", () => {
  let h: Harness;
  let base: string;
  beforeEach(async () => {
    h = await createHarness();
    base = await appPath(h);
  });

  it("every page carries the banner and no inline script or event handler", async () => {
    const pages = [
      await h.agent.get("/entra-sim/"),
      await h.agent.get(base),
      await h.agent.get("/entra-sim/my-apps?user=B.Simon@contoso.com"),
      await h.agent.get(loginPath(h.wiring)).query(redirectQuery()),
      await h.agent.get(loginPath(h.wiring)).query(redirectQuery({ id: "0bad" })),
      (await signIn(h, "B.Simon@contoso.com")) as { html: string },
    ];
    for (const page of pages) {
      const html = "html" in page ? page.html : (page as Response).text;
      expect(html).toContain("Entra simulator — not Microsoft Entra ID");
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      expect(html).not.toMatch(/\sstyle=/i);
      expect(html).toContain('<script src="/assets/entra-sim.js" defer></script>');
      expect(html).toContain('href="/assets/entra-sim.css"');
    }
  });

  it("overview lists the tenant, the Mitel Connect application and the seeded users", async () => {
    const res = await h.agent.get("/entra-sim/");
    expect(res.status).toBe(200);
    expect(res.text).toContain(`data-tenant-id>${h.wiring.tenantId}<`);
    expect(res.text).toContain("Mitel Connect");
    expect(res.text).toContain('data-user="B.Simon@contoso.com"');
    expect(res.text).toContain('data-user="A.Wilber@contoso.com"');
    expect(res.text).toContain("Britta");
  });

  it("app page shows every section and the Set up values", async () => {
    const res = await h.agent.get(base);
    expect(res.status).toBe(200);
    for (const text of [
      "Basic SAML Configuration",
      "Attributes &amp; Claims",
      "SAML Certificates",
      "Set up Mitel Connect",
      "Test this application",
      "Users and groups",
      "Fault injection",
      "Assignment required?",
      "Signing Option",
      "Signing Algorithm",
      "App Federation Metadata Url",
    ]) {
      expect(res.text).toContain(text);
    }
    expect(res.text).toContain(`data-setup="login-url" value="${h.wiring.loginUrl}"`);
    expect(res.text).toContain(`data-setup="entra-identifier" value="${h.wiring.entraIdentifier}"`);
    expect(res.text).toContain(`data-setup="logout-url" value="${h.wiring.logoutUrl}"`);
    expect(res.text).toContain('data-copy-from="setup-login-url"');
    expect(inputValue(res.text, "identifier")).toBe(SP_ENTITY_ID);
  });

  it("unknown application: 404", async () => {
    const res = await h.agent.get("/entra-sim/apps/does-not-exist");
    expect(res.status).toBe(404);
  });

  describe("Basic SAML Configuration", () => {
    it("refuses an http Reply URL that is not localhost", async () => {
      const res = await submit(h, `${base}/basic-saml`, {
        ...VALID_BASIC,
        replyUrl: "http://sp.example/acs",
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('data-field-error="replyUrl"');
      expect(res.text).toContain("must begin with &#39;https&#39; or &#39;http://localhost&#39;");
      expect(inputValue(res.text, "replyUrl")).toBe("http://sp.example/acs");
      const after = await h.agent.get(base);
      expect(inputValue(after.text, "replyUrl")).not.toBe("http://sp.example/acs");
    });

    it("requires the Identifier, and a URI", async () => {
      const empty = await submit(h, `${base}/basic-saml`, { ...VALID_BASIC, identifier: "" });
      expect(empty.status).toBe(400);
      expect(empty.text).toContain("Identifier (Entity ID) is required.");
      const notUri = await submit(h, `${base}/basic-saml`, { ...VALID_BASIC, identifier: "not a uri" });
      expect(notUri.status).toBe(400);
      expect(notUri.text).toContain('data-field-error="identifier"');
    });

    it("accepts http://localhost and http://127.0.0.1, and a changed Identifier is then what Entra matches", async () => {
      for (const replyUrl of [
        "http://localhost:3000/acs",
        "http://127.0.0.1:3000/acs",
        "https://sp.example/acs",
      ]) {
        const res = await submit(h, `${base}/basic-saml`, { ...VALID_BASIC, replyUrl });
        expect(res.status).toBe(303);
        expect(res.headers.location).toContain("saved=basic");
      }
      const renamed = await submit(h, `${base}/basic-saml`, {
        ...VALID_BASIC,
        identifier: "urn:mitel:renamed",
      });
      expect(renamed.status).toBe(303);
      const page = await h.agent.get(renamed.headers.location!);
      expect(page.text).toContain("Basic SAML Configuration saved.");
      expect(inputValue(page.text, "identifier")).toBe("urn:mitel:renamed");
      // The SP still sends the old Entity ID: AADSTS700016; its ACS no longer matches: AADSTS50011.
      const old = await h.agent.get(loginPath(h.wiring)).query(redirectQuery());
      expect(old.text).toContain('data-aadsts="AADSTS700016"');
      const acs = await h.agent
        .get(loginPath(h.wiring))
        .query(redirectQuery({ issuer: "urn:mitel:renamed" }));
      expect(acs.text).toContain('data-aadsts="AADSTS50011"');
    });

    it("later ensureMitelConnectApp calls keep the admin's edits", async () => {
      await submit(h, `${base}/basic-saml`, { ...VALID_BASIC, identifier: "urn:mitel:edited" });
      await h.simulator.ensureMitelConnectApp({
        key: "acc-micloud-1",
        displayName: "Other name",
        identifier: "urn:ignored",
        replyUrl: "https://ignored.example/acs",
        signOnUrl: "https://ignored.example/",
      });
      const page = await h.agent.get(base);
      expect(inputValue(page.text, "identifier")).toBe("urn:mitel:edited");
    });
  });

  describe("CSRF", () => {
    const forms = [
      ["basic-saml", VALID_BASIC],
      ["signing", { signingMode: "response", signingAlgorithm: "sha1" }],
      ["certificates", {}],
      ["claims", { nameIdSource: "user.mail", nameIdFormat: "default" }],
      ["properties", { assignmentRequired: "no" }],
      ["faults", { noSignature: "on" }],
      ["faults/reset", {}],
    ] as const;

    it.each(forms)("POST %s without a token: 403 and nothing changes", async (path, fields) => {
      await h.agent.get("/entra-sim/");
      const before = [...h.kv.map.entries()];
      const res = await h.agent.post(`${base}/${path}`).type("form").send(fields);
      expect(res.status).toBe(403);
      expect([...h.kv.map.entries()]).toEqual(before);
    });

    it("a wrong token and a token from another session are refused", async () => {
      await h.agent.get("/entra-sim/");
      const wrong = await h.agent
        .post(`${base}/faults`)
        .type("form")
        .send({ _csrf: "x".repeat(43), noSignature: "on" });
      expect(wrong.status).toBe(403);
      const other = await createHarness({ kv: h.kv });
      const otherPage = await other.agent.get("/entra-sim/");
      const crossed = await h.agent
        .post(`${base}/faults`)
        .type("form")
        .send({ _csrf: csrfFrom(otherPage.text), noSignature: "on" });
      expect(crossed.status).toBe(403);
    });

    it("users form: 403 without a token", async () => {
      const res = await h.agent.post("/entra-sim/users").type("form").send({
        userPrincipalName: "X@contoso.com",
        displayName: "X",
      });
      expect(res.status).toBe(403);
    });
  });

  describe("SAML Signing Certificate", () => {
    it("Certificate (Base64): PEM with CRLF and 76-column lines; Certificate (Raw): DER", async () => {
      const page = await h.agent.get(base);
      const thumbprint = /data-certificate="([0-9A-F]{40})"/.exec(page.text)![1]!;
      const b64 = await binary(h.agent.get(`${base}/certificates/${thumbprint}/base64`));
      expect(b64.status).toBe(200);
      expect(b64.headers["content-disposition"]).toContain('attachment; filename="Mitel Connect.cer"');
      const text = (b64.body as Buffer).toString("utf8");
      expect(text).toBe(h.wiring.certificateBase64);
      expect(text.startsWith("-----BEGIN CERTIFICATE-----\r\n")).toBe(true);
      expect(text.endsWith("\r\n-----END CERTIFICATE-----\r\n")).toBe(true);
      const lines = text.split("\r\n").slice(1, -2);
      expect(lines.slice(0, -1).every((line) => line.length === 76)).toBe(true);
      expect(lines.at(-1)!.length).toBeLessThanOrEqual(76);
      expect(text.replace(/\r\n/g, "")).not.toContain("\n");

      const raw = await binary(h.agent.get(`${base}/certificates/${thumbprint}/raw`));
      expect(raw.status).toBe(200);
      const der = raw.body as Buffer;
      expect(der[0]).toBe(0x30);
      const certificate = new X509Certificate(der);
      expect(certificate.subject).toContain("CN=Microsoft Azure Federated SSO Certificate");
      expect(certificate.fingerprint.replace(/:/g, "")).toBe(thumbprint);
      expect(der.toString("base64")).toBe(derOf(text));
      const validYears =
        (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / (365.25 * 24 * 3600_000);
      expect(Math.round(validYears)).toBe(3);
    });

    it("Federation Metadata XML: BOM, signed by the active certificate, every signing certificate", async () => {
      const created = await submit(h, `${base}/certificates`, {});
      expect(created.headers.location).toBe(`${base}?saved=certificate-new#certificate`);
      const page = await h.agent.get(created.headers.location!);
      expect(page.text).toContain("A new certificate was created");
      expect(page.text.match(/data-certificate-status="inactive"/g)?.length).toBe(1);
      expect(page.text.match(/data-certificate-status="active"/g)?.length).toBe(1);

      const download = await binary(h.agent.get(`${base}/federation-metadata.xml`));
      expect(download.status).toBe(200);
      expect(download.headers["content-disposition"]).toContain("Mitel Connect.xml");
      const bytes = download.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const xml = bytes.subarray(3).toString("utf8");
      const certificates = certificatesIn(xml);
      expect(certificates.length).toBe(2);
      expect(certificates[0]).toBe(derOf(h.wiring.certificateBase64));

      const doc = parse(xml);
      const root = doc.documentElement!;
      expect(root.getAttribute("entityID")).toBe(h.wiring.entraIdentifier);
      const signature = signatureUnder(root)!;
      expect(signature).toBeDefined();
      const verifier = new SignedXml({ publicCert: h.wiring.certificateBase64 });
      verifier.loadSignature(signature);
      expect(verifier.checkSignature(xml)).toBe(true);
      const sso = Array.from(doc.getElementsByTagNameNS(MD, "SingleSignOnService")).map((e) =>
        e.getAttribute("Location"),
      );
      expect(sso).toEqual([h.wiring.loginUrl, h.wiring.loginUrl]);

      // The App Federation Metadata URL serves the same certificates.
      const urlValue =
        inputValue(page.text, "app-federation-metadata-url") ??
        /id="app-federation-metadata-url" value="([^"]+)"/.exec(page.text)?.[1];
      expect(urlValue).toContain(`appid=${h.wiring.appId}`);
    });

    it("rollover: make the new certificate active; responses and the wiring use it", async () => {
      await submit(h, `${base}/certificates`, {});
      const page = await h.agent.get(base);
      const inactive = /data-certificate="([0-9A-F]{40})" data-certificate-status="inactive"/.exec(
        page.text,
      )![1]!;
      const activated = await submit(h, `${base}/certificates/${inactive}/activate`, {});
      expect(activated.status).toBe(303);

      const wiring = await h.simulator.ensureMitelConnectApp({
        key: "acc-micloud-1",
        displayName: "Mitel Connect",
        identifier: SP_ENTITY_ID,
        replyUrl: "ignored",
        signOnUrl: "ignored",
      });
      expect(new X509Certificate(wiring.certificateBase64).fingerprint.replace(/:/g, "")).toBe(inactive);
      const result = await signIn(h, "B.Simon@contoso.com");
      const view = viewResponse(result.responseXml!);
      expect(verifiesWith(result.responseXml!, view.assertion!, wiring.certificateBase64)).toBe(true);
      expect(verifiesWith(result.responseXml!, view.assertion!, h.wiring.certificateBase64)).toBe(false);

      // The old one is now inactive and can be removed; the active one cannot.
      const old = new X509Certificate(h.wiring.certificateBase64).fingerprint.replace(/:/g, "");
      expect((await submit(h, `${base}/certificates/${inactive}/remove`, {})).status).toBe(400);
      expect((await submit(h, `${base}/certificates/${old}/remove`, {})).status).toBe(303);
      const after = await h.agent.get(base);
      expect(after.text).not.toContain(`data-certificate="${old}"`);
    });

    it("Signing Option and Signing Algorithm", async () => {
      const saved = await submit(h, `${base}/signing`, {
        signingMode: "response-and-assertion",
        signingAlgorithm: "sha1",
      });
      expect(saved.status).toBe(303);
      const result = await signIn(h, "B.Simon@contoso.com");
      const xml = result.responseXml!;
      const view = viewResponse(xml);
      expect(verifiesWith(xml, view.response, h.wiring.certificateBase64)).toBe(true);
      expect(verifiesWith(xml, view.assertion!, h.wiring.certificateBase64)).toBe(true);
      expect(xml).toContain('SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"');

      await submit(h, `${base}/signing`, { signingMode: "response", signingAlgorithm: "sha256" });
      const responseOnly = (await signIn(h, "B.Simon@contoso.com")).responseXml!;
      const v2 = viewResponse(responseOnly);
      expect(signatureUnder(v2.response)).toBeDefined();
      expect(signatureUnder(v2.assertion!)).toBeUndefined();

      const bad = await submit(h, `${base}/signing`, { signingMode: "none", signingAlgorithm: "md5" });
      expect(bad.status).toBe(400);
    });
  });

  describe("Attributes & Claims", () => {
    it("Name ID source user.mail, persistent, and explicit formats", async () => {
      expect(
        (await submit(h, `${base}/claims`, { nameIdSource: "user.mail", nameIdFormat: "unspecified" }))
          .status,
      ).toBe(303);
      let view = viewResponse((await signIn(h, "B.Simon@contoso.com")).responseXml!);
      expect(textOf(view.assertion!, "NameID")).toBe("B.Simon@contoso.com");
      expect(attrOf(view.assertion!, "NameID", "Format")).toBe(
        "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
      );

      await submit(h, `${base}/claims`, { nameIdSource: "persistent", nameIdFormat: "default" });
      view = viewResponse((await signIn(h, "B.Simon@contoso.com")).responseXml!);
      expect(textOf(view.assertion!, "NameID")).not.toContain("@");
      expect(attrOf(view.assertion!, "NameID", "Format")).toBe(
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
      );

      const bad = await submit(h, `${base}/claims`, {
        nameIdSource: "user.objectid",
        nameIdFormat: "default",
      });
      expect(bad.status).toBe(400);
    });

    it("with Default format, a requested NameIDPolicy format is honoured", async () => {
      const result = await signIn(h, "B.Simon@contoso.com", {
        nameIdFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
      });
      const view = viewResponse(result.responseXml!);
      expect(attrOf(view.assertion!, "NameID", "Format")).toBe(
        "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
      );
      expect(textOf(view.assertion!, "NameID")).not.toContain("@");
    });
  });

  describe("Users and groups", () => {
    it("assigning A.Wilber lets her sign in; unassigning blocks her again", async () => {
      const page = await h.agent.get(base);
      const wilber = /data-assignment="A.Wilber@contoso.com" data-assigned="no"/.test(page.text);
      expect(wilber).toBe(true);
      const objectId =
        /data-assignment="A.Wilber@contoso.com"[\s\S]*?name="userId" value="([0-9a-f-]{36})"/.exec(
          page.text,
        )![1]!;
      expect((await submit(h, `${base}/users/assign`, { userId: objectId })).status).toBe(303);
      expect((await signIn(h, "A.Wilber@contoso.com")).status).toBe(200);
      expect((await submit(h, `${base}/users/unassign`, { userId: objectId })).status).toBe(303);
      expect((await signIn(h, "A.Wilber@contoso.com")).html).toContain("AADSTS50105");
      expect((await submit(h, `${base}/users/assign`, { userId: "nope" })).status).toBe(400);
    });

    it("Assignment required? No lets an unassigned user sign in", async () => {
      expect((await submit(h, `${base}/properties`, { assignmentRequired: "no" })).status).toBe(303);
      const result = await signIn(h, "A.Wilber@contoso.com");
      expect(result.status).toBe(200);
      expect(textOf(viewResponse(result.responseXml!).assertion!, "NameID")).toBe("A.Wilber@contoso.com");
    });

    it("a new user of the tenant's domain can be created; other domains are refused", async () => {
      const bad = await submit(h, "/entra-sim/users", {
        userPrincipalName: "x@fabrikam.com",
        displayName: "X",
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("verified domain");
      const dup = await submit(h, "/entra-sim/users", {
        userPrincipalName: "b.simon@contoso.com",
        displayName: "Dup",
      });
      expect(dup.status).toBe(400);
      const ok = await submit(h, "/entra-sim/users", {
        userPrincipalName: "C.Doe@contoso.com",
        displayName: "C.Doe",
        givenName: "Casey",
        surname: "Doe",
      });
      expect(ok.status).toBe(303);
      const overview = await h.agent.get("/entra-sim/");
      expect(overview.text).toContain('data-user="C.Doe@contoso.com"');
      await submit(h, `${base}/properties`, { assignmentRequired: "no" });
      const result = await signIn(h, "C.Doe@contoso.com");
      expect(textOf(viewResponse(result.responseXml!).assertion!, "NameID")).toBe("C.Doe@contoso.com");
    });
  });

  it("Test this application sends the browser to the Sign on URL", async () => {
    const res = await h.agent.get(`${base}/test`).redirects(0);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(SP_SIGN_ON_URL);
    await submit(h, `${base}/basic-saml`, { ...VALID_BASIC, signOnUrl: "" });
    // No Sign on URL: Entra signs in itself (IdP-initiated): its sign-in page, for no request.
    const empty = await h.agent.get(`${base}/test`).redirects(0);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain("data-sign-in-form");
    expect(empty.text).toContain("IdP-initiated");
  });

  it("My Apps shows the assigned apps as tiles linking to the Sign on URL", async () => {
    const none = await h.agent.get("/entra-sim/my-apps");
    expect(none.status).toBe(200);
    expect(none.text).toContain("Who are you?");
    expect(none.text).not.toContain("data-app-tile");

    const simon = await h.agent.get("/entra-sim/my-apps").query({ user: "B.Simon@contoso.com" });
    expect(simon.text).toContain(
      `href="${SP_SIGN_ON_URL.replace(/&/g, "&amp;")}" data-app-tile="Mitel Connect"`,
    );

    const wilber = await h.agent.get("/entra-sim/my-apps").query({ user: "A.Wilber@contoso.com" });
    expect(wilber.text).toContain("No applications are assigned to this user.");

    const unknown = await h.agent.get("/entra-sim/my-apps").query({ user: "ghost@contoso.com" });
    expect(unknown.text).toContain("There is no user ghost@contoso.com");

    // After signing in, My Apps defaults to that user.
    await signIn(h, "B.Simon@contoso.com");
    const remembered = await h.agent.get("/entra-sim/my-apps");
    expect(remembered.text).toContain('data-my-apps-user="B.Simon@contoso.com"');
  });
});
