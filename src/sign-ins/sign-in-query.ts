import type { SignInOutcome } from "../domain/sign-in-record.js";
import { AppError } from "../errors.js";
import { isFailureCode } from "../failure-codes.js";
import type { SignInFilter } from "../storage/ports.js";

/** The sign-in log's filters as they arrive in a query string (admin page or API). */
export interface SignInQuery {
  outcome?: string;
  code?: string;
  since?: string;
  until?: string;
  limit?: string;
  offset?: string;
}

const OUTCOMES: readonly SignInOutcome[] = ["started", "success", "failure"];
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

function bad(field: string, message: string): AppError {
  return new AppError("INVALID_FILTER", `${field}: ${message}`, { status: 400, details: { field } });
}

/**
 * A time as the filters and Analyze take it: ISO 8601 with a zone, a date-time without one (read
 * as UTC, which the forms say), a plain date (midnight UTC), or epoch milliseconds.
 */
export function parseTime(value: string): number | null {
  const text = value.trim();
  if (text === "") return null;
  if (/^\d{10,}$/.test(text)) return isRepresentableTime(Number(text)) ? Number(text) : Number.NaN;
  const withZone = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text)
    ? `${text.length === 10 ? `${text}T00:00` : text}Z`
    : text;
  const t = Date.parse(withZone);
  return isRepresentableTime(t) ? t : Number.NaN;
}

/** Largest distance from 1970 a JavaScript Date can hold (±100,000,000 days), in ms. */
const MAX_TIME_MS = 8.64e15;

/** A time a Date can hold: anything else makes toISOString() throw a RangeError (a 500). */
export function isRepresentableTime(t: number): boolean {
  return Number.isFinite(t) && Math.abs(t) <= MAX_TIME_MS;
}

function time(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = parseTime(value);
  if (t === null) return undefined;
  if (Number.isNaN(t)) throw bad(field, "use a date and time such as 2026-11-26T10:00:00Z.");
  return t;
}

function count(field: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  if (!/^\d+$/.test(value.trim())) throw bad(field, "use a whole number.");
  const n = Number(value);
  if (n < min || n > max) throw bad(field, `use a number from ${min} to ${max}.`);
  return n;
}

/** Reads the query into a store filter; an unusable value is a 400 naming the parameter. */
export function parseSignInQuery(
  accountId: string,
  query: SignInQuery,
): SignInFilter & { limit: number; offset: number } {
  const filter: SignInFilter & { limit: number; offset: number } = {
    accountId,
    limit: count("limit", query.limit, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
    offset: count("offset", query.offset, 0, 1_000_000, 0),
  };
  const outcome = query.outcome?.trim();
  if (outcome) {
    if (!OUTCOMES.includes(outcome as SignInOutcome))
      throw bad("outcome", "use started, success or failure.");
    filter.outcome = outcome as SignInOutcome;
  }
  const code = query.code?.trim().toUpperCase();
  if (code) {
    if (!isFailureCode(code)) throw bad("code", "use one of the failure codes, e.g. AUDIENCE_MISMATCH.");
    filter.failureCode = code;
  }
  const since = time("since", query.since);
  const until = time("until", query.until);
  if (since !== undefined) filter.since = since;
  if (until !== undefined) filter.until = until;
  return filter;
}

/** The query parameters of an Express request, keeping strings only (repeated or nested values are ignored). */
export function stringQuery(query: Record<string, unknown>): SignInQuery {
  const out: Record<string, string> = {};
  for (const key of ["outcome", "code", "since", "until", "limit", "offset"]) {
    const v = query[key];
    if (typeof v === "string") out[key] = v.slice(0, 100);
  }
  return out;
}
