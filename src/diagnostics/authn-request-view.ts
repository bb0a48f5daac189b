import { inflateRawSync } from "node:zlib";
import type { SignInRecord } from "../domain/sign-in-record.js";
import { prettyXml } from "./pretty-xml.js";

/** The most XML an AuthnRequest in the log is inflated to for display (ours are under 2 KB). */
const MAX_SHOWN_XML_BYTES = 64 * 1024;

/** The AuthnRequest of a sign-in as the log page and the report show it. */
export interface AuthnRequestView {
  binding: string;
  destination: string;
  signed: boolean;
  sigAlg: string | null;
  /** Decoded and indented; null when it was not kept or cannot be decoded. */
  xml: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/**
 * The AuthnRequest kept in a started record (start-sso.ts stores it as sent: saml/sent-authn-request.ts);
 * null for records without one (older records, or records of another stage).
 */
export function authnRequestView(started: SignInRecord | null): AuthnRequestView | null {
  const sent = started?.details.authnRequest;
  if (!isObject(sent)) return null;
  const samlRequest = str(sent.samlRequest);
  return {
    binding: str(sent.binding) ?? "HTTP-Redirect",
    destination: str(sent.destination) ?? "",
    signed: sent.signed === true,
    sigAlg: str(sent.sigAlg),
    xml: samlRequest === null ? null : decodeRedirectRequest(samlRequest),
  };
}

function decodeRedirectRequest(samlRequest: string): string | null {
  try {
    const xml = inflateRawSync(Buffer.from(samlRequest, "base64"), { maxOutputLength: MAX_SHOWN_XML_BYTES });
    return prettyXml(xml.toString("utf8"));
  } catch {
    return null;
  }
}
