import { beforeEach, describe, expect, it } from "vitest";
import {
  attrOf,
  claimValues,
  statusCode,
  textOf,
  verifiesWith,
  viewResponse,
} from "../unit/idp-simulator/response-inspection.js";
import {
  authnRequestXml,
  createHarness,
  csrfFrom,
  type Harness,
  inputValue,
  loginPath,
  postEncode,
  redirectQuery,
  SP_ENTITY_ID,
  SP_REPLY_URL,
  signIn,
} from "../unit/idp-simulator/simulator-harness.js";
import { ASSERTION_NS, PROTOCOL_NS } from "../unit/idp-simulator/support.js";

const REQUEST_ID = "_a1b2c3d4-e5f6-4789-9abc-def012345678";

describe("Entra simulator SAML endpoint", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });

  async function refused(query: Record<string, string>, expectedCode: string): Promise<string> {
    const res = await h.agent.get(loginPath(h.wiring)).query(query);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.text).toContain("Sorry, but we're having trouble signing you in.");
    expect(res.text).toContain(`data-aadsts="${expectedCode}"`);
    expect(res.text).toContain(`${expectedCode}:`);
    expect(res.text).toContain("Request Id");
    expect(res.text).toContain("Correlation Id");
    expect(res.text).toContain("Timestamp");
    expect(res.text).toContain("Entra simulator — not Microsoft Entra ID");
    return res.text;
  }

  it("shows the sign-in page for a valid AuthnRequest, with login_hint prefilled", async () => {
    const res = await h.agent
      .get(loginPath(h.wiring))
      .query(redirectQuery({}, { RelayState: "rs-1", login_hint: "B.Simon@contoso.com" }));
    expect(res.status).toBe(200);
    expect(res.text).toContain("Entra simulator — not Microsoft Entra ID");
    expect(res.text).toContain("Sign in");
    expect(inputValue(res.text, "username")).toBe("B.Simon@contoso.com");
    expect(inputValue(res.text, "pending")).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(res.text).toContain('data-pick-user="A.Wilber@contoso.com"');
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  it("AADSTS700016 when the Issuer matches no application's Identifier", async () => {
    const html = await refused(redirectQuery({ issuer: "https://other.example/sp" }), "AADSTS700016");
    expect(html).toContain("Application with identifier &#39;https://other.example/sp&#39; was not found");
    expect(html).toContain("Contoso");
  });

  it("AADSTS50011 when the AssertionConsumerServiceURL is not the Reply URL", async () => {
    const html = await refused(redirectQuery({ acsUrl: "https://evil.example/acs" }), "AADSTS50011");
    expect(html).toContain("https://evil.example/acs");
    expect(html).toContain(SP_REPLY_URL);
  });

  it("accepts a request without AssertionConsumerServiceURL", async () => {
    const res = await h.agent.get(loginPath(h.wiring)).query(redirectQuery({ acsUrl: null }));
    expect(res.status).toBe(200);
  });

  it("AADSTS7500529 when the ID starts with a digit", async () => {
    const html = await refused(redirectQuery({ id: "1abc" }), "AADSTS7500529");
    expect(html).toContain(
      "The value &#39;1abc&#39; is not a valid SAML ID. The ID must not begin with a number.",
    );
  });

  it("refuses a request with a Subject (AADSTS900236)", async () => {
    const html = await refused(redirectQuery({ subject: "B.Simon@contoso.com" }), "AADSTS900236");
    expect(html).toContain("&#39;Subject&#39; is not supported");
  });

  it("AADSTS75016 for an unsupported NameIDPolicy format", async () => {
    const format = "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName";
    const html = await refused(redirectQuery({ nameIdFormat: format }), "AADSTS75016");
    expect(html).toContain(format);
  });

  it.each([
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
  ])("accepts NameIDPolicy format %s", async (format) => {
    const res = await h.agent.get(loginPath(h.wiring)).query(redirectQuery({ nameIdFormat: format }));
    expect(res.status).toBe(200);
  });

  it("AADSTS750054 without SAMLRequest, AADSTS75005 for garbage, AADSTS90002 for an unknown tenant", async () => {
    await refused({}, "AADSTS750054");
    await refused({ SAMLRequest: "not base64!" }, "AADSTS75005");
    const res = await h.agent
      .get("/entra-sim/00000000-0000-4000-8000-000000000000/saml2")
      .query(redirectQuery());
    expect(res.status).toBe(404);
    expect(res.text).toContain("AADSTS90002");
  });

  it("AADSTS50034 for a UPN that does not exist", async () => {
    const result = await signIn(h, "nobody@contoso.com");
    expect(result.status).toBe(400);
    expect(result.html).toContain('data-aadsts="AADSTS50034"');
    expect(result.html).toContain("AADSTS50034: The user account nobody@contoso.com does not exist");
    expect(result.responseXml).toBeUndefined();
  });

  it("AADSTS50105 for a user not assigned while assignment is required", async () => {
    const result = await signIn(h, "A.Wilber@contoso.com");
    expect(result.status).toBe(403);
    expect(result.html).toContain('data-aadsts="AADSTS50105"');
    expect(result.html).toContain("The signed in user &#39;A.Wilber@contoso.com&#39; is blocked");
    expect(result.responseXml).toBeUndefined();
  });

  it("signs in B.Simon: an auto-submitting form posts a verifiable Entra-shaped response to the Reply URL", async () => {
    const result = await signIn(h, "B.Simon@contoso.com", {}, { RelayState: "https://sp/landing?x=1&y=2" });
    expect(result.status).toBe(200);
    expect(result.postTo).toBe(SP_REPLY_URL);
    expect(result.relayState).toBe("https://sp/landing?x=1&y=2");
    expect(result.html).toContain("data-auto-submit");
    expect(result.html).toContain(">Continue</button>");
    expect(result.html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    const xml = result.responseXml!;
    expect(xml.startsWith("<samlp:Response")).toBe(true);
    expect(xml).not.toContain("\n");
    const view = viewResponse(xml);
    expect(view.response.getAttribute("Destination")).toBe(SP_REPLY_URL);
    expect(view.response.getAttribute("InResponseTo")).toBe(REQUEST_ID);
    expect(statusCode(view)).toBe("urn:oasis:names:tc:SAML:2.0:status:Success");
    const assertion = view.assertion!;
    expect(textOf(assertion, "Issuer")).toBe(h.wiring.entraIdentifier);
    expect(textOf(assertion, "Audience")).toBe(SP_ENTITY_ID);
    expect(attrOf(assertion, "SubjectConfirmationData", "Recipient")).toBe(SP_REPLY_URL);
    expect(attrOf(assertion, "SubjectConfirmationData", "InResponseTo")).toBe(REQUEST_ID);
    expect(textOf(assertion, "NameID")).toBe("B.Simon@contoso.com");
    expect(attrOf(assertion, "NameID", "Format")).toBe(
      "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    );
    expect(claimValues(view, "http://schemas.microsoft.com/identity/claims/tenantid")).toEqual([
      h.wiring.tenantId,
    ]);
    expect(claimValues(view, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname")).toEqual([
      "Britta",
    ]);
    expect(claimValues(view, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname")).toEqual([
      "Simon",
    ]);
    expect(claimValues(view, "http://schemas.microsoft.com/identity/claims/displayname")).toEqual([
      "B.Simon",
    ]);
    expect(claimValues(view, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress")).toEqual([
      "B.Simon@contoso.com",
    ]);
    // Default signing: the assertion only, with the active certificate.
    expect(verifiesWith(xml, assertion, h.wiring.certificateBase64)).toBe(true);
    expect(
      view.response.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").length,
    ).toBe(1);
  });

  it("sets no form-action in the CSP of the response page (the Reply URL may redirect to another origin, as Mitel's does)", async () => {
    const page = await h.agent.get(loginPath(h.wiring)).query(redirectQuery());
    const res = await h.agent
      .post(`${loginPath(h.wiring)}/sign-in`)
      .type("form")
      .send({
        _csrf: csrfFrom(page.text),
        pending: inputValue(page.text, "pending"),
        pick: "B.Simon@contoso.com",
      });
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).not.toContain("form-action");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("accepts the typed username as well as a picked account, case-insensitively", async () => {
    const page = await h.agent.get(loginPath(h.wiring)).query(redirectQuery());
    const res = await h.agent
      .post(`${loginPath(h.wiring)}/sign-in`)
      .type("form")
      .send({
        _csrf: csrfFrom(page.text),
        pending: inputValue(page.text, "pending"),
        username: "b.simon@CONTOSO.com",
      });
    expect(res.status).toBe(200);
    expect(inputValue(res.text, "SAMLResponse")).toBeDefined();
  });

  it("asks again when no username is given", async () => {
    const page = await h.agent.get(loginPath(h.wiring)).query(redirectQuery());
    const res = await h.agent
      .post(`${loginPath(h.wiring)}/sign-in`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), pending: inputValue(page.text, "pending"), username: "" });
    expect(res.status).toBe(400);
    expect(res.text).toContain("Enter a valid email address");
    expect(inputValue(res.text, "pending")).toBe(inputValue(page.text, "pending"));
  });

  it("accepts the HTTP-POST binding", async () => {
    const first = await h.agent.get("/entra-sim/");
    const res = await h.agent
      .post(loginPath(h.wiring))
      .type("form")
      .send({ SAMLRequest: postEncode(authnRequestXml({ id: "_post-1" })), RelayState: "post-rs" });
    expect(first.status).toBe(200);
    expect(res.status).toBe(200);
    const pending = inputValue(res.text, "pending")!;
    const signed = await h.agent
      .post(`${loginPath(h.wiring)}/sign-in`)
      .type("form")
      .send({ _csrf: csrfFrom(res.text), pending, pick: "B.Simon@contoso.com" });
    const xml = Buffer.from(inputValue(signed.text, "SAMLResponse")!, "base64").toString("utf8");
    expect(viewResponse(xml).response.getAttribute("InResponseTo")).toBe("_post-1");
    expect(inputValue(signed.text, "RelayState")).toBe("post-rs");
  });

  it("refuses a tampered pending request (AADSTS90023) and an expired one (AADSTS50089)", async () => {
    let clock = Date.parse("2026-11-26T10:00:00Z");
    const timed = await createHarness({ now: () => clock });
    const page = await timed.agent.get(loginPath(timed.wiring)).query(redirectQuery());
    const pending = inputValue(page.text, "pending")!;
    const [payload, tag] = pending.split(".");
    const forged = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
    forged.requestId = "_forged";
    const forgedToken = `${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${tag}`;
    const tampered = await timed.agent
      .post(`${loginPath(timed.wiring)}/sign-in`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), pending: forgedToken, pick: "B.Simon@contoso.com" });
    expect(tampered.text).toContain('data-aadsts="AADSTS90023"');

    clock += 31 * 60_000;
    const expired = await timed.agent
      .post(`${loginPath(timed.wiring)}/sign-in`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), pending, pick: "B.Simon@contoso.com" });
    expect(expired.text).toContain('data-aadsts="AADSTS50089"');
  });

  it("refuses the sign-in post without a CSRF token (403)", async () => {
    const page = await h.agent.get(loginPath(h.wiring)).query(redirectQuery());
    const res = await h.agent
      .post(`${loginPath(h.wiring)}/sign-in`)
      .type("form")
      .send({ pending: inputValue(page.text, "pending"), pick: "B.Simon@contoso.com" });
    expect(res.status).toBe(403);
    expect(inputValue(res.text, "SAMLResponse")).toBeUndefined();
  });

  it("logs accepted requests and AADSTS errors", async () => {
    await signIn(h, "B.Simon@contoso.com");
    await h.agent.get(loginPath(h.wiring)).query(redirectQuery({ id: "9x" }));
    expect(h.logs.some((l) => l.msg === "entra simulator: SAML response issued")).toBe(true);
    expect(h.logs.some((l) => l.level === "warn" && l.msg === "entra simulator: AADSTS7500529")).toBe(true);
  });

  it("serves the App Federation Metadata URL with a BOM, and 404 for an unknown appid", async () => {
    const url = new URL(
      `${h.wiring.loginUrl.replace(/saml2$/, "")}federationmetadata/2007-06/federationmetadata.xml`,
    );
    const res = await h.agent
      .get(url.pathname)
      .query({ appid: h.wiring.appId })
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => callback(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/xml/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(
      body.subarray(3).toString("utf8").startsWith('<?xml version="1.0" encoding="utf-8"?><EntityDescriptor'),
    ).toBe(true);
    const missing = await h.agent.get(url.pathname).query({ appid: "nope" });
    expect(missing.status).toBe(404);
  });

  it("uses namespaces as Entra does", async () => {
    const { responseXml } = await signIn(h, "B.Simon@contoso.com");
    const view = viewResponse(responseXml!);
    expect(view.response.namespaceURI).toBe(PROTOCOL_NS);
    expect(view.assertion?.namespaceURI).toBe(ASSERTION_NS);
  });
});
