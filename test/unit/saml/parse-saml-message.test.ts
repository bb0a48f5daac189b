import { describe, expect, it } from "vitest";
import { oversizedSamlResponse, parseSamlMessage } from "../../../src/saml/parse-saml-message.js";
import { SAML_MESSAGE_LIMITS } from "../../../src/saml/xml-prescan.js";

const maxBase64 = Math.ceil(SAML_MESSAGE_LIMITS.maxLength / 3) * 4;

describe("oversizedSamlResponse: the base64 field before it is decoded", () => {
  it("passes base64 up to the encoding of the size limit, line breaks not counted", () => {
    expect(oversizedSamlResponse("A".repeat(maxBase64))).toBeNull();
    const wrapped = (
      "A"
        .repeat(76)
        .concat("\r\n")
        .repeat(Math.floor(maxBase64 / 76)) as string
    ).trim();
    expect(oversizedSamlResponse(wrapped)).toBeNull();
  });

  it("refuses one group of four more as SAML_RESPONSE_TOO_LARGE", () => {
    expect(oversizedSamlResponse("A".repeat(maxBase64 + 4))).toMatchObject({
      code: "SAML_RESPONSE_TOO_LARGE",
    });
  });

  it("leaves anything that is not a string to the decoder", () => {
    expect(oversizedSamlResponse(undefined)).toBeNull();
    expect(oversizedSamlResponse(["a", "b"])).toBeNull();
  });
});

describe("parseSamlMessage: one code per refusal", () => {
  it.each([
    ["a DOCTYPE", "<!DOCTYPE r><r/>", "XML_DOCTYPE_FORBIDDEN"],
    [
      "text over the size limit",
      `<r>${"x".repeat(SAML_MESSAGE_LIMITS.maxLength)}</r>`,
      "SAML_RESPONSE_TOO_LARGE",
    ],
    [
      "one element too many",
      `<r>${"<a/>".repeat(SAML_MESSAGE_LIMITS.maxElements)}</r>`,
      "SAML_RESPONSE_TOO_LARGE",
    ],
    [
      "one level too deep",
      `${"<a>".repeat(SAML_MESSAGE_LIMITS.maxDepth + 1)}${"</a>".repeat(SAML_MESSAGE_LIMITS.maxDepth + 1)}`,
      "SAML_RESPONSE_MALFORMED",
    ],
    ["a mismatched end tag", "<r><s></r>", "SAML_RESPONSE_MALFORMED"],
  ])("%s", (_label, xml, code) => {
    const parsed = parseSamlMessage(xml);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.failure.code).toBe(code);
  });
});
