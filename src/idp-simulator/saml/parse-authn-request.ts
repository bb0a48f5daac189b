/**
 * Reads the SAMLRequest an SP sends to the Entra simulator: the HTTP-Redirect binding (base64 of raw
 * DEFLATE) or the HTTP-POST binding (base64 only). `encoded` is the parameter value after URL/form
 * decoding. Only what Entra looks at is extracted; see Microsoft's "Single sign-on SAML protocol".
 *
 * Hostile input is refused rather than parsed: DOCTYPE/ENTITY declarations, anything that inflates to
 * more than 64 KB, invalid base64 or UTF-8, and XML the parser reports errors for.
 *
 * Simulator-side code: it imports nothing from the SP (src/saml, src/http, src/certificates, ...).
 */
import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";

const SAML_PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML_ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

/** The most XML the simulator will look at, after inflating (redirect) or decoding (post). */
export const MAX_AUTHN_REQUEST_BYTES = 64 * 1024;
/** Base64 of MAX_AUTHN_REQUEST_BYTES is about 87 400 characters; anything much longer is refused unread. */
const MAX_ENCODED_CHARS = 100_000;

export type AuthnRequestBinding = "redirect" | "post";

export interface ParsedAuthnRequest {
  id: string;
  issuer: string | null;
  /** AssertionConsumerServiceURL. */
  acsUrl: string | null;
  destination: string | null;
  /** NameIDPolicy@Format. */
  nameIdPolicyFormat: string | null;
  /** A Subject element is present (Entra refuses such requests). */
  hasSubject: boolean;
  forceAuthn: boolean;
  isPassive: boolean;
  protocolBinding: string | null;
}

export type ParseAuthnRequestResult =
  | { ok: true; request: ParsedAuthnRequest }
  | { ok: false; error: string };

export function parseAuthnRequest(encoded: string, binding: AuthnRequestBinding): ParseAuthnRequestResult {
  const bytes = decodeBase64(encoded);
  if (!bytes.ok) {
    return bytes;
  }
  const xmlBytes = binding === "redirect" ? inflate(bytes.value) : withinCap(bytes.value);
  if (!xmlBytes.ok) {
    return xmlBytes;
  }
  let xml: string;
  try {
    xml = new TextDecoder("utf-8", { fatal: true }).decode(xmlBytes.value);
  } catch {
    return fail("SAMLRequest is not valid UTF-8");
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    return fail("SAMLRequest contains a DOCTYPE or ENTITY declaration, which is not allowed");
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)) {
    return fail("SAMLRequest contains characters that XML 1.0 does not allow");
  }

  const document = parseXml(xml);
  if (!document.ok) {
    return document;
  }
  const root = document.value.documentElement;
  if (root?.localName !== "AuthnRequest" || root.namespaceURI !== SAML_PROTOCOL_NS) {
    return fail(`The root element must be AuthnRequest in ${SAML_PROTOCOL_NS}`);
  }

  const id = attribute(root, "ID");
  if (!id) {
    return fail("AuthnRequest has no ID");
  }
  const version = attribute(root, "Version");
  if (version !== "2.0") {
    return fail(
      `AuthnRequest Version must be 2.0, got ${version === null ? "none" : JSON.stringify(version)}`,
    );
  }
  const forceAuthn = xsBoolean(attribute(root, "ForceAuthn"));
  if (forceAuthn === undefined) {
    return fail("AuthnRequest ForceAuthn is not an xs:boolean");
  }
  const isPassive = xsBoolean(attribute(root, "IsPassive"));
  if (isPassive === undefined) {
    return fail("AuthnRequest IsPassive is not an xs:boolean");
  }

  const issuerElement = firstChild(root, SAML_ASSERTION_NS, "Issuer");
  const issuer = issuerElement?.textContent?.trim() || null;
  const nameIdPolicy = firstChild(root, SAML_PROTOCOL_NS, "NameIDPolicy");

  return {
    ok: true,
    request: {
      id,
      issuer,
      acsUrl: attribute(root, "AssertionConsumerServiceURL"),
      destination: attribute(root, "Destination"),
      nameIdPolicyFormat: nameIdPolicy ? attribute(nameIdPolicy, "Format") : null,
      hasSubject: firstChild(root, SAML_ASSERTION_NS, "Subject") !== null,
      forceAuthn,
      isPassive,
      protocolBinding: attribute(root, "ProtocolBinding"),
    },
  };
}

type Step<T> = { ok: true; value: T } | { ok: false; error: string };

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function decodeBase64(encoded: string): Step<Buffer> {
  if (encoded.length > MAX_ENCODED_CHARS) {
    return fail("SAMLRequest is too long");
  }
  // Form posts may wrap base64 in lines; whitespace carries nothing.
  const compact = encoded.replace(/\s+/g, "");
  if (compact === "") {
    return fail("SAMLRequest is empty");
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    return fail("SAMLRequest is not valid base64");
  }
  return { ok: true, value: Buffer.from(compact, "base64") };
}

function inflate(deflated: Buffer): Step<Buffer> {
  try {
    return { ok: true, value: inflateRawSync(deflated, { maxOutputLength: MAX_AUTHN_REQUEST_BYTES }) };
  } catch (error) {
    if (error instanceof RangeError) {
      return fail(`SAMLRequest inflates to more than ${MAX_AUTHN_REQUEST_BYTES} bytes`);
    }
    return fail("SAMLRequest is not raw DEFLATE data (HTTP-Redirect binding)");
  }
}

function withinCap(bytes: Buffer): Step<Buffer> {
  if (bytes.length > MAX_AUTHN_REQUEST_BYTES) {
    return fail(`SAMLRequest is larger than ${MAX_AUTHN_REQUEST_BYTES} bytes`);
  }
  return { ok: true, value: bytes };
}

function parseXml(xml: string): Step<Document> {
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
    return fail(
      `SAMLRequest is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (errors.length > 0) {
    return fail(`SAMLRequest is not well-formed XML: ${errors[0]}`);
  }
  if (!document.documentElement) {
    return fail("SAMLRequest has no root element");
  }
  return { ok: true, value: document };
}

/** The attribute's value, or null when it is absent (xmldom's getAttribute gives "" for both). */
function attribute(element: Element, name: string): string | null {
  return element.getAttributeNode(name)?.value ?? null;
}

function firstChild(parent: Element, namespace: string, localName: string): Element | null {
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

/** xs:boolean, absent meaning false; undefined for a value that is not an xs:boolean. */
function xsBoolean(value: string | null): boolean | undefined {
  if (value === null) {
    return false;
  }
  switch (value.trim()) {
    case "true":
    case "1":
      return true;
    case "false":
    case "0":
      return false;
    default:
      return undefined;
  }
}
