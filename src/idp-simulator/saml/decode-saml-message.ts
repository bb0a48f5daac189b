/**
 * Decodes a SAML message sent to the Entra simulator: the HTTP-Redirect binding (base64 of raw
 * DEFLATE) or the HTTP-POST binding (base64 only). `encoded` is the parameter value after URL/form
 * decoding; `param` (SAMLRequest / SAMLResponse) names it in the errors.
 *
 * Hostile input is refused rather than parsed: DOCTYPE/ENTITY declarations, anything that inflates to
 * more than 64 KB, invalid base64 or UTF-8, and XML the parser reports errors for.
 *
 * Simulator-side code: it imports nothing from the SP (src/saml, src/http, src/certificates, ...).
 */
import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";

/** The most XML the simulator will look at, after inflating (redirect) or decoding (post). */
export const MAX_AUTHN_REQUEST_BYTES = 64 * 1024;
/** Base64 of MAX_AUTHN_REQUEST_BYTES is about 87 400 characters; anything much longer is refused unread. */
const MAX_ENCODED_CHARS = 100_000;

export type SamlBinding = "redirect" | "post";
type Step<T> = { ok: true; value: T } | { ok: false; error: string };

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

export function decodeSamlXml(encoded: string, binding: SamlBinding, param: string): Step<Document> {
  const bytes = decodeBase64(encoded, param);
  if (!bytes.ok) {
    return bytes;
  }
  const xmlBytes = binding === "redirect" ? inflate(bytes.value, param) : withinCap(bytes.value, param);
  if (!xmlBytes.ok) {
    return xmlBytes;
  }
  let xml: string;
  try {
    xml = new TextDecoder("utf-8", { fatal: true }).decode(xmlBytes.value);
  } catch {
    return fail(`${param} is not valid UTF-8`);
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    return fail(`${param} contains a DOCTYPE or ENTITY declaration, which is not allowed`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)) {
    return fail(`${param} contains characters that XML 1.0 does not allow`);
  }
  return parseXml(xml, param);
}

function decodeBase64(encoded: string, param: string): Step<Buffer> {
  if (encoded.length > MAX_ENCODED_CHARS) {
    return fail(`${param} is too long`);
  }
  // Form posts may wrap base64 in lines; whitespace carries nothing.
  const compact = encoded.replace(/\s+/g, "");
  if (compact === "") {
    return fail(`${param} is empty`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    return fail(`${param} is not valid base64`);
  }
  return { ok: true, value: Buffer.from(compact, "base64") };
}

function inflate(deflated: Buffer, param: string): Step<Buffer> {
  try {
    return { ok: true, value: inflateRawSync(deflated, { maxOutputLength: MAX_AUTHN_REQUEST_BYTES }) };
  } catch (error) {
    if (error instanceof RangeError) {
      return fail(`${param} inflates to more than ${MAX_AUTHN_REQUEST_BYTES} bytes`);
    }
    return fail(`${param} is not raw DEFLATE data (HTTP-Redirect binding)`);
  }
}

function withinCap(bytes: Buffer, param: string): Step<Buffer> {
  if (bytes.length > MAX_AUTHN_REQUEST_BYTES) {
    return fail(`${param} is larger than ${MAX_AUTHN_REQUEST_BYTES} bytes`);
  }
  return { ok: true, value: bytes };
}

function parseXml(xml: string, param: string): Step<Document> {
  const errors: string[] = [];
  const record = (message: unknown): void => {
    // xmldom decorates messages as "[xmldom error]\t...\n@#[line:..,col:..]"; keep the words.
    errors.push(
      String(message)
        .replace(/^\[xmldom [a-zA-Z]+\]\s*/, "")
        .replace(/\s*@#\[line:[^\]]*\]\s*$/, "")
        .trim(),
    );
  };
  let document: Document;
  try {
    document = new DOMParser({
      errorHandler: { warning: record, error: record, fatalError: record },
    }).parseFromString(xml, "text/xml");
  } catch (error) {
    return fail(`${param} is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (errors.length > 0) {
    return fail(`${param} is not well-formed XML: ${errors[0]}`);
  }
  if (!document.documentElement) {
    return fail(`${param} has no root element`);
  }
  return { ok: true, value: document };
}

/** The attribute's value, or null when it is absent (xmldom's getAttribute gives "" for both). */
export function attribute(element: Element, name: string): string | null {
  return element.getAttributeNode(name)?.value ?? null;
}

export function firstChild(parent: Element, namespace: string, localName: string): Element | null {
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const element = node as Element;
      if (element.localName === localName && element.namespaceURI === namespace) {
        return element;
      }
    }
  }
  return null;
}
