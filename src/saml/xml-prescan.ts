/**
 * A bounded look at XML text before any DOM is built. xmldom's cost is not linear in the input:
 * it copies the in-scope namespace map at every element that declares one, scans an element's
 * attribute list for each new attribute, and builds the whole tree before anyone can count it.
 * A few hundred KB shaped for that takes a second of CPU. This scan walks the text once, forward
 * only (every search starts where the last one stopped), counts what a DOM would hold and stops
 * at the first limit, so a hostile message costs about as much as reading it.
 *
 * It does not decide well-formedness (xmldom, run afterwards, still does); it only has to never
 * count less than a parser would see, which holds because it skips exactly what XML skips:
 * comments, CDATA sections, processing instructions and quoted attribute values.
 */

export interface XmlLimits {
  /** Characters of decoded XML. */
  maxLength: number;
  maxElements: number;
  maxDepth: number;
  /** Attributes on one element, namespace declarations included. */
  maxAttributes: number;
  /** xmlns and xmlns:prefix declarations in the whole document. */
  maxNamespaceDeclarations: number;
}

/**
 * A SAML message from Entra: about 6 KB, 6 levels deep, under 70 elements; with 150 group
 * claims (Entra's most before it sends a link instead) about 18 KB and 220 elements, at most 8
 * attributes on an element and 5 namespace declarations. The size limits leave room for that
 * and some more claims, and keep the largest accepted message near 3 normal sign-ins of CPU
 * (`npm run bench -- --only=hostile`); the shape limits are several times over Entra's.
 */
export const SAML_MESSAGE_LIMITS: XmlLimits = {
  maxLength: 32 * 1024,
  maxElements: 300,
  maxDepth: 24,
  maxAttributes: 24,
  maxNamespaceDeclarations: 48,
};

/** Any other XML we read (federation metadata an admin pastes or imports): larger, same idea. */
export const DOCUMENT_LIMITS: XmlLimits = {
  maxLength: 1024 * 1024,
  maxElements: 10_000,
  maxDepth: 48,
  maxAttributes: 64,
  maxNamespaceDeclarations: 256,
};

export type PrescanResult =
  | { ok: true; elements: number }
  | { ok: false; kind: "doctype" | "too-large" | "malformed"; reason: string };

const refuse = (kind: "doctype" | "too-large" | "malformed", reason: string): PrescanResult => ({
  ok: false,
  kind,
  reason,
});

const GT = 0x3e; // >
const SLASH = 0x2f; // /
const QUOTE = 0x22; // "
const APOS = 0x27; // '
const EQUALS = 0x3d; // =

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

export function prescanXml(xml: string, limits: XmlLimits): PrescanResult {
  if (xml.length > limits.maxLength) {
    return refuse(
      "too-large",
      `The XML is ${kb(xml.length)} KB; at most ${kb(limits.maxLength)} KB is accepted (Entra's responses are a few KB).`,
    );
  }
  let elements = 0;
  let depth = 0;
  let namespaces = 0;
  let i = xml.indexOf("<");
  while (i >= 0 && i < xml.length) {
    const next = xml.charCodeAt(i + 1);
    if (xml.startsWith("<!--", i)) {
      i = skipPast(xml, "-->", i + 4);
    } else if (xml.startsWith("<![CDATA[", i)) {
      i = skipPast(xml, "]]>", i + 9);
    } else if (next === 0x21 /* ! */) {
      return refuse("doctype", "The XML contains a DOCTYPE or ENTITY declaration, which SAML never needs.");
    } else if (next === 0x3f /* ? */) {
      i = skipPast(xml, "?>", i + 2);
    } else if (next === SLASH) {
      if (--depth < 0) return refuse("malformed", "The XML closes an element it never opened.");
      i = skipPast(xml, ">", i + 2);
    } else {
      if (++elements > limits.maxElements) {
        return refuse("too-large", `The XML holds more than ${limits.maxElements} elements.`);
      }
      const tag = scanStartTag(xml, i + 1, limits);
      if (!tag.ok) return tag.result;
      namespaces += tag.namespaces;
      if (namespaces > limits.maxNamespaceDeclarations) {
        return refuse(
          "malformed",
          `The XML declares more than ${limits.maxNamespaceDeclarations} namespaces.`,
        );
      }
      // An empty element sits one level below its parent as much as one with content does.
      if (depth + 1 > limits.maxDepth) {
        return refuse("malformed", `The XML is nested more than ${limits.maxDepth} levels deep.`);
      }
      if (!tag.selfClosing) depth++;
      i = tag.end;
    }
    if (i < 0) return refuse("malformed", "The XML ends inside a tag, comment or CDATA section.");
    i = xml.indexOf("<", i);
  }
  return { ok: true, elements };
}

/** Index just after `marker`, searching from `from`; -1 when it never comes. */
function skipPast(xml: string, marker: string, from: number): number {
  const at = xml.indexOf(marker, from);
  return at < 0 ? -1 : at + marker.length;
}

type StartTag =
  | { ok: true; end: number; selfClosing: boolean; namespaces: number }
  | { ok: false; result: PrescanResult };

/** One start tag from just after its "<": counts its attributes, skipping quoted values whole. */
function scanStartTag(xml: string, from: number, limits: XmlLimits): StartTag {
  let i = from;
  let attributes = 0;
  let namespaces = 0;
  // The element name, then attribute after attribute up to ">" or "/>".
  while (i < xml.length && !isSpace(xml.charCodeAt(i)) && xml.charCodeAt(i) !== GT) i++;
  for (;;) {
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    if (i >= xml.length) return { ok: true, end: -1, selfClosing: false, namespaces };
    const c = xml.charCodeAt(i);
    if (c === GT) return { ok: true, end: i + 1, selfClosing: xml.charCodeAt(i - 1) === SLASH, namespaces };
    if (c === SLASH) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < xml.length) {
      const d = xml.charCodeAt(i);
      if (d === EQUALS || d === GT || isSpace(d)) break;
      i++;
    }
    if (i === nameStart) i++; // a stray character; xmldom will say what is wrong with it
    if (++attributes > limits.maxAttributes) {
      return {
        ok: false,
        result: refuse("malformed", `An XML element carries more than ${limits.maxAttributes} attributes.`),
      };
    }
    const name = xml.slice(nameStart, i);
    if (name === "xmlns" || name.startsWith("xmlns:")) namespaces++;
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    if (xml.charCodeAt(i) !== EQUALS) continue;
    i++;
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    const quote = xml.charCodeAt(i);
    if (quote !== QUOTE && quote !== APOS) continue;
    const close = xml.indexOf(quote === QUOTE ? '"' : "'", i + 1);
    if (close < 0) return { ok: true, end: -1, selfClosing: false, namespaces };
    i = close + 1;
  }
}

function kb(chars: number): string {
  return (chars / 1024).toFixed(chars < 10 * 1024 ? 1 : 0);
}
