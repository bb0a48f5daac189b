import { inflateRawSync } from "node:zlib";
import { attr, firstChild, NS, parseXmlStrict, textOf, XmlRefused } from "../xml-dom.js";
import { SAML_MESSAGE_LIMITS } from "../xml-prescan.js";

/**
 * Reads a LogoutRequest or LogoutResponse that arrived at the Single Logout endpoint over the
 * HTTP-Redirect binding (the only one Entra uses for sign-out): base64 of raw DEFLATE. Bounded
 * before anything else reads it, because node-saml inflates without a limit: at most
 * MAX_ENCODED_CHARS of query text and MAX_LOGOUT_XML_BYTES once inflated, strict XML (no DOCTYPE).
 * What it extracts is for our own checks and the explanation; the signature decision is node-saml's.
 */
export const MAX_LOGOUT_XML_BYTES = 32 * 1024;
/** Entra's logout messages are under 1 KB deflated; anything far longer is refused unread. */
export const MAX_ENCODED_CHARS = 16 * 1024;

export type LogoutMessageKind = "LogoutRequest" | "LogoutResponse";

export interface LogoutMessage {
  kind: LogoutMessageKind;
  xml: string;
  id: string | null;
  issuer: string | null;
  destination: string | null;
  /** LogoutResponse: the LogoutRequest it answers. */
  inResponseTo: string | null;
  /** LogoutResponse: the top-level StatusCode, and the nested one if any. */
  statusCode: string | null;
  subStatusCode: string | null;
  statusMessage: string | null;
  /** LogoutRequest: whose session ends. */
  nameId: string | null;
  sessionIndexes: string[];
}

export type DecodedLogoutMessage = { ok: true; message: LogoutMessage } | { ok: false; reason: string };

export function decodeLogoutMessage(encoded: string, expected: LogoutMessageKind): DecodedLogoutMessage {
  const param = expected === "LogoutRequest" ? "SAMLRequest" : "SAMLResponse";
  if (encoded.length > MAX_ENCODED_CHARS) return refuse(`${param} is far longer than any Entra sends`);
  const compact = encoded.replace(/\s+/g, "");
  if (compact === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0)
    return refuse(`${param} is not base64`);
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(Buffer.from(compact, "base64"), { maxOutputLength: MAX_LOGOUT_XML_BYTES });
  } catch (err) {
    return refuse(
      err instanceof RangeError
        ? `${param} inflates to more than ${MAX_LOGOUT_XML_BYTES} bytes`
        : `${param} is not raw DEFLATE data (HTTP-Redirect binding)`,
    );
  }
  let xml: string;
  try {
    xml = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return refuse(`${param} is not UTF-8 text`);
  }
  let doc: Document;
  try {
    doc = parseXmlStrict(xml, SAML_MESSAGE_LIMITS);
  } catch (err) {
    if (err instanceof XmlRefused) return refuse(`${param} is not acceptable XML: ${err.message}`);
    throw err;
  }
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS.protocol || root.localName !== expected) {
    return refuse(`${param} must be a SAML 2.0 ${expected}; this is <${root?.localName ?? "nothing"}>`);
  }
  const status = firstChild(root, "Status", NS.protocol);
  const code = firstChild(status ?? root, "StatusCode", NS.protocol);
  const subCode = code ? firstChild(code, "StatusCode", NS.protocol) : undefined;
  const sessionIndexes = [];
  for (let n = root.firstChild; n; n = n.nextSibling) {
    const el = n as Element;
    if (n.nodeType === 1 && el.localName === "SessionIndex" && el.namespaceURI === NS.protocol) {
      const text = textOf(el);
      if (text) sessionIndexes.push(text);
    }
  }
  return {
    ok: true,
    message: {
      kind: expected,
      xml,
      id: attr(root, "ID"),
      issuer: textOf(firstChild(root, "Issuer", NS.assertion)),
      destination: attr(root, "Destination"),
      inResponseTo: attr(root, "InResponseTo"),
      statusCode: status && code ? attr(code, "Value") : null,
      subStatusCode: subCode ? attr(subCode, "Value") : null,
      statusMessage: status ? textOf(firstChild(status, "StatusMessage", NS.protocol)) : null,
      nameId: textOf(firstChild(root, "NameID", NS.assertion))?.trim() ?? null,
      sessionIndexes,
    },
  };
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
