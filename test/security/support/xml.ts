import { DOMParser, XMLSerializer } from "@xmldom/xmldom";

/**
 * DOM helpers for building attacks: parse a signed response, move or copy its elements the way an
 * attacker would, serialize it back. Nothing here re-signs; only support/sign.ts does.
 */
export const NS = {
  protocol: "urn:oasis:names:tc:SAML:2.0:protocol",
  assertion: "urn:oasis:names:tc:SAML:2.0:assertion",
  dsig: "http://www.w3.org/2000/09/xmldsig#",
} as const;

export function parseXml(xml: string): Document {
  return new DOMParser().parseFromString(xml, "text/xml");
}

export function serializeXml(doc: Document | Node): string {
  return new XMLSerializer().serializeToString(doc);
}

export function toBase64(xml: string): string {
  return Buffer.from(xml, "utf8").toString("base64");
}

/** Direct element children, optionally filtered by local name and namespace. */
export function children(parent: Node, localName?: string, ns?: string): Element[] {
  const out: Element[] = [];
  for (let i = 0; i < parent.childNodes.length; i++) {
    const node = parent.childNodes.item(i);
    if (node?.nodeType !== 1) continue;
    const el = node as Element;
    if (localName && el.localName !== localName) continue;
    if (ns && el.namespaceURI !== ns) continue;
    out.push(el);
  }
  return out;
}

export function child(parent: Node, localName: string, ns?: string): Element {
  const found = children(parent, localName, ns)[0];
  if (!found) throw new Error(`no ${localName} child in ${(parent as Element).localName}`);
  return found;
}

/** Every descendant element with this local name, in document order. */
export function all(root: Document | Element, localName: string): Element[] {
  const list = root.getElementsByTagNameNS("*", localName);
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) {
    const el = list.item(i);
    if (el) out.push(el);
  }
  return out;
}

export function first(root: Document | Element, localName: string): Element {
  const found = all(root, localName)[0];
  if (!found) throw new Error(`no ${localName} element`);
  return found;
}

/** The Response's direct Assertion child. */
export function assertionOf(doc: Document): Element {
  return child(doc.documentElement, "Assertion", NS.assertion);
}

/** The Signature that is a direct child of this element, if any. */
export function ownSignature(el: Element): Element | undefined {
  return children(el, "Signature", NS.dsig)[0];
}

/** Replaces the text of the NameID inside this assertion (the attacker's edit). */
export function setNameId(assertion: Element, value: string): void {
  const nameId = first(assertion, "NameID");
  while (nameId.firstChild) nameId.removeChild(nameId.firstChild);
  nameId.appendChild(nameId.ownerDocument.createTextNode(value));
}

/** Runs an edit on the parsed response and returns the new XML. */
export function edit(xml: string, change: (doc: Document) => void): string {
  const doc = parseXml(xml);
  change(doc);
  return serializeXml(doc);
}
