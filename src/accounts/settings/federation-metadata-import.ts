import { type CertificateInfo, parsePastedCertificates } from "../../certificates/index.js";
import { attr, childElements, descendants, parseXmlStrict, textOf, XmlRefused } from "../../saml/xml-dom.js";

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DSIG = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

/** What a Federation Metadata XML gives the settings form. */
export interface ImportedIdpValues {
  /** IDPSSODescriptor > SingleSignOnService (HTTP-Redirect) Location: the Sign-in URL. */
  signInUrl: string | null;
  /** EntityDescriptor entityID: the Entity ID. */
  entityId: string | null;
  /** Every signing certificate of the IDPSSODescriptor, in document order, without duplicates. */
  certificates: CertificateInfo[];
  /** Certificates that could not be read, for the admin to know something was left out. */
  skippedCertificates: number;
}

export type FederationMetadataImport =
  | { ok: true; values: ImportedIdpValues }
  | { ok: false; message: string };

function refuse(message: string): FederationMetadataImport {
  return { ok: false, message };
}

/**
 * Reads Entra's "Federation Metadata XML" (downloaded or fetched from the App Federation Metadata
 * URL, which answers with a UTF-8 byte-order mark). It fills the form, it does not prove anything:
 * the metadata's own signature is not checked, as Mitel's portal does not check it either. Only
 * the IDPSSODescriptor's keys are taken; the KeyInfo of the document's signature and the WS-Fed
 * RoleDescriptors are ignored.
 */
export function importFederationMetadata(text: string): FederationMetadataImport {
  const xml = text.replace(/^\uFEFF/, "").trim();
  if (xml === "")
    return refuse(
      "Nothing was pasted. Paste the whole Federation Metadata XML downloaded from Entra, or choose the file.",
    );
  if (!xml.startsWith("<")) {
    return refuse(
      xml.includes("-----BEGIN")
        ? "This is a certificate, not the Federation Metadata XML. Paste it in the Signing Certificate box instead."
        : 'This is not XML. Download "Federation Metadata XML" from Entra\'s SAML Signing Certificate section and paste its whole text.',
    );
  }
  let doc: Document;
  try {
    doc = parseXmlStrict(xml);
  } catch (err) {
    if (err instanceof XmlRefused && err.kind === "doctype") {
      return refuse(
        "This XML has a DOCTYPE or ENTITY declaration, which Entra's metadata never has; it was refused.",
      );
    }
    return refuse(
      "This XML is not well-formed (perhaps it was cut off). Download the Federation Metadata XML again and paste all of it.",
    );
  }
  const entity = findIdpEntity(doc.documentElement);
  if (!entity) {
    const isSp = descendants(doc.documentElement, "SPSSODescriptor").length > 0;
    return refuse(
      isSp
        ? "This is a service provider's metadata (the Mitel side), not Entra's. Use the Federation Metadata XML from the Entra application's SAML Signing Certificate section."
        : "This XML is not a Federation Metadata XML: it has no EntityDescriptor with an IDPSSODescriptor.",
    );
  }
  const { descriptor, element } = entity;
  const redirect = childElements(descriptor, "SingleSignOnService", MD).find(
    (service) => attr(service, "Binding") === REDIRECT_BINDING,
  );
  const certificates: CertificateInfo[] = [];
  let skipped = 0;
  for (const base64 of signingCertificateTexts(descriptor)) {
    const parsed = parsePastedCertificates(base64);
    if (!parsed.ok) {
      skipped++;
      continue;
    }
    for (const cert of parsed.certificates) {
      if (!certificates.some((known) => known.sha256Thumbprint === cert.sha256Thumbprint))
        certificates.push(cert);
    }
  }
  return {
    ok: true,
    values: {
      signInUrl: attr(redirect, "Location")?.trim() || null,
      entityId: attr(element, "entityID")?.trim() || null,
      certificates,
      skippedCertificates: skipped,
    },
  };
}

/** The EntityDescriptor (the root, or one inside an EntitiesDescriptor) that describes an IdP. */
function findIdpEntity(root: Element): { element: Element; descriptor: Element } | undefined {
  const entities = root.localName === "EntityDescriptor" ? [root] : descendants(root, "EntityDescriptor");
  for (const element of entities) {
    if (element.namespaceURI !== MD) continue;
    const descriptor = childElements(element, "IDPSSODescriptor", MD)[0];
    if (descriptor) return { element, descriptor };
  }
  return undefined;
}

/** X509Certificate texts of KeyDescriptors meant for signing (use="signing" or no use at all). */
function signingCertificateTexts(descriptor: Element): string[] {
  const texts: string[] = [];
  for (const key of childElements(descriptor, "KeyDescriptor", MD)) {
    const use = attr(key, "use");
    if (use !== null && use !== "signing") continue;
    for (const keyInfo of childElements(key, "KeyInfo", DSIG)) {
      for (const data of childElements(keyInfo, "X509Data", DSIG)) {
        for (const cert of childElements(data, "X509Certificate", DSIG)) {
          const text = textOf(cert)?.replace(/\s+/g, "");
          if (text) texts.push(text);
        }
      }
    }
  }
  return texts;
}
