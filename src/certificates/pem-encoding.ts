/** Base64 and PEM conversions used when reading pasted text and when storing certificates. */

/**
 * Decodes base64 that may be broken across lines (any width, any line ending, stray tabs), or
 * returns undefined. Node's decoder silently skips characters it does not know and accepts
 * missing padding, so the result is re-encoded and compared: anything that does not round-trip
 * (wrong characters, a lost or extra character, base64url) is refused instead of half-decoded.
 */
export function decodeBase64Strictly(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, "");
  const decoded = Buffer.from(compact, "base64");
  return decoded.length > 0 && decoded.toString("base64") === compact ? decoded : undefined;
}

/** The one stored form: BEGIN/END lines, 64-column base64 (RFC 7468), LF endings, trailing newline. */
export function derToPem(der: Buffer, label = "CERTIFICATE"): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
