import { describe, expect, it } from "vitest";
import {
  allDescendants,
  hasDoctype,
  hasNonTextChildren,
  MAX_DEPTH,
  MAX_ELEMENTS,
  parseXmlStrict,
  textOf,
  XmlRefused,
} from "../../../src/saml/xml-dom.js";

const refusal = (xml: string) => {
  try {
    parseXmlStrict(xml);
    return null;
  } catch (err) {
    return err instanceof XmlRefused ? err.kind : "other";
  }
};

describe("parseXmlStrict: what it refuses", () => {
  it.each([
    ["<!DOCTYPE r><r/>"],
    ['<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'],
    ["<!doctype r><r/>"],
    ['<r><!ENTITY x "y"></r>'],
    ["<r><!ELEMENT r ANY></r>"],
  ])("%s → doctype", (xml) => {
    expect(refusal(xml)).toBe("doctype");
  });

  it.each([
    ["content after the root", "<r/>trailing"],
    ["a second root", "<r/><s/>"],
    ["a second XML declaration", '<?xml version="1.0"?><r><?xml version="1.0"?></r>'],
    ["a control character", "<r>a\u0001b</r>"],
    ["a control character reference", "<r>a&#x1;b</r>"],
    ["a NUL character reference", "<r>&#0;</r>"],
    ["a reference beyond Unicode", "<r>&#x110000;</r>"],
    ["an undefined entity", "<r>&xxe;</r>"],
    ["a duplicated attribute", '<r a="1" a="2"/>'],
    ["an unbound prefix", "<p:r/>"],
    ["a mismatched end tag", "<r><s></r>"],
    ["an unclosed element", "<r><s>"],
    ["nesting beyond the limit", `${"<a>".repeat(MAX_DEPTH + 1)}${"</a>".repeat(MAX_DEPTH + 1)}`],
    ["no root element", "   "],
  ])("%s → malformed", (_label, xml) => {
    expect(refusal(xml)).toBe("malformed");
  });

  it("more elements than the limit → too-large (counted before a DOM is built)", () => {
    expect(refusal(`<r>${"<a/>".repeat(MAX_ELEMENTS)}</r>`)).toBe("too-large");
  });

  it("a nesting far beyond the stack's depth is refused, not a crash", () => {
    expect(refusal(`${"<a>".repeat(50_000)}${"</a>".repeat(50_000)}`)).toBe("malformed");
  });
});

describe("parseXmlStrict: what it reads", () => {
  it.each([
    ["an XML declaration at the start", '<?xml version="1.0" encoding="UTF-8"?><r/>'],
    ["comments and processing instructions around the root", "<!-- a --><?pi x?><r/><!-- b -->"],
    ["tab, LF and CR references", "<r>&#9;&#xA;&#13;</r>"],
    ["CDATA", "<r><![CDATA[<x>]]></r>"],
    ["nesting at the limit", `${"<a>".repeat(MAX_DEPTH)}${"</a>".repeat(MAX_DEPTH)}`],
    ["an xml-stylesheet processing instruction", '<?xml-stylesheet href="x"?><r/>'],
  ])("%s", (_label, xml) => {
    expect(refusal(xml)).toBeNull();
  });
});

describe("helpers", () => {
  it("hasDoctype finds any markup declaration but not comments or CDATA", () => {
    expect(hasDoctype("<r><!-- x --><![CDATA[y]]></r>")).toBe(false);
    expect(hasDoctype("<r><!ATTLIST r a CDATA #IMPLIED></r>")).toBe(true);
  });

  it("textOf joins text and CDATA; hasNonTextChildren tells split text apart", () => {
    const doc = parseXmlStrict("<r><a>plain</a><b>x<!---->y</b><c>x<![CDATA[y]]></c><d>x<?p?>y</d></r>");
    const [a, b, c, d] = allDescendants(doc.documentElement);
    expect(textOf(a)).toBe("plain");
    expect(textOf(b)).toBe("xy");
    expect(textOf(c)).toBe("xy");
    expect([a, b, c, d].map((el) => hasNonTextChildren(el as Element))).toEqual([false, true, true, true]);
  });

  it("allDescendants walks in document order", () => {
    const doc = parseXmlStrict("<r><a><b/></a><c/></r>");
    expect(allDescendants(doc.documentElement).map((el) => el.localName)).toEqual(["a", "b", "c"]);
  });
});
