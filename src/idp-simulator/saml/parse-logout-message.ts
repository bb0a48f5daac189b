/**
 * Reads the sign-out messages an application sends to the simulated /saml2 endpoint (HTTP-Redirect,
 * the only binding Entra supports for sign-out): its LogoutRequest (the app's Sign out) and its
 * LogoutResponse (the answer to a LogoutRequest the simulator sent). See Microsoft's "Single
 * sign-out SAML protocol". Simulator-side code: nothing from the SP.
 */
import { attribute, decodeSamlXml, firstChild } from "./decode-saml-message.js";

const PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";

export interface ParsedLogoutRequest {
  id: string;
  issuer: string | null;
  nameId: string | null;
  sessionIndex: string | null;
}

export interface ParsedLogoutResponse {
  inResponseTo: string | null;
  issuer: string | null;
  statusCode: string | null;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The root element's local name of a SAMLRequest, to tell a LogoutRequest from an AuthnRequest. */
export function samlRequestKind(encoded: string): string | null {
  const document = decodeSamlXml(encoded, "redirect", "SAMLRequest");
  if (!document.ok) return null;
  const root = document.value.documentElement;
  return root?.namespaceURI === PROTOCOL ? root.localName : null;
}

export function parseLogoutRequest(encoded: string): Parsed<ParsedLogoutRequest> {
  const document = decodeSamlXml(encoded, "redirect", "SAMLRequest");
  if (!document.ok) return document;
  const root = document.value.documentElement;
  if (root?.localName !== "LogoutRequest" || root.namespaceURI !== PROTOCOL) {
    return { ok: false, error: `The root element must be LogoutRequest in ${PROTOCOL}` };
  }
  const id = attribute(root, "ID");
  if (!id) return { ok: false, error: "LogoutRequest has no ID" };
  if (attribute(root, "Version") !== "2.0") return { ok: false, error: "LogoutRequest Version must be 2.0" };
  return {
    ok: true,
    value: {
      id,
      issuer: firstChild(root, ASSERTION, "Issuer")?.textContent?.trim() || null,
      nameId: firstChild(root, ASSERTION, "NameID")?.textContent?.trim() || null,
      sessionIndex: firstChild(root, PROTOCOL, "SessionIndex")?.textContent?.trim() || null,
    },
  };
}

export function parseLogoutResponse(encoded: string): Parsed<ParsedLogoutResponse> {
  const document = decodeSamlXml(encoded, "redirect", "SAMLResponse");
  if (!document.ok) return document;
  const root = document.value.documentElement;
  if (root?.localName !== "LogoutResponse" || root.namespaceURI !== PROTOCOL) {
    return { ok: false, error: `The root element must be LogoutResponse in ${PROTOCOL}` };
  }
  const status = firstChild(root, PROTOCOL, "Status");
  const code = status ? firstChild(status, PROTOCOL, "StatusCode") : null;
  return {
    ok: true,
    value: {
      inResponseTo: attribute(root, "InResponseTo"),
      issuer: firstChild(root, ASSERTION, "Issuer")?.textContent?.trim() || null,
      statusCode: code ? attribute(code, "Value") : null,
    },
  };
}
