import { deflateRawSync } from "node:zlib";
import { SAML } from "@node-saml/node-saml";
import request from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type AttackTarget,
  createAttackTarget,
  expectRefused,
  freshAgent,
  postResponse,
  signedFor,
  startLogin,
} from "./support/acs-harness.js";
import { toBase64 } from "./support/xml.js";

/**
 * What reaches the ACS before any signature is looked at: the XML parser's attack surface (DOCTYPE,
 * entities), the size limit, the encoding of the form field, and messages that are not a Response.
 * Each is refused with its own code, and the XML ones before node-saml ever parses the document.
 */
let target: AttackTarget;
beforeAll(async () => {
  target = await createAttackTarget();
});
afterAll(() => target.rt.dispose());
afterEach(() => vi.restoreAllMocks());

const spyOnNodeSaml = () => vi.spyOn(SAML.prototype, "validatePostResponseAsync");

/** Puts a prolog in front of a validly signed response for this login. */
async function withProlog(prolog: string) {
  const login = await startLogin(target);
  const response = signedFor(target, login);
  return { login, xml: `${prolog}${response.xml}` };
}

describe("DOCTYPE and entity declarations are refused before node-saml (XML_DOCTYPE_FORBIDDEN)", () => {
  it.each([
    ["XXE (external entity)", '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'],
    [
      "billion laughs",
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
    ],
    ["parameter entity", '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]>'],
    ["a bare DOCTYPE", "<!DOCTYPE samlp:Response>"],
    ["a lower-case doctype after the XML declaration", '<?xml version="1.0"?><!doctype r>'],
    ["a DOCTYPE after a comment", "<!-- hello --><!DOCTYPE r>"],
  ])("%s", async (_label, prolog) => {
    const spy = spyOnNodeSaml();
    const { login, xml } = await withProlog(prolog);
    const outcome = await postResponse(target, login, { xml });
    expectRefused(outcome, "XML_DOCTYPE_FORBIDDEN");
    expect(spy).not.toHaveBeenCalled();
  });

  it("an entity reference used inside the NameID without a declaration is malformed", async () => {
    const spy = spyOnNodeSaml();
    const login = await startLogin(target);
    const xml = signedFor(target, login).xml.replace(">B.Simon@contoso.com<", ">&xxe;<");
    expectRefused(await postResponse(target, login, { xml }), "SAML_RESPONSE_MALFORMED");
    expect(spy).not.toHaveBeenCalled();
  });

  it("control: the same response without a prolog reaches node-saml and signs in", async () => {
    const spy = spyOnNodeSaml();
    const login = await startLogin(target);
    const outcome = await postResponse(target, login, signedFor(target, login));
    expect(outcome.status).toBe(303);
    expect(spy).toHaveBeenCalled();
  });
});

describe("XML that parsers read differently is refused before node-saml (SAML_RESPONSE_MALFORMED)", () => {
  const mangle = async (change: (xml: string) => string) => {
    const spy = spyOnNodeSaml();
    const login = await startLogin(target);
    const xml = change(signedFor(target, login).xml);
    expectRefused(await postResponse(target, login, { xml }), "SAML_RESPONSE_MALFORMED");
    expect(spy).not.toHaveBeenCalled();
  };

  it("content after the root element", () => mangle((xml) => `${xml}<samlp:Response/>`));
  it("a second XML declaration", () =>
    mangle(
      (xml) => `<?xml version="1.0"?>${xml.replace("<samlp:Status>", '<?xml version="1.0"?><samlp:Status>')}`,
    ));
  it("a control character in the NameID", () => mangle((xml) => xml.replace("B.Simon@", "B.Simon\u0001@")));
  it("a control character as a character reference", () =>
    mangle((xml) => xml.replace("B.Simon@", "B.Simon&#1;@")));
  it("an undeclared prefix", () => mangle((xml) => xml.replace("<samlp:Status>", "<evil:X/><samlp:Status>")));
  it("an unclosed element", () =>
    mangle((xml) => xml.replace("</samlp:Status>", "<samlp:Extra></samlp:Status>")));
  it("nesting 60 levels deep", () =>
    mangle((xml) =>
      xml.replace(
        "<samlp:Status>",
        `${"<samlp:Extensions>".repeat(60)}${"</samlp:Extensions>".repeat(60)}<samlp:Status>`,
      ),
    ));
  it("a duplicated attribute", () =>
    mangle((xml) => xml.replace("<samlp:Response ", '<samlp:Response ID="_dup" ')));
});

describe("the size limit", () => {
  it.each(["application/json", "text/html"])(
    "a body over the Reply URL's 144 KB → 413 SAML_RESPONSE_TOO_LARGE, refused unread, no stack trace (%s)",
    async (accept) => {
      const res = await request(target.rt.app)
        .post(target.acsPath)
        .type("form")
        .set("Accept", accept)
        .send({ SAMLResponse: "A".repeat(600 * 1024) });
      expect(res.status).toBe(413);
      expect(res.text).toContain("SAML_RESPONSE_TOO_LARGE");
      expect(res.text).toContain("144 KB");
      expect(res.text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/work\//);
    },
  );

  it("a body under the limit whose XML is larger than any SAML message → 413 SAML_RESPONSE_TOO_LARGE", async () => {
    const res = await request(target.rt.app)
      .post(target.acsPath)
      .type("form")
      .set("Accept", "application/json")
      .send({ SAMLResponse: toBase64(`<x>${"a".repeat(90 * 1024)}</x>`) });
    expect(res.status).toBe(413);
    expect((res.body as { error: { code: string } }).error.code).toBe("SAML_RESPONSE_TOO_LARGE");
  });

  it("XML within the SAML message limit is read and refused for what it is, not for its size", async () => {
    const res = await request(target.rt.app)
      .post(target.acsPath)
      .type("form")
      .set("Accept", "application/json")
      .send({ SAMLResponse: toBase64(`<x>${"a".repeat(30 * 1024)}</x>`) });
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string } }).error.code).toBe("SAML_MESSAGE_UNEXPECTED");
  });
});

describe("the SAMLResponse field's encoding (SAML_RESPONSE_MALFORMED, with what arrived)", () => {
  const postField = async (field: (xml: string) => string | string[]) => {
    const login = await startLogin(target);
    const xml = signedFor(target, login).xml;
    const value = field(xml);
    const res = await login.agent
      .post(target.acsPath)
      .type("form")
      .set("Accept", "application/json")
      .set("Cookie", login.binding ?? "")
      .send(
        Array.isArray(value)
          ? `SAMLResponse=${encodeURIComponent(value[0] ?? "")}&SAMLResponse=${encodeURIComponent(value[1] ?? "")}`
          : { SAMLResponse: value },
      );
    const body = res.body as { error?: { code?: string; cause?: string } };
    return { status: res.status, code: body.error?.code, cause: body.error?.cause ?? "" };
  };

  it("deflated (the Redirect binding's encoding)", async () => {
    const r = await postField((xml) => deflateRawSync(Buffer.from(xml)).toString("base64"));
    expect(r).toMatchObject({ status: 400, code: "SAML_RESPONSE_MALFORMED" });
    expect(r.cause).toMatch(/deflated/);
  });

  it("base64 of base64", async () => {
    const r = await postField((xml) => toBase64(toBase64(xml)));
    expect(r).toMatchObject({ status: 400, code: "SAML_RESPONSE_MALFORMED" });
    expect(r.cause).toMatch(/twice/);
  });

  it("garbled base64 (characters outside the alphabet)", async () => {
    const r = await postField((xml) => toBase64(xml).replace(/A/g, "*"));
    expect(r).toMatchObject({ status: 400, code: "SAML_RESPONSE_MALFORMED" });
    expect(r.cause).toMatch(/not base64/);
  });

  it("base64url instead of base64", async () => {
    const r = await postField((xml) => Buffer.from(`${xml}??>>`).toString("base64url"));
    expect(r).toMatchObject({ status: 400, code: "SAML_RESPONSE_MALFORMED" });
  });

  it("truncated base64", async () => {
    const r = await postField((xml) => toBase64(xml).slice(0, 1001));
    expect(r).toMatchObject({ status: 400, code: "SAML_RESPONSE_MALFORMED" });
  });

  it("bytes that are not UTF-8 (Latin-1 with an accented name)", async () => {
    const r = await postField((xml) =>
      Buffer.from(xml.replace("Britta", "Britt\u00e4"), "latin1").toString("base64"),
    );
    expect(r).toMatchObject({ status: 400, code: "SAML_RESPONSE_MALFORMED" });
  });

  it("UTF-16", async () => {
    const r = await postField((xml) => Buffer.from(`\ufeff${xml}`, "utf16le").toString("base64"));
    expect(r).toMatchObject({ status: 400, code: "SAML_RESPONSE_MALFORMED" });
  });

  it("the field sent twice", async () => {
    const r = await postField((xml) => [toBase64(xml), toBase64(xml)]);
    expect(r).toMatchObject({ status: 400, code: "SAML_RESPONSE_MALFORMED" });
  });

  it("control: base64 with line breaks every 76 characters is read as usual", async () => {
    const r = await postField((xml) => (toBase64(xml).match(/.{1,76}/g) ?? []).join("\r\n"));
    expect(r.status).toBe(303);
  });
});

describe("messages that are not a Response (SAML_MESSAGE_UNEXPECTED)", () => {
  const messages = {
    LogoutResponse:
      '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_l" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>',
    LogoutRequest:
      '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_l" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><saml:NameID>B.Simon@contoso.com</saml:NameID></samlp:LogoutRequest>',
    AuthnRequest:
      '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"/>',
    ArtifactResponse:
      '<samlp:ArtifactResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"/>',
    "a Response in another namespace": '<Response xmlns="urn:example:not-saml" ID="_r"/>',
    "anything else": "<html><body>hello</body></html>",
  };

  it.each(Object.entries(messages))("%s posted as SAMLResponse", async (_name, xml) => {
    const outcome = await postResponse(target, await startLogin(target), { xml });
    expectRefused(outcome, "SAML_MESSAGE_UNEXPECTED");
  });

  it("a bare signed Assertion posted as SAMLResponse", async () => {
    const login = await startLogin(target);
    const xml = signedFor(target, login).xml;
    const assertion = xml.slice(
      xml.indexOf("<Assertion"),
      xml.indexOf("</Assertion>") + "</Assertion>".length,
    );
    expectRefused(await postResponse(target, login, { xml: assertion }), "SAML_MESSAGE_UNEXPECTED");
  });

  it.each([
    [
      "SAMLRequest in the form",
      (agent: ReturnType<typeof freshAgent>, path: string) =>
        agent
          .post(path)
          .type("form")
          .set("Accept", "application/json")
          .send({ SAMLRequest: toBase64(messages.LogoutRequest) }),
    ],
    [
      "SAMLResponse in the query string",
      (agent: ReturnType<typeof freshAgent>, path: string) =>
        agent
          .post(`${path}?SAMLResponse=${encodeURIComponent(toBase64(messages.LogoutResponse))}`)
          .type("form")
          .set("Accept", "application/json")
          .send({}),
    ],
  ])("%s", async (_label, send) => {
    const res = await send(freshAgent(target), target.acsPath);
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string } }).error.code).toBe("SAML_MESSAGE_UNEXPECTED");
  });
});
