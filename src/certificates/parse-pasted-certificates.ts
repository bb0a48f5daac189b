import type { CertificateInfo } from "./certificate-info.js";
import { type DerContent, identifyBase64 } from "./der-content.js";
import { type BlockProblem, type PastedCertificateError, pasteErrors } from "./paste-errors.js";
import {
  cleanPastedText,
  looksLikeBinary,
  looksLikeDer,
  looksLikeMarkup,
  looksLikeMetadataXml,
  looksLikeThumbprint,
  looksLikeUrl,
} from "./pasted-text.js";
import { classifyPemLabel, findPemBlocks, type PemBlock } from "./pem-blocks.js";

export type ParsedCertificatesResult =
  | { ok: true; certificates: CertificateInfo[] }
  | { ok: false; error: PastedCertificateError };

export interface ParsePastedCertificatesOptions {
  /** CloudLink keeps several certificates (rollover); MiCloud Connect takes one. Default false. */
  allowMultiple?: boolean;
}

/** One certificate-labelled PEM block, or one piece of bare base64, after decoding. */
interface Piece {
  content: DerContent;
  problem: BlockProblem | undefined;
  /** Equal for the same certificate however it was wrapped, so pasting it twice counts once. */
  identity: string;
}

function fail(error: PastedCertificateError): ParsedCertificatesResult {
  return { ok: false, error };
}

/**
 * Reads whatever an admin pasted into the "Signing Certificate" box: Entra's "Certificate (Base64)"
 * in any wrapping, or bare base64; several certificates when allowMultiple. Everything else is
 * refused with a code and a message saying what was pasted and what to paste instead.
 */
export function parsePastedCertificates(
  text: string,
  opts: ParsePastedCertificatesOptions = {},
): ParsedCertificatesResult {
  const allowMultiple = opts.allowMultiple ?? false;
  const cleaned = cleanPastedText(text);
  if (cleaned === "") return fail(pasteErrors.empty());
  // Binary goes first: DER read as text may contain anything, "<" and "-----" included.
  if (looksLikeDer(cleaned)) return fail(pasteErrors.derBinary());
  if (looksLikeBinary(cleaned)) return fail(pasteErrors.binaryData());
  const blocks = findPemBlocks(cleaned);
  if (blocks.length > 0) return fromPemBlocks(blocks, allowMultiple);
  if (looksLikeMetadataXml(cleaned)) return fail(pasteErrors.metadataXml());
  if (looksLikeMarkup(cleaned)) return fail(pasteErrors.markup());
  if (looksLikeUrl(cleaned)) return fail(pasteErrors.url());
  // Before base64: 40 hex digits are valid base64 as well.
  if (looksLikeThumbprint(cleaned)) return fail(pasteErrors.thumbprint());
  return fromBareBase64(cleaned, allowMultiple);
}

function fromPemBlocks(blocks: PemBlock[], allowMultiple: boolean): ParsedCertificatesResult {
  // Any key or request in the paste refuses all of it: a bundle with a private key means the
  // wrong file was picked, and a private key must never be half-accepted.
  const kinds = blocks.map((block) => classifyPemLabel(block.label));
  if (kinds.includes("private-key")) return fail(pasteErrors.privateKey());
  if (kinds.includes("public-key")) return fail(pasteErrors.publicKey());
  if (kinds.includes("certificate-request")) return fail(pasteErrors.certificateRequest());
  const other = blocks.find((_, index) => kinds[index] === "other");
  if (other) return fail(pasteErrors.otherPemBlock(other.label));
  const pieces = blocks.map((block) =>
    // A block with a marker missing is refused even if its body happens to decode: the paste was cut.
    toPiece(block.problem ? { kind: "unknown" } : identifyBase64(block.body), block.body, block.problem),
  );
  return fromPieces(pieces, allowMultiple);
}

function fromBareBase64(text: string, allowMultiple: boolean): ParsedCertificatesResult {
  const whole = identifyBase64(text);
  if (whole.kind !== "unknown") return fromPieces([toPiece(whole, text)], allowMultiple);
  // Without armour, several certificates can only be told apart by layout: one per paragraph,
  // or one per line when each was copied as a single line.
  for (const separator of [/\n\s*\n/, /\n/]) {
    const parts = text.split(separator).filter((part) => part.trim() !== "");
    if (parts.length < 2) continue;
    const pieces = parts.map((part) => toPiece(identifyBase64(part), part));
    if (pieces.every((piece) => piece.content.kind === "certificate"))
      return fromPieces(pieces, allowMultiple);
  }
  // Base64 of any certificate starts "MII" (a DER SEQUENCE with a two-byte length): this one was cut or altered.
  return fail(
    text.startsWith("MII") ? pasteErrors.brokenBlock("damaged", 0, 1) : pasteErrors.notACertificate(),
  );
}

function toPiece(content: DerContent, body: string, problem?: BlockProblem): Piece {
  const isCertificate = content.kind === "certificate";
  return {
    content,
    problem: problem ?? (isCertificate ? undefined : "damaged"),
    identity: isCertificate ? content.certificate.sha256Thumbprint : `text:${body.replace(/\s+/g, "")}`,
  };
}

function fromPieces(pieces: Piece[], allowMultiple: boolean): ParsedCertificatesResult {
  // Labels can lie: a key wrapped in CERTIFICATE lines is still a key.
  if (pieces.some((piece) => piece.content.kind === "private-key")) return fail(pasteErrors.privateKey());
  if (pieces.some((piece) => piece.content.kind === "public-key")) return fail(pasteErrors.publicKey());
  const distinct = new Set(pieces.map((piece) => piece.identity)).size;
  // Checked before damage: told "only one", the admin deletes the extra blocks, damaged or not.
  if (distinct > 1 && !allowMultiple) return fail(pasteErrors.multipleNotAllowed(distinct));
  const unique = new Map<string, CertificateInfo>();
  for (const [index, piece] of pieces.entries()) {
    if (piece.content.kind !== "certificate") {
      return fail(pasteErrors.brokenBlock(piece.problem ?? "damaged", index, pieces.length));
    }
    if (!unique.has(piece.identity)) unique.set(piece.identity, piece.content.certificate);
  }
  return { ok: true, certificates: [...unique.values()] };
}
