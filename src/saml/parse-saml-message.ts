import { failure, type SamlFailure } from "../errors.js";
import { inspectDocument, type ResponseFacts } from "./inspect-response.js";
import { parseXmlStrict, XmlRefused } from "./xml-dom.js";
import { SAML_MESSAGE_LIMITS } from "./xml-prescan.js";

/**
 * The posted (or pasted) base64 field, before it is decoded: base64 longer than the encoding of
 * SAML_MESSAGE_LIMITS.maxLength bytes is refused as SAML_RESPONSE_TOO_LARGE without decoding it
 * (decoding and checking UTF-8 would copy it four times over). Counts without copying: line
 * breaks and spaces, which the decoder drops, do not count.
 */
export function oversizedSamlResponse(field: unknown): SamlFailure | null {
  if (typeof field !== "string") return null;
  const maxBase64 = Math.ceil(SAML_MESSAGE_LIMITS.maxLength / 3) * 4;
  if (field.length <= maxBase64) return null;
  let payload = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) payload++;
  }
  if (payload <= maxBase64) return null;
  const kb = Math.round((payload * 3) / 4 / 1024);
  return failure(
    "SAML_RESPONSE_TOO_LARGE",
    `The SAMLResponse decodes to about ${kb} KB; at most ${SAML_MESSAGE_LIMITS.maxLength / 1024} KB is accepted (Entra's responses are a few KB).`,
    { check: "size" },
  );
}

export type ParsedMessage = { ok: true; facts: ResponseFacts } | { ok: false; failure: SamlFailure };

/**
 * The decoded XML of a posted or pasted SAMLResponse, parsed within the SAML message limits and
 * inspected. One place turns a refusal into its code, so the ACS and Analyze give the same input
 * the same answer: a DOCTYPE → XML_DOCTYPE_FORBIDDEN, more text or elements than any Entra
 * response holds → SAML_RESPONSE_TOO_LARGE, anything else → SAML_RESPONSE_MALFORMED.
 */
export function parseSamlMessage(xml: string): ParsedMessage {
  try {
    return { ok: true, facts: inspectDocument(parseXmlStrict(xml, SAML_MESSAGE_LIMITS)) };
  } catch (err) {
    if (err instanceof XmlRefused && err.kind === "doctype") {
      return {
        ok: false,
        failure: failure("XML_DOCTYPE_FORBIDDEN", err.message, {
          check: "XML",
          expected: "no DOCTYPE",
          actual: "DOCTYPE",
        }),
      };
    }
    if (err instanceof XmlRefused && err.kind === "too-large") {
      return { ok: false, failure: failure("SAML_RESPONSE_TOO_LARGE", err.message, { check: "XML size" }) };
    }
    const reason = err instanceof Error ? err.message : "The XML is not well-formed.";
    return {
      ok: false,
      failure: failure("SAML_RESPONSE_MALFORMED", reason, { check: "XML", actual: reason }),
    };
  }
}
