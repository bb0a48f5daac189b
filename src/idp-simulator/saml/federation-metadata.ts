/**
 * "Federation Metadata XML" of an Entra enterprise application: an EntityDescriptor for
 * https://sts.windows.net/{tenant}/ with an enveloped signature (made with the active certificate)
 * and an IDPSSODescriptor listing every signing certificate of the application, active first, plus
 * the SAML endpoints. The App Federation Metadata URL answers with the same document preceded by a
 * UTF-8 byte-order mark, as Entra does.
 *
 * Simulator-side code: signs with xml-crypto directly and imports nothing from the SP.
 */
import { X509Certificate } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { newGuid } from "../state/ids.js";
import type { SigningAlgorithm } from "./build-response.js";

const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED_SIGNATURE = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

const ALGORITHMS: Record<SigningAlgorithm, { signature: string; digest: string }> = {
  sha256: {
    signature: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    digest: "http://www.w3.org/2001/04/xmlenc#sha256",
  },
  sha1: {
    signature: "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    digest: "http://www.w3.org/2000/09/xmldsig#sha1",
  },
};

export const UTF8_BOM = "\uFEFF";

export interface FederationMetadataInput {
  /** entityID: https://sts.windows.net/{tenant}/ */
  entityId: string;
  /** The SAML endpoint (SingleSignOnService, both bindings). */
  loginUrl: string;
  /** SingleLogoutService. */
  logoutUrl: string;
  /** PEM certificates to publish as signing keys, in order. */
  certificatesPem: readonly string[];
  /** The key that signs the document (the active certificate's). */
  signing: { certificatePem: string; privateKeyPem: string; algorithm?: SigningAlgorithm };
  /** Fixed EntityDescriptor ID for tests; defaults to "_" + a random GUID. */
  id?: string;
}

/** The signed document, starting with the XML declaration, without a byte-order mark. */
export function buildFederationMetadata(input: FederationMetadataInput): string {
  const id = input.id ?? `_${newGuid()}`;
  let xml = `<EntityDescriptor ID="${escapeAttr(id)}" entityID="${escapeAttr(input.entityId)}" xmlns="${METADATA_NS}">`;
  xml += `<IDPSSODescriptor protocolSupportEnumeration="${PROTOCOL_NS}">`;
  for (const pem of input.certificatesPem) {
    xml += `<KeyDescriptor use="signing"><KeyInfo xmlns="${XMLDSIG_NS}"><X509Data><X509Certificate>${derBase64(pem)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`;
  }
  xml += `<SingleLogoutService Binding="${REDIRECT_BINDING}" Location="${escapeAttr(input.logoutUrl)}"/>`;
  xml += `<SingleSignOnService Binding="${REDIRECT_BINDING}" Location="${escapeAttr(input.loginUrl)}"/>`;
  xml += `<SingleSignOnService Binding="${POST_BINDING}" Location="${escapeAttr(input.loginUrl)}"/>`;
  xml += "</IDPSSODescriptor></EntityDescriptor>";

  const algorithms = ALGORITHMS[input.signing.algorithm ?? "sha256"];
  const signingCertificate = derBase64(input.signing.certificatePem);
  const signer = new SignedXml({
    privateKey: input.signing.privateKeyPem,
    signatureAlgorithm: algorithms.signature,
    canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: () => `<X509Data><X509Certificate>${signingCertificate}</X509Certificate></X509Data>`,
  });
  signer.addReference({
    xpath: `/*[local-name(.)='EntityDescriptor' and namespace-uri(.)='${METADATA_NS}']`,
    transforms: [ENVELOPED_SIGNATURE, EXC_C14N],
    digestAlgorithm: algorithms.digest,
  });
  signer.computeSignature(xml, {
    location: { reference: "/*", action: "prepend" },
  });
  return `<?xml version="1.0" encoding="utf-8"?>${signer.getSignedXml()}`;
}

function derBase64(pem: string): string {
  return new X509Certificate(pem).raw.toString("base64");
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
