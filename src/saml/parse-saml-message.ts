import { inspectDocument, type ResponseFacts } from "./inspect-response.js";
import { failure, type SamlFailure } from "./saml-failure.js";
import { parseXmlStrict, XmlRefused } from "./xml-dom.js";
import { SAML_MESSAGE_LIMITS } from "./xml-prescan.js";

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
    return {
      ok: false,
      failure: failure(
        "SAML_RESPONSE_MALFORMED",
        err instanceof Error ? err.message : "The XML is not well-formed.",
        { check: "XML" },
      ),
    };
  }
}
