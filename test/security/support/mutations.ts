import { deflateRawSync } from "node:zlib";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";

/**
 * Random mutations of a signed response, driven by a seeded PRNG so that a failure can be
 * replayed: text-level (flip, delete, insert, duplicate characters), DOM-level (duplicate, delete
 * or move elements; delete, copy or change attributes; split text with markup) and encoding-level
 * (how the XML is turned into the SAMLResponse field).
 */
export type Random = () => number;

/** mulberry32: small, fast, good enough for test-case generation. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (random: Random, max: number) => Math.floor(random() * max);

const CHARS = `abcXYZ019<>/="'&;:!?-_# \n\t.@${"\u00e9\u200b\ufeff"}`;
const SNIPPETS = [
  "<!---->",
  "<!-- x -->",
  "<![CDATA[x]]>",
  "<?pi x?>",
  "&amp;",
  "&#x41;",
  "&lt;",
  " ",
  "\n",
  '<Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_m"/>',
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>',
  ' ID="_m"',
  ' xmlns:x="urn:x"',
  '<NameID xmlns="urn:oasis:names:tc:SAML:2.0:assertion">attacker@contoso.com</NameID>',
  "attacker@contoso.com",
  "<!DOCTYPE x>",
  "&xxe;",
  "]]>",
  "\u0000",
];

export interface Mutation {
  /** What was done, for the failure message. */
  steps: string[];
  /** The XML after the text and DOM mutations. */
  xml: string;
  /** The SAMLResponse form field actually posted. */
  field: string;
}

export function mutate(xml: string, random: Random): Mutation {
  const steps: string[] = [];
  let out = xml;
  const count = 1 + int(random, 3);
  for (let i = 0; i < count; i++) {
    const op = pick(random, OPS);
    const next = op.apply(out, random);
    if (next !== null) {
      steps.push(op.name);
      out = next;
    }
  }
  const encoding = random() < 0.12 ? pick(random, ENCODINGS) : ENCODINGS[0];
  steps.push(`encode:${encoding?.name}`);
  return { steps, xml: out, field: (encoding ?? ENCODINGS[0]).encode(out, random) };
}

interface Op {
  name: string;
  apply(xml: string, random: Random): string | null;
}

const OPS: Op[] = [
  {
    name: "flip",
    apply: (xml, r) => at(xml, r, (i) => xml.slice(0, i) + pick(r, [...CHARS]) + xml.slice(i + 1)),
  },
  {
    name: "delete-span",
    apply: (xml, r) => at(xml, r, (i) => xml.slice(0, i) + xml.slice(i + 1 + int(r, 20))),
  },
  {
    name: "insert-snippet",
    apply: (xml, r) => at(xml, r, (i) => xml.slice(0, i) + pick(r, SNIPPETS) + xml.slice(i)),
  },
  {
    name: "duplicate-span",
    apply: (xml, r) =>
      at(xml, r, (i) => {
        const span = xml.slice(i, i + 1 + int(r, 40));
        return xml.slice(0, i) + span + span + xml.slice(i + span.length);
      }),
  },
  { name: "duplicate-element", apply: (xml, r) => dom(xml, r, duplicateElement) },
  { name: "delete-element", apply: (xml, r) => dom(xml, r, deleteElement) },
  { name: "move-element", apply: (xml, r) => dom(xml, r, moveElement) },
  { name: "delete-attribute", apply: (xml, r) => dom(xml, r, deleteAttribute) },
  { name: "copy-attribute", apply: (xml, r) => dom(xml, r, copyAttribute) },
  { name: "change-attribute", apply: (xml, r) => dom(xml, r, changeAttribute) },
  { name: "split-text", apply: (xml, r) => dom(xml, r, splitText) },
  { name: "change-text", apply: (xml, r) => dom(xml, r, changeText) },
];

function at(xml: string, random: Random, change: (index: number) => string): string {
  return change(int(random, xml.length));
}

function dom(xml: string, random: Random, change: (doc: Document, random: Random) => boolean): string | null {
  let failed = false;
  const doc = new DOMParser({
    errorHandler: {
      warning: () => {},
      error: () => {
        failed = true;
      },
      fatalError: () => {
        failed = true;
      },
    },
  }).parseFromString(xml, "text/xml");
  if (failed || !doc?.documentElement) return null;
  try {
    if (!change(doc, random)) return null;
    return new XMLSerializer().serializeToString(doc);
  } catch {
    return null; // xmldom refuses some moves (e.g. a node into its own subtree): skip that step
  }
}

function elements(doc: Document): Element[] {
  const list = doc.getElementsByTagName("*");
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) {
    const el = list.item(i);
    if (el) out.push(el);
  }
  return out;
}

/** True when `node` is `ancestor` or inside it (xmldom has no Node.contains). */
function isInside(node: Node, ancestor: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) if (n === ancestor) return true;
  return false;
}

const nonRoot = (doc: Document) => elements(doc).filter((e) => e !== doc.documentElement);

function duplicateElement(doc: Document, r: Random): boolean {
  const el = pick(r, nonRoot(doc));
  if (!el?.parentNode) return false;
  const where = pick(r, elements(doc));
  if (r() < 0.5 || isInside(where, el))
    el.parentNode.insertBefore(el.cloneNode(true), r() < 0.5 ? el : el.nextSibling);
  else where.appendChild(el.cloneNode(true));
  return true;
}

function deleteElement(doc: Document, r: Random): boolean {
  const el = pick(r, nonRoot(doc));
  if (!el?.parentNode) return false;
  el.parentNode.removeChild(el);
  return true;
}

function moveElement(doc: Document, r: Random): boolean {
  const el = pick(r, nonRoot(doc));
  const where = pick(r, elements(doc));
  if (!el || !where || el === where || isInside(where, el)) return false;
  where.insertBefore(el, r() < 0.5 ? where.firstChild : null);
  return true;
}

function attributesOf(doc: Document): Array<{ el: Element; attr: Attr }> {
  return elements(doc).flatMap((el) => {
    const out: Array<{ el: Element; attr: Attr }> = [];
    for (let i = 0; i < el.attributes.length; i++) {
      const attr = el.attributes.item(i);
      if (attr) out.push({ el, attr });
    }
    return out;
  });
}

function deleteAttribute(doc: Document, r: Random): boolean {
  const target = pick(r, attributesOf(doc));
  if (!target) return false;
  target.el.removeAttributeNode(target.attr);
  return true;
}

function copyAttribute(doc: Document, r: Random): boolean {
  const source = pick(r, attributesOf(doc));
  const to = pick(r, elements(doc));
  if (!source || !to) return false;
  to.setAttribute(source.attr.name, source.attr.value);
  return true;
}

function changeAttribute(doc: Document, r: Random): boolean {
  const target = pick(r, attributesOf(doc));
  if (!target) return false;
  const other = pick(r, attributesOf(doc));
  const value = pick(r, [
    `${target.attr.value}x`,
    "",
    other?.attr.value ?? "",
    target.attr.value.toUpperCase(),
    "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
    "#_evil",
  ]);
  target.el.setAttribute(target.attr.name, value);
  return true;
}

function textNodes(doc: Document): Text[] {
  return elements(doc).flatMap((el) => {
    const out: Text[] = [];
    for (let i = 0; i < el.childNodes.length; i++) {
      const node = el.childNodes.item(i);
      if (node?.nodeType === 3) out.push(node as Text);
    }
    return out;
  });
}

function splitText(doc: Document, r: Random): boolean {
  const text = pick(r, textNodes(doc));
  if (!text?.parentNode || !text.data) return false;
  const cut = int(r, text.data.length);
  const tail = doc.createTextNode(text.data.slice(cut));
  text.data = text.data.slice(0, cut);
  const markup = pick(r, [
    doc.createComment(""),
    doc.createCDATASection("x"),
    doc.createProcessingInstruction("pi", "x"),
  ]);
  text.parentNode.insertBefore(markup, text.nextSibling);
  text.parentNode.insertBefore(tail, markup.nextSibling);
  return true;
}

function changeText(doc: Document, r: Random): boolean {
  const text = pick(r, textNodes(doc));
  if (!text) return false;
  text.data = pick(r, [
    "attacker@contoso.com",
    `${text.data} `,
    text.data.toUpperCase(),
    "",
    `${text.data}.evil.com`,
  ]);
  return true;
}

interface Encoding {
  name: string;
  encode(xml: string, random: Random): string;
}

const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString("base64");

const ENCODINGS: readonly [Encoding, ...Encoding[]] = [
  { name: "base64", encode: (xml) => b64(xml) },
  { name: "base64-76-columns", encode: (xml) => (b64(xml).match(/.{1,76}/g) ?? []).join("\r\n") },
  { name: "double-base64", encode: (xml) => b64(b64(xml)) },
  { name: "deflate", encode: (xml) => deflateRawSync(Buffer.from(xml)).toString("base64") },
  { name: "latin1", encode: (xml) => Buffer.from(xml, "latin1").toString("base64") },
  { name: "utf16", encode: (xml) => Buffer.from(`\ufeff${xml}`, "utf16le").toString("base64") },
  { name: "bom", encode: (xml) => b64(`\ufeff${xml}`) },
  { name: "base64url", encode: (xml) => Buffer.from(xml).toString("base64url") },
  { name: "no-padding", encode: (xml) => b64(xml).replace(/=+$/, "") },
  { name: "truncated", encode: (xml, r) => b64(xml).slice(0, Math.max(4, int(r, b64(xml).length))) },
  { name: "percent", encode: (xml) => encodeURIComponent(b64(xml)) },
];
