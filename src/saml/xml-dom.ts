import { DOMParser } from "@xmldom/xmldom";

/**
 * Strict, small XML helpers for our own reading of SAML messages. Refuses DOCTYPE and entity
 * declarations before parsing (XXE, billion laughs) and treats any parser complaint as an error,
 * so a document the library might read differently never gets this far.
 */
export const NS = {
  protocol: "urn:oasis:names:tc:SAML:2.0:protocol",
  assertion: "urn:oasis:names:tc:SAML:2.0:assertion",
  dsig: "http://www.w3.org/2000/09/xmldsig#",
} as const;

export class XmlRefused extends Error {
  override name = "XmlRefused";
  constructor(
    readonly kind: "doctype" | "malformed",
    message: string,
  ) {
    super(message);
  }
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

export function hasDoctype(xml: string): boolean {
  return /<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml);
}

export function parseXmlStrict(xml: string): Document {
  if (hasDoctype(xml)) {
    throw new XmlRefused(
      "doctype",
      "The XML contains a DOCTYPE or ENTITY declaration, which SAML never needs.",
    );
  }
  const problems: string[] = [];
  const record = (msg: string) => problems.push(String(msg).split("\n")[0] ?? "");
  const doc = new DOMParser({
    errorHandler: { warning: () => undefined, error: record, fatalError: record },
  }).parseFromString(xml, "text/xml");
  if (problems.length > 0 || !doc || !doc.documentElement) {
    throw new XmlRefused("malformed", `The XML is not well-formed: ${problems[0] ?? "no root element"}`);
  }
  return doc;
}

export function childElements(parent: Node, localName?: string, ns?: string): Element[] {
  const out: Element[] = [];
  const nodes = parent.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes.item(i);
    if (!node || node.nodeType !== ELEMENT_NODE) continue;
    const el = node as Element;
    if (localName && el.localName !== localName) continue;
    if (ns && el.namespaceURI !== ns) continue;
    out.push(el);
  }
  return out;
}

export function firstChild(parent: Node, localName: string, ns?: string): Element | undefined {
  return childElements(parent, localName, ns)[0];
}

/** Every descendant element with this local name (any namespace), in document order. */
export function descendants(root: Node, localName: string): Element[] {
  const out: Element[] = [];
  const walk = (node: Node) => {
    const nodes = node.childNodes;
    for (let i = 0; i < nodes.length; i++) {
      const child = nodes.item(i);
      if (!child || child.nodeType !== ELEMENT_NODE) continue;
      if ((child as Element).localName === localName) out.push(child as Element);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/**
 * The element's text made only of text and CDATA children. Comments and processing instructions
 * inside an identity are reported by `hasNonTextChildren`, since libraries disagree on them.
 */
export function textOf(el: Element | undefined): string | null {
  if (!el) return null;
  let text = "";
  const nodes = el.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes.item(i);
    if (node && (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE))
      text += node.nodeValue ?? "";
  }
  return text;
}

export function hasNonTextChildren(el: Element): boolean {
  const nodes = el.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes.item(i);
    if (node && node.nodeType !== TEXT_NODE) return true;
  }
  return false;
}

export function attr(el: Element | undefined, name: string): string | null {
  if (!el || !el.hasAttribute(name)) return null;
  return el.getAttribute(name);
}
