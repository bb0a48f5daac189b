import type { SignInRecord } from "../domain/sign-in-record.js";
import { type ClientInfo, MAX_STORED_RESPONSE } from "../domain/sign-in-record.js";
import { decodeSamlResponse } from "../saml/decode-saml-response.js";
import type { Diagnosis, ResponseSummary, UserSummary } from "./types.js";

/** Decoded XML kept per record, at most (the raw SAMLResponse has the same cap). */
export const MAX_STORED_XML = 256 * 1024;

/** What an ACS attempt stores in its record's details (JSON). */
export interface AcsDetails {
  stage: "acs";
  diagnosis: Diagnosis | null;
  response: ResponseSummary | null;
  /**
   * The decoded XML of the SAMLResponse, capped; null when it can be decoded again from the
   * record's own samlResponse (xmlFromResponse), which keeps each record about half the size.
   */
  xml: string | null;
  xmlTruncated: boolean;
  xmlFromResponse: boolean;
  matchedUser: UserSummary | null;
}

/** A record's details, read back defensively (older or other writers' records lack fields). */
export interface RecordView {
  stage: string | null;
  diagnosis: Diagnosis | null;
  response: ResponseSummary | null;
  xml: string | null;
  matchedUser: UserSummary | null;
  client: ClientInfo | null;
  loginHint: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function readDetails(record: SignInRecord): RecordView {
  const d = record.details;
  const diagnosis =
    isObject(d.diagnosis) && Array.isArray(d.diagnosis.verdicts)
      ? (d.diagnosis as unknown as Diagnosis)
      : null;
  const response =
    isObject(d.response) && Array.isArray(d.response.claims)
      ? (d.response as unknown as ResponseSummary)
      : null;
  const client = isObject(d.client) ? { ip: str(d.client.ip), userAgent: str(d.client.userAgent) } : null;
  return {
    stage: str(d.stage),
    diagnosis,
    response,
    xml: str(d.xml) ?? (d.xmlFromResponse === true ? xmlOfStoredResponse(record.samlResponse) : null),
    matchedUser: isObject(d.matchedUser) ? (d.matchedUser as unknown as UserSummary) : null,
    client,
    loginHint: str(d.loginHint),
  };
}

function xmlOfStoredResponse(samlResponse: string | null): string | null {
  if (samlResponse === null) return null;
  const decoded = decodeSamlResponse(samlResponse);
  return decoded.ok ? decoded.xml : null;
}

/**
 * What a record keeps of the decoded XML: nothing when the stored (capped) SAMLResponse decodes
 * to it again, else the XML itself, capped.
 */
export function xmlToStore(
  xml: string | null,
  samlResponse: string | null,
): Pick<AcsDetails, "xml" | "xmlTruncated" | "xmlFromResponse"> {
  if (xml === null) return { xml: null, xmlTruncated: false, xmlFromResponse: false };
  if (samlResponse !== null && samlResponse.length <= MAX_STORED_RESPONSE) {
    return { xml: null, xmlTruncated: false, xmlFromResponse: true };
  }
  return xml.length > MAX_STORED_XML
    ? { xml: xml.slice(0, MAX_STORED_XML), xmlTruncated: true, xmlFromResponse: false }
    : { xml, xmlTruncated: false, xmlFromResponse: false };
}
