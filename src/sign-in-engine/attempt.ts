import type { Expectations, SignatureInfo, UserMatchInfo } from "../diagnostics/types.js";
import type { AccountRecord } from "../domain/account.js";
import type { AuthnRequestRecord } from "../domain/authn-request.js";
import type { UserRecord } from "../domain/user.js";
import type { SamlFailure } from "../errors.js";
import type { DecodeResult } from "../saml/decode-saml-response.js";
import type { AssertionDecryption } from "../saml/decrypt-assertion.js";
import type { AssertionFacts, ResponseFacts } from "../saml/inspect-response.js";

/** "acs": a browser posted to the Reply URL and the engine decides. "analyze": read-only. */
export type EngineMode = "acs" | "analyze";

/** The request a response answers, as storage knows it at the attempt's time. */
export type RequestState =
  | { state: "none" }
  | { state: "pending"; record: AuthnRequestRecord }
  | { state: "consumed"; record: AuthnRequestRecord }
  | { state: "expired"; record: AuthnRequestRecord }
  | { state: "unknown" };

/** What node-saml said: the signed assertion it verified, or its refusal mapped to our code. */
export type NodeSamlOutcome =
  | { ok: true; signed: AssertionFacts; sessionIndex: string | null }
  | { ok: false; failure: SamlFailure; message: string };

/** The browser that posted, compared with the one that started the request. */
export type BrowserState = "same" | "other" | "no-cookie" | "unbound" | "assumed";

/**
 * Everything one attempt knows, filled in step by step by the engine's gathering steps. Checks
 * only read it; a fact that is absent means its step was not reached.
 */
export interface AttemptFacts {
  mode: EngineMode;
  account: AccountRecord;
  expectations: Expectations;
  /** Epoch ms the attempt is evaluated at (arrival, or the time chosen in Analyze). */
  at: number;
  skewMs: number;
  requestTtlMs: number;
  samlResponse: string | null;
  /** The form field as posted (decoding names what is wrong with anything but one string). */
  posted: unknown;
  decoded?: DecodeResult;
  /** The XML parsed and inspected, or why it could not be. */
  parsed?: { ok: true; facts: ResponseFacts } | { ok: false; failure: SamlFailure };
  /** An EncryptedAssertion opened with the account's keys (then `parsed` is of the opened message). */
  decryption?: AssertionDecryption;
  request?: RequestState;
  signature?: SignatureInfo;
  nodeSaml?: NodeSamlOutcome;
  browser?: BrowserState;
  /** ACS: the request consumed by this attempt ("raced": another response consumed it first). */
  consumed?: { state: "consumed"; record: AuthnRequestRecord } | { state: "raced" } | { state: "assumed" };
  /** The assertion ID's first use ("assumed": Analyze, where the request is still pending). */
  replay?: "first" | "replayed" | "assumed";
  userMatch?: UserMatchInfo | null;
  /** The matched user's record (ACS: for the identity). */
  user?: UserRecord;
}

/** The message, once parsed. */
export function responseOf(f: AttemptFacts): ResponseFacts | null {
  return f.parsed?.ok ? f.parsed.facts : null;
}

/**
 * The assertion later checks read: the one node-saml verified when it did (never the unsigned
 * copy), else the posted one (only to explain an attempt that was refused before).
 */
export function assertionOf(f: AttemptFacts): AssertionFacts | null {
  if (f.nodeSaml?.ok) return f.nodeSaml.signed;
  return responseOf(f)?.assertion ?? null;
}

export const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
export const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

/** Epoch ms of an xs:dateTime, or null. */
export function timeOf(value: string | null | undefined): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : null;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
