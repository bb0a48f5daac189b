import { decodeSamlResponse } from "../saml/decode-saml-response.js";
import { oversizedSamlResponse, parseSamlMessage } from "../saml/parse-saml-message.js";
import { failure, type SamlFailure } from "../saml/saml-failure.js";
import type { AccountRecord } from "../storage/ports.js";
import { type DiagnosisDeps, diagnose } from "./diagnose.js";
import { prettyXml } from "./pretty-xml.js";
import { summariseResponse } from "./response-summary.js";
import type { Diagnosis, ResponseSummary } from "./types.js";

export interface AnalyzeResult {
  /** Whether the ACS would accept it at that time, request ID, browser and replay aside. */
  accepted: boolean;
  evaluatedAt: string;
  diagnosis: Diagnosis;
  response: ResponseSummary | null;
  /** The decoded XML, indented. */
  xml: string | null;
}

/**
 * What an admin pastes: the base64 SAMLResponse as SAML-tracer or the My Apps extension shows it
 * (line breaks and all), a form body ("SAMLResponse=…", URL-encoded), or the XML itself.
 */
export function normalisePastedResponse(pasted: string): string {
  let text = pasted.trim();
  const field = /(?:^|&)SAMLResponse=([^&]*)/.exec(text);
  if (field?.[1] !== undefined) text = field[1];
  if (text.startsWith("<")) return Buffer.from(text, "utf8").toString("base64");
  if (/%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      text = decodeURIComponent(text.replace(/\+/g, "%2B"));
    } catch {
      // Not URL-encoded after all; decoding below says what is wrong.
    }
  }
  return text.replace(/\s+/g, "");
}

/**
 * Analyze: every check of the ACS against the account's current settings, evaluated at `at`
 * (now, or the time a capture was taken, so that its signature and settings can still be
 * checked). Starts no session, reads no browser cookie, consumes no request ID, records nothing.
 */
export async function analyzeResponse(
  deps: DiagnosisDeps,
  account: AccountRecord,
  pasted: string,
  at: number,
): Promise<AnalyzeResult> {
  const samlResponse = normalisePastedResponse(pasted);
  const evaluatedAt = new Date(at).toISOString();
  const early = async (f: SamlFailure, xml: string | null): Promise<AnalyzeResult> => {
    const diagnosis = await diagnose(deps, {
      account,
      facts: null,
      samlResponse,
      at,
      mode: "acs",
      failure: f,
    });
    return { accepted: false, evaluatedAt, diagnosis, response: null, xml };
  };
  const oversized = oversizedSamlResponse(samlResponse);
  if (oversized) return early(oversized, null);
  const decoded = decodeSamlResponse(samlResponse);
  if (!decoded.ok)
    return early(failure(decoded.code, decoded.reason, { check: "SAMLResponse encoding" }), null);
  const parsed = parseSamlMessage(decoded.xml);
  if (!parsed.ok) return early(parsed.failure, decoded.xml);
  const diagnosis = await diagnose(deps, {
    account,
    facts: parsed.facts,
    samlResponse,
    at,
    mode: "analyze",
    failure: null,
  });
  return {
    accepted: diagnosis.code === null,
    evaluatedAt,
    diagnosis,
    response: summariseResponse(parsed.facts),
    xml: prettyXml(decoded.xml),
  };
}
