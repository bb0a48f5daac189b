import { DOMParser } from "@xmldom/xmldom";
import { DOCUMENT_LIMITS, prescanXml, type XmlLimits } from "./xml-prescan.js";

/**
 * Strict, small XML helpers for our own reading of SAML messages. Refuses DOCTYPE and entity
 * declarations before parsing (XXE, billion laughs) and treats any parser complaint, even a
 * warning, as an error: xmldom recovers from broken markup that another parser (node-saml reads
 * the signed assertion with xml2js) might read differently, and a document two parsers read
 * differently is how identity-splitting and wrapping attacks get through.
 */
export const NS = {
  protocol: "urn:oasis:names:tc:SAML:2.0:protocol",
  assertion: "urn:oasis:names:tc:SAML:2.0:assertion",
  dsig: "http://www.w3.org/2000/09/xmldsig#",
} as const;

export class XmlRefused extends Error {
  override name = "XmlRefused";
  constructor(
    readonly kind: "doctype" | "malformed" | "too-large",
    message: string,
  ) {
    super(message);
  }
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const PROCESSING_INSTRUCTION_NODE = 7;
const COMMENT_NODE = 8;

/** Entra's responses are 6 elements deep and hold under 200 elements; these limits are far above. */
export const MAX_DEPTH = 48;
export const MAX_ELEMENTS = 10_000;

/** Any markup declaration: "<!" that does not open a comment or a CDATA section. */
export function hasDoctype(xml: string): boolean {
  return /<!(?!--|\[CDATA\[)/.test(xml);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, finding them is the point
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** A character reference (&#1; or &#x1;) to a character XML 1.0 does not allow. */
function hasForbiddenCharRef(xml: string): boolean {
  for (const match of xml.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
    const ref = match[1] ?? "";
    const code = ref.startsWith("x") ? Number.parseInt(ref.slice(1), 16) : Number.parseInt(ref, 10);
    if (code > 0x10ffff || FORBIDDEN_CHARS.test(String.fromCodePoint(code))) return true;
  }
  return false;
}

/**
 * `limits` bound what the text may hold before xmldom sees it (xml-prescan.ts): SAML messages
 * pass SAML_MESSAGE_LIMITS, other documents get the larger DOCUMENT_LIMITS.
 */
export function parseXmlStrict(xml: string, limits: XmlLimits = DOCUMENT_LIMITS): Document {
  if (hasDoctype(xml)) {
    throw new XmlRefused(
      "doctype",
      "The XML contains a DOCTYPE or ENTITY declaration, which SAML never needs.",
    );
  }
  const scanned = prescanXml(xml, limits);
  if (!scanned.ok) throw new XmlRefused(scanned.kind, scanned.reason);
  if (FORBIDDEN_CHARS.test(xml) || hasForbiddenCharRef(xml)) {
    throw new XmlRefused("malformed", "The XML contains control characters that XML 1.0 does not allow.");
  }
  if (/<\?xml[\s?]/i.test(xml.slice(1))) {
    throw new XmlRefused("malformed", "The XML declaration may only appear once, at the very start.");
  }
  const problems: string[] = [];
  const record = (msg: string) => problems.push(String(msg).split("\n")[0] ?? "");
  const doc = new DOMParser({
    errorHandler: { warning: record, error: record, fatalError: record },
  }).parseFromString(xml, "text/xml");
  if (problems.length > 0 || !doc || !doc.documentElement) {
    throw new XmlRefused("malformed", `The XML is not well-formed: ${problems[0] ?? "no root element"}`);
  }
  checkTopLevel(doc);
  checkTree(doc.documentElement);
  return doc;
}

/** Only the root element, comments, processing instructions and whitespace at the top level. */
function checkTopLevel(doc: Document): void {
  const nodes = doc.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes.item(i);
    if (!node || node === doc.documentElement) continue;
    const harmless =
      node.nodeType === COMMENT_NODE ||
      node.nodeType === PROCESSING_INSTRUCTION_NODE ||
      (node.nodeType === TEXT_NODE && (node.nodeValue ?? "").trim() === "");
    if (!harmless) throw new XmlRefused("malformed", "The XML has content after its root element.");
  }
}

/** Depth and size limits, and every prefix bound to a namespace; iterative, so depth cannot overflow the stack. */
function checkTree(root: Element): void {
  const stack: Array<{ el: Element; depth: number }> = [{ el: root, depth: 1 }];
  let count = 0;
  while (stack.length > 0) {
    const { el, depth } = stack.pop() as { el: Element; depth: number };
    if (++count > MAX_ELEMENTS)
      throw new XmlRefused("malformed", `The XML holds more than ${MAX_ELEMENTS} elements.`);
    if (depth > MAX_DEPTH)
      throw new XmlRefused("malformed", `The XML is nested more than ${MAX_DEPTH} levels deep.`);
    if (el.prefix && !el.namespaceURI) {
      throw new XmlRefused(
        "malformed",
        `The XML uses the prefix "${el.prefix}" without declaring its namespace.`,
      );
    }
    for (const child of childElements(el)) stack.push({ el: child, depth: depth + 1 });
  }
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
  return allDescendants(root).filter((el) => el.localName === localName);
}

/** Every descendant element, in document order (iterative: no recursion on attacker-chosen depth). */
export function allDescendants(root: Node): Element[] {
  const out: Element[] = [];
  const stack: Element[] = childElements(root).reverse();
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    out.push(el);
    stack.push(...childElements(el).reverse());
  }
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

/** Anything but plain text inside the element: CDATA, a comment, a processing instruction, an element. */
export function hasNonTextChildren(el: Element): boolean {
  const nodes = el.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes.item(i);
    if (node && node.nodeType !== TEXT_NODE) return true;
  }
  return false;
}

export function attr(el: Element | undefined, name: string): string | null {
  if (!el?.hasAttribute(name)) return null;
  return el.getAttribute(name);
}
