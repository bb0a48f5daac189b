import type { SignInRecord } from "../domain/sign-in-record.js";

/**
 * What one failed sign-in may store. Anyone who can reach an ACS can post a failure, so a failure
 * record is kept small whatever arrived: Entra's largest responses (150 group claims) are under
 * 30 KB in base64 and are kept whole; a larger post keeps its first 32 KB. The details (checks,
 * claims, XML) are cut to 16 KB by shortening long texts, then by dropping the bulkiest parts.
 * Both cuts are noted in the record (details.truncated) and shown on the sign-in's page.
 */
export const MAX_FAILED_RESPONSE_CHARS = 32 * 1024;
export const MAX_FAILURE_DETAILS_CHARS = 16 * 1024;
/** Any one text inside a failure's details, and cause, fix, NameID and the other columns. */
export const MAX_FAILURE_TEXT_CHARS = 1024;

/** Dropped in this order while the details are still over their cap. */
const BULKIEST_FIRST = ["xml", "response", "matchedUser", "diagnosis"] as const;

export interface TruncationNote {
  /** Characters of the posted SAMLResponse, when only the first MAX_FAILED_RESPONSE_CHARS were kept. */
  samlResponseChars?: number;
  /** Texts cut to MAX_FAILURE_TEXT_CHARS. */
  shortenedTexts?: number;
  /** Parts of the details left out entirely. */
  droppedDetails?: string[];
}

/** A failure record cut to its caps; other outcomes come back unchanged. */
export function boundFailureRecord(record: SignInRecord): SignInRecord {
  if (record.outcome !== "failure") return record;
  const note: TruncationNote = {};
  let samlResponse = record.samlResponse;
  let details = record.details;
  if (samlResponse !== null && samlResponse.length > MAX_FAILED_RESPONSE_CHARS) {
    note.samlResponseChars = samlResponse.length;
    samlResponse = samlResponse.slice(0, MAX_FAILED_RESPONSE_CHARS);
    // The XML can no longer be decoded again from the kept response.
    if (details.xmlFromResponse === true)
      details = { ...details, xmlFromResponse: false, xmlTruncated: true };
  }
  const counter = { shortened: 0 };
  if (typeof details.xml === "string" && details.xml.length > MAX_FAILURE_TEXT_CHARS) {
    details = { ...details, xmlTruncated: true };
  }
  details = shortenTexts(details, counter) as Record<string, unknown>;
  if (counter.shortened > 0) note.shortenedTexts = counter.shortened;
  const dropped: string[] = [];
  for (const key of BULKIEST_FIRST) {
    if (JSON.stringify(details).length <= MAX_FAILURE_DETAILS_CHARS) break;
    if (details[key] === undefined || details[key] === null) continue;
    details = { ...details, [key]: null };
    dropped.push(key);
  }
  if (dropped.length > 0) note.droppedDetails = dropped;
  const shorten = (text: string | null) => (text === null ? null : cut(text, counter));
  const bounded: SignInRecord = {
    ...record,
    cause: shorten(record.cause),
    fix: shorten(record.fix),
    nameId: shorten(record.nameId),
    nameIdFormat: shorten(record.nameIdFormat),
    requestId: shorten(record.requestId),
    relayState: shorten(record.relayState),
    samlResponse,
    details: Object.keys(note).length > 0 ? { ...details, truncated: note } : details,
  };
  return bounded;
}

/** The record's truncation note, for its page. */
export function truncationOf(record: SignInRecord): TruncationNote | null {
  const note = record.details.truncated;
  return typeof note === "object" && note !== null ? (note as TruncationNote) : null;
}

function cut(text: string, counter: { shortened: number }): string {
  if (text.length <= MAX_FAILURE_TEXT_CHARS) return text;
  counter.shortened++;
  return `${text.slice(0, MAX_FAILURE_TEXT_CHARS)}…`;
}

/** Every string inside, cut to MAX_FAILURE_TEXT_CHARS (our own details: plain JSON, a few levels deep). */
function shortenTexts(value: unknown, counter: { shortened: number }): unknown {
  if (typeof value === "string") return cut(value, counter);
  if (Array.isArray(value)) return value.map((v) => shortenTexts(v, counter));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = shortenTexts(v, counter);
    return out;
  }
  return value;
}
