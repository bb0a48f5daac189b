/**
 * Reads the AuthnRequest an SP sends to the Entra simulator (decoded and bounded by
 * decode-saml-message.ts). Only what Entra looks at is extracted; see Microsoft's "Single sign-on
 * SAML protocol".
 *
 * Simulator-side code: it imports nothing from the SP (src/saml, src/http, src/certificates, ...).
 */
import { attribute, decodeSamlXml, firstChild } from "./decode-saml-message.js";

const SAML_PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML_ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

export { MAX_AUTHN_REQUEST_BYTES } from "./decode-saml-message.js";
export type AuthnRequestBinding = "redirect" | "post";

export interface ParsedAuthnRequest {
  id: string;
  issuer: string | null;
  /** AssertionConsumerServiceURL. */
  acsUrl: string | null;
  destination: string | null;
  /** NameIDPolicy@Format. */
  nameIdPolicyFormat: string | null;
  /** A Subject element is present (Entra refuses such requests). */
  hasSubject: boolean;
  forceAuthn: boolean;
  isPassive: boolean;
  protocolBinding: string | null;
}

export type ParseAuthnRequestResult =
  | { ok: true; request: ParsedAuthnRequest }
  | { ok: false; error: string };

export function parseAuthnRequest(encoded: string, binding: AuthnRequestBinding): ParseAuthnRequestResult {
  const document = decodeSamlXml(encoded, binding, "SAMLRequest");
  if (!document.ok) {
    return document;
  }
  const root = document.value.documentElement;
  if (root?.localName !== "AuthnRequest" || root.namespaceURI !== SAML_PROTOCOL_NS) {
    return fail(`The root element must be AuthnRequest in ${SAML_PROTOCOL_NS}`);
  }

  const id = attribute(root, "ID");
  if (!id) {
    return fail("AuthnRequest has no ID");
  }
  const version = attribute(root, "Version");
  if (version !== "2.0") {
    return fail(
      `AuthnRequest Version must be 2.0, got ${version === null ? "none" : JSON.stringify(version)}`,
    );
  }
  const forceAuthn = xsBoolean(attribute(root, "ForceAuthn"));
  if (forceAuthn === undefined) {
    return fail("AuthnRequest ForceAuthn is not an xs:boolean");
  }
  const isPassive = xsBoolean(attribute(root, "IsPassive"));
  if (isPassive === undefined) {
    return fail("AuthnRequest IsPassive is not an xs:boolean");
  }

  const issuerElement = firstChild(root, SAML_ASSERTION_NS, "Issuer");
  const issuer = issuerElement?.textContent?.trim() || null;
  const nameIdPolicy = firstChild(root, SAML_PROTOCOL_NS, "NameIDPolicy");

  return {
    ok: true,
    request: {
      id,
      issuer,
      acsUrl: attribute(root, "AssertionConsumerServiceURL"),
      destination: attribute(root, "Destination"),
      nameIdPolicyFormat: nameIdPolicy ? attribute(nameIdPolicy, "Format") : null,
      hasSubject: firstChild(root, SAML_ASSERTION_NS, "Subject") !== null,
      forceAuthn,
      isPassive,
      protocolBinding: attribute(root, "ProtocolBinding"),
    },
  };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** xs:boolean, absent meaning false; undefined for a value that is not an xs:boolean. */
function xsBoolean(value: string | null): boolean | undefined {
  if (value === null) {
    return false;
  }
  switch (value.trim()) {
    case "true":
    case "1":
      return true;
    case "false":
    case "0":
      return false;
    default:
      return undefined;
  }
}
