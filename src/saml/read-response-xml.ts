import { inspectDocument, type ResponseFacts } from "./inspect-response.js";
import { failure, type SamlFailure } from "./saml-failure.js";
import { parseXmlStrict, XmlRefused } from "./xml-dom.js";

/**
 * The decoded XML parsed strictly and inspected, or why it cannot be: the one place the ACS and
 * Analyze read a posted message (a DOCTYPE has its own code; anything else is malformed).
 */
export function readResponseXml(
  xml: string,
): { ok: true; facts: ResponseFacts } | { ok: false; failure: SamlFailure } {
  try {
    return { ok: true, facts: inspectDocument(parseXmlStrict(xml)) };
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
    const reason = err instanceof Error ? err.message : "The XML is not well-formed.";
    return {
      ok: false,
      failure: failure("SAML_RESPONSE_MALFORMED", reason, { check: "XML", actual: reason }),
    };
  }
}
