/**
 * Cleaning and cheap recognisers for text pasted into the "Signing Certificate" box. They only
 * look at the shape of the text; deciding whether something really is a certificate is left to
 * node's X509Certificate.
 */

// Invisible characters that ride along with copies: BOMs from files saved on Windows, and
// zero-width or direction marks from web pages and Windows dialogs (the certificate dialog's
// thumbprint famously starts with U+200E).
const INVISIBLE = /[\uFEFF\u200B\u200C\u200E\u200F\u2060]/g;
// PEM copied out of JSON (Key Vault, az CLI output) arrives with literal "\n" escapes; base64,
// PEM and metadata never contain a backslash, so turning them back into line breaks is safe.
const ESCAPED_LINE_BREAK = /\\r\\n|\\n|\\r/g;
const QUOTES = new Set(['"', "'", "`", "\u201C", "\u201D", "\u2018", "\u2019"]);

export function cleanPastedText(text: string): string {
  let cleaned = text.replace(INVISIBLE, "").replace(ESCAPED_LINE_BREAK, "\n").trim();
  while (
    cleaned.length >= 2 &&
    QUOTES.has(cleaned.charAt(0)) &&
    QUOTES.has(cleaned.charAt(cleaned.length - 1))
  ) {
    cleaned = cleaned.slice(1, -1).trim();
  }
  return cleaned;
}

/** Control characters and U+FFFD never occur in PEM, base64 or XML, but fill DER bytes read as text. */
function isBinaryCharacter(code: number): boolean {
  const c0 = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return c0 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd;
}

export function looksLikeBinary(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (isBinaryCharacter(text.charCodeAt(i))) return true;
  }
  return false;
}

/**
 * A DER certificate starts with bytes 30 82 (SEQUENCE, two length bytes): "0" followed by a
 * non-ASCII character whichever code page the bytes were read with (latin1 U+0082, UTF-8
 * U+FFFD, Windows-1252 "‚"), even when the control characters got lost on the clipboard.
 */
export function looksLikeDer(text: string): boolean {
  return text.startsWith("0") && (looksLikeBinary(text) || text.charCodeAt(1) > 0x7f);
}

const METADATA_ELEMENT =
  /<\/?(?:[\w.-]+:)?(?:EntitiesDescriptor|EntityDescriptor|IDPSSODescriptor|KeyDescriptor|KeyInfo|X509Data|X509Certificate)\b/;

/** The whole Federation Metadata XML, or a piece of it such as a lone <X509Certificate> element. */
export function looksLikeMetadataXml(text: string): boolean {
  return METADATA_ELEMENT.test(text);
}

/** Some other XML or HTML (a saved sign-in page, an error page). */
export function looksLikeMarkup(text: string): boolean {
  return text.startsWith("<");
}

export function looksLikeUrl(text: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S*$/i.test(text);
}

// Entra shows 40 hex digits; Windows and OpenSSL add spaces or colons, and people copy the label too.
const THUMBPRINT_LABEL = /^(?:sha-?(?:1|256)\s*)?(?:thumbprint|fingerprint)\s*[:=]?\s*/i;

/** A SHA-1 (Entra's "Thumbprint") or SHA-256 fingerprint, in any of the usual spellings. */
export function looksLikeThumbprint(text: string): boolean {
  const hex = text.replace(THUMBPRINT_LABEL, "").replace(/[\s:-]/g, "");
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(hex);
}
