import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeSamlResponse } from "../../../src/saml/decode-saml-response.js";

const XML = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r"/>';
const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64");

describe("decodeSamlResponse", () => {
  it.each([
    ["plain base64", b64(XML)],
    ["base64 in 76-column lines (CRLF)", (b64(XML).match(/.{1,76}/g) ?? []).join("\r\n")],
    ["a UTF-8 byte-order mark", b64(`\ufeff${XML}`)],
    ["leading whitespace in the XML", b64(`\n  ${XML}`)],
  ])("reads %s", (_label, field) => {
    expect(decodeSamlResponse(field)).toEqual({ ok: true, xml: expect.stringContaining("<samlp:Response") });
  });

  it.each([undefined, null, ""])("%j → SAML_RESPONSE_MISSING", (field) => {
    expect(decodeSamlResponse(field)).toMatchObject({ ok: false, code: "SAML_RESPONSE_MISSING" });
  });

  it.each([
    ["the field sent twice", [b64(XML), b64(XML)], /more than once/],
    ["an object", { a: 1 }, /more than once or as a structure/],
    ["characters outside base64", "PHNhbWxw*T3Jlc3BvbnNl", /not base64/],
    ["base64url", Buffer.from(`${XML}>>??`).toString("base64url"), /not base64/],
    ["missing padding", b64(`${XML} `).replace(/=+$/, ""), /not base64/],
    ["base64 of base64", b64(b64(XML)), /twice/],
    ["deflated XML (the Redirect binding)", deflateRawSync(Buffer.from(XML)).toString("base64"), /deflated/],
    ["Latin-1 bytes", Buffer.from(XML.replace("_r", "_r\u00e9"), "latin1").toString("base64"), /UTF-8/],
    ["random bytes", Buffer.from([0x8f, 0x00, 0xff, 0x10, 0x22, 0x91]).toString("base64"), /not XML/],
  ])("%s → SAML_RESPONSE_MALFORMED", (_label, field, reason) => {
    const result = decodeSamlResponse(field);
    expect(result).toMatchObject({ ok: false, code: "SAML_RESPONSE_MALFORMED" });
    expect(result.ok ? "" : result.reason).toMatch(reason);
  });
});

describe("decodeSamlResponse: UTF-8 is judged on the bytes", () => {
  it("accepts a U+FFFD character sent as valid UTF-8 (EF BF BD)", () => {
    const xml = XML.replace("_r", "_r\uFFFD");
    expect(decodeSamlResponse(Buffer.from(xml, "utf8").toString("base64"))).toEqual({ ok: true, xml });
  });
  it("refuses a lone continuation byte and an overlong encoding", () => {
    for (const bad of [Buffer.from([0x80]), Buffer.from([0xc0, 0xaf])]) {
      const bytes = Buffer.concat([Buffer.from(XML.slice(0, -2), "utf8"), bad, Buffer.from("/>")]);
      const result = decodeSamlResponse(bytes.toString("base64"));
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(/not valid UTF-8/);
    }
  });
});
