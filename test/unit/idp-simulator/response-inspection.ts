/** Reading and verifying the SAML Responses the simulator posts (xml-crypto, no SP code). */
import { SignedXml } from "xml-crypto";
import { ASSERTION_NS, childElements, DSIG_NS, PROTOCOL_NS, parse } from "./support.js";

export interface ResponseView {
  doc: Document;
  response: Element;
  assertion: Element | undefined;
}

export function viewResponse(xml: string): ResponseView {
  const doc = parse(xml);
  const response = doc.documentElement!;
  const assertion = childElements(response).find(
    (e) => e.localName === "Assertion" && e.namespaceURI === ASSERTION_NS,
  );
  return { doc, response, assertion };
}

export function first(parent: Element | Document, namespace: string, local: string): Element | undefined {
  return parent.getElementsByTagNameNS(namespace, local)[0] ?? undefined;
}

export function textOf(parent: Element | Document, local: string, namespace = ASSERTION_NS): string | null {
  return first(parent, namespace, local)?.textContent ?? null;
}

export function attrOf(
  parent: Element | Document,
  local: string,
  attribute: string,
  namespace = ASSERTION_NS,
): string | null {
  const element = first(parent, namespace, local);
  return element?.getAttributeNode(attribute)?.value ?? null;
}

export function statusCode(view: ResponseView): string | null {
  return attrOf(view.response, "StatusCode", "Value", PROTOCOL_NS);
}

export function claimValues(view: ResponseView, name: string): string[] {
  if (!view.assertion) {
    return [];
  }
  const attribute = Array.from(view.assertion.getElementsByTagNameNS(ASSERTION_NS, "Attribute")).find(
    (a) => a.getAttribute("Name") === name,
  );
  return attribute
    ? Array.from(attribute.getElementsByTagNameNS(ASSERTION_NS, "AttributeValue")).map(
        (v) => v.textContent ?? "",
      )
    : [];
}

/** The Signature element directly under `parent`, if any. */
export function signatureUnder(parent: Element): Element | undefined {
  return childElements(parent).find((e) => e.localName === "Signature" && e.namespaceURI === DSIG_NS);
}

/** Verifies the signature directly under `parent` against `certificatePem` only (KeyInfo is not trusted). */
export function verifiesWith(xml: string, parent: Element, certificatePem: string): boolean {
  const signature = signatureUnder(parent);
  if (!signature) {
    return false;
  }
  const verifier = new SignedXml({ publicCert: certificatePem });
  verifier.loadSignature(signature);
  try {
    return verifier.checkSignature(xml);
  } catch {
    return false;
  }
}
