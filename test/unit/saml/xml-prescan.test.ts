import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DOCUMENT_LIMITS,
  prescanXml,
  SAML_MESSAGE_LIMITS,
  type XmlLimits,
} from "../../../src/saml/xml-prescan.js";

const GOLDEN = readFileSync(
  new URL("../../fixtures/idp-simulator/entra-response.assertion-signed.sha256.golden.xml", import.meta.url),
  "utf8",
);
const SMALL: XmlLimits = {
  maxLength: 10_000,
  maxElements: 5,
  maxDepth: 3,
  maxAttributes: 3,
  maxNamespaceDeclarations: 2,
};
const kindOf = (xml: string, limits = SMALL) => {
  const r = prescanXml(xml, limits);
  return r.ok ? "ok" : r.kind;
};

describe("prescanXml", () => {
  it("passes an Entra-shaped response within the SAML message limits and counts its elements", () => {
    const r = prescanXml(GOLDEN, SAML_MESSAGE_LIMITS);
    expect(r).toMatchObject({ ok: true });
    expect(r.ok && r.elements).toBe((GOLDEN.match(/<[A-Za-z]/g) ?? []).length);
  });

  it.each([
    ["text longer than the limit", `<r>${"a".repeat(10_001)}</r>`, "too-large"],
    ["one element too many", "<r><a/><a/><a/><a/><a/></r>", "too-large"],
    ["one level too deep", "<r><a><b><c/></b></a></r>", "malformed"],
    ["too many attributes on one element", '<r a="1" b="2" c="3" d="4"/>', "malformed"],
    ["attributes without values still count", "<r a b c d/>", "malformed"],
    ["too many namespace declarations", '<r xmlns="u"><a xmlns:p="u"/><b xmlns:q="u"/></r>', "malformed"],
    ["a DOCTYPE", "<!DOCTYPE r><r/>", "doctype"],
    ["an ENTITY declaration inside", '<r><!ENTITY x "y"></r>', "doctype"],
    ["an end tag with no start tag", "<r></r></r>", "malformed"],
    ["a tag left open at the end", '<r a="1', "malformed"],
    ["an unterminated comment", "<r><!-- x", "malformed"],
  ])("%s → %s", (_label, xml, kind) => {
    expect(kindOf(xml)).toBe(kind);
  });

  it.each([
    ["exactly at every limit", '<r xmlns="u" a="1" b="2"><a xmlns:p="u"><b/></a><c/><d/></r>'],
    [
      "markup inside comments, CDATA and PIs is not counted",
      "<r><!-- <a/><a/><a/><a/><a/> --><![CDATA[<a/><a/><a/><a/><a/>]]><?pi <a/><a/><a/><a/> ?></r>",
    ],
    [
      "'>' and '<a' inside a quoted value are not a tag",
      "<r a=\"x > <a/><a/><a/><a/><a/>\" b='<c/><c/><c/><c/>'/>",
    ],
    ["self-closing elements do not add depth", "<r><a><b/><b/></a></r>"],
  ])("%s → ok", (_label, xml) => {
    expect(kindOf(xml)).toBe("ok");
  });

  it("stops at the first limit: a bomb the size of the body limit is refused without reading it all", () => {
    const bomb = `<r>${"<a/>".repeat(100_000)}</r>`;
    const r = prescanXml(bomb, { ...DOCUMENT_LIMITS, maxLength: bomb.length });
    expect(r).toMatchObject({ ok: false, kind: "too-large" });
  });

  it("a namespace bomb within the element limit is refused for its declarations", () => {
    const bomb = `<r ${Array.from({ length: 20 }, (_, i) => `xmlns:n${i}="u"`).join(" ")}>${Array.from({ length: 40 }, (_, i) => `<x xmlns:m${i}="u"/>`).join("")}</r>`;
    expect(kindOf(bomb, SAML_MESSAGE_LIMITS)).toBe("malformed");
  });
});
