import { isUtf8 } from "node:buffer";
import { inflateRawSync } from "node:zlib";
import { oversizedSamlResponse } from "./parse-saml-message.js";

/**
 * Turns the posted SAMLResponse form field into XML text, refusing what the HTTP-POST binding
 * never carries: deflated data (that is the Redirect binding), base64 of base64, bytes that are
 * not UTF-8 text. These are caught here so the user is told exactly what arrived.
 */
export type DecodeResult =
  | { ok: true; xml: string }
  | {
      ok: false;
      code: "SAML_RESPONSE_MISSING" | "SAML_RESPONSE_MALFORMED" | "SAML_RESPONSE_TOO_LARGE";
      reason: string;
    };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function decodeSamlResponse(field: unknown): DecodeResult {
  if (field === undefined || field === null || field === "") {
    return {
      ok: false,
      code: "SAML_RESPONSE_MISSING",
      reason: "The POST carried no SAMLResponse form field.",
    };
  }
  if (typeof field !== "string") {
    return {
      ok: false,
      code: "SAML_RESPONSE_MALFORMED",
      reason: "SAMLResponse was sent more than once or as a structure.",
    };
  }
  // Before any copy: far more base64 than any Entra response is refused unread.
  const oversized = oversizedSamlResponse(field);
  if (oversized) return { ok: false, code: "SAML_RESPONSE_TOO_LARGE", reason: oversized.reason };
  const compact = field.replace(/[\r\n\t ]/g, "");
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    return {
      ok: false,
      code: "SAML_RESPONSE_MALFORMED",
      reason: "SAMLResponse is not base64 (the HTTP-POST binding sends the XML base64-encoded).",
    };
  }
  const bytes = Buffer.from(compact, "base64");
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (text.trimStart().startsWith("<")) {
    // The bytes themselves, checked natively in one pass: the decoded text cannot tell a byte
    // that was replaced by U+FFFD from a U+FFFD that was sent as such.
    if (!isUtf8(bytes)) {
      return { ok: false, code: "SAML_RESPONSE_MALFORMED", reason: "SAMLResponse is not valid UTF-8 text." };
    }
    return { ok: true, xml: text };
  }
  if (BASE64.test(text.replace(/[\r\n\t ]/g, "")) && text.length > 16) {
    return {
      ok: false,
      code: "SAML_RESPONSE_MALFORMED",
      reason: "SAMLResponse is base64-encoded twice: decoding it once gives more base64, not XML.",
    };
  }
  if (looksDeflated(bytes)) {
    return {
      ok: false,
      code: "SAML_RESPONSE_MALFORMED",
      reason:
        "SAMLResponse is deflated (HTTP-Redirect encoding); the ACS takes the HTTP-POST binding, which is not compressed.",
    };
  }
  return {
    ok: false,
    code: "SAML_RESPONSE_MALFORMED",
    reason: "SAMLResponse decodes to bytes that are not XML.",
  };
}

function looksDeflated(bytes: Buffer): boolean {
  try {
    const inflated = inflateRawSync(bytes, { maxOutputLength: 1024 * 1024 });
    return inflated.toString("utf8").trimStart().startsWith("<");
  } catch {
    return false;
  }
}
