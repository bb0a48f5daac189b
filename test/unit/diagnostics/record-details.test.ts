/** What a sign-in record keeps of the decoded XML, and how it reads it back. */
import { describe, expect, it } from "vitest";
import { MAX_STORED_XML, readDetails, xmlToStore } from "../../../src/diagnostics/record-details.js";
import { MAX_STORED_RESPONSE } from "../../../src/domain/sign-in-record.js";
import { signInRecord } from "../../helpers/sign-in-record.js";

const XML = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1"/>';
const BASE64_OF_XML = Buffer.from(XML).toString("base64");

const recordWith = (details: Record<string, unknown>, samlResponse: string | null) =>
  signInRecord("T1", details, { samlResponse });

describe("xmlToStore", () => {
  it("keeps no second copy when the stored SAMLResponse decodes to the XML again", () => {
    const stored = xmlToStore(XML, BASE64_OF_XML);
    expect(stored).toEqual({ xml: null, xmlTruncated: false, xmlFromResponse: true });
    expect(readDetails(recordWith(stored, BASE64_OF_XML)).xml).toBe(XML);
  });

  it("keeps the XML itself, capped, when the SAMLResponse was too long to store whole", () => {
    const longXml = `<a>${"x".repeat(MAX_STORED_XML)}</a>`;
    const longResponse = "A".repeat(MAX_STORED_RESPONSE + 4);
    const stored = xmlToStore(longXml, longResponse);
    expect(stored.xmlFromResponse).toBe(false);
    expect(stored.xmlTruncated).toBe(true);
    expect(stored.xml).toHaveLength(MAX_STORED_XML);
  });

  it("keeps nothing when nothing could be decoded", () => {
    expect(xmlToStore(null, "%%%not base64")).toEqual({
      xml: null,
      xmlTruncated: false,
      xmlFromResponse: false,
    });
    expect(readDetails(recordWith({ xml: null, xmlFromResponse: false }, "%%%not base64")).xml).toBeNull();
  });

  it("still reads records written with the XML inline", () => {
    expect(readDetails(recordWith({ xml: XML, xmlTruncated: false }, BASE64_OF_XML)).xml).toBe(XML);
  });
});
