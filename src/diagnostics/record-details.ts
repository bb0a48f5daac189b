import type { ClientInfo } from "../sign-ins/sign-in-log.js";
import type { SignInRecord } from "../storage/ports.js";
import type { Diagnosis, ResponseSummary, UserSummary } from "./types.js";

/** Decoded XML kept per record, at most (the raw SAMLResponse has the same cap). */
export const MAX_STORED_XML = 256 * 1024;

/** What an ACS attempt stores in its record's details (JSON). */
export interface AcsDetails {
  stage: "acs";
  diagnosis: Diagnosis | null;
  /** The same verdicts as the diagnosis, at the top level for simple readers. */
  verdicts: Diagnosis["verdicts"];
  response: ResponseSummary | null;
  /** The decoded XML of the SAMLResponse, capped. */
  xml: string | null;
  xmlTruncated: boolean;
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
    xml: str(d.xml),
    matchedUser: isObject(d.matchedUser) ? (d.matchedUser as unknown as UserSummary) : null,
    client,
    loginHint: str(d.loginHint),
  };
}

export function capXml(xml: string | null): { xml: string | null; xmlTruncated: boolean } {
  if (xml === null) return { xml: null, xmlTruncated: false };
  return xml.length > MAX_STORED_XML
    ? { xml: xml.slice(0, MAX_STORED_XML), xmlTruncated: true }
    : { xml, xmlTruncated: false };
}
