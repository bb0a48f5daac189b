import { describe, expect, it } from "vitest";
import { prettyXml } from "../../../src/diagnostics/pretty-xml.js";

describe("prettyXml", () => {
  it("indents elements and keeps text content on its element's line, exactly", () => {
    const xml = '<a xmlns="urn:x" b="1&amp;2"><c>  spaced value </c><d/><e><f>x</f></e></a>';
    expect(prettyXml(xml)).toBe(
      [
        '<a xmlns="urn:x" b="1&amp;2">',
        "  <c>  spaced value </c>",
        "  <d/>",
        "  <e>",
        "    <f>x</f>",
        "  </e>",
        "</a>",
      ].join("\n"),
    );
  });

  it("keeps comments and escapes text", () => {
    expect(prettyXml("<a><!--note--><b>&lt;x&gt;</b></a>")).toBe(
      "<a>\n  <!--note-->\n  <b>&lt;x&gt;</b>\n</a>",
    );
  });

  it("returns what does not parse unchanged (and never expands a DOCTYPE)", () => {
    expect(prettyXml("<a><b></a>")).toBe("<a><b></a>");
    const doctype = '<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>';
    expect(prettyXml(doctype)).toBe(doctype);
  });
});
