import { parseXmlStrict } from "../saml/xml-dom.js";
import { SAML_MESSAGE_LIMITS } from "../saml/xml-prescan.js";

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const PI = 7;
const COMMENT = 8;

function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttr(value: string): string {
  return escapeText(value)
    .replace(/"/g, "&quot;")
    .replace(/\r/g, "&#xD;")
    .replace(/\n/g, "&#xA;")
    .replace(/\t/g, "&#x9;");
}

function attributes(el: Element): string {
  let out = "";
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a) out += ` ${a.name}="${escapeAttr(a.value)}"`;
  }
  return out;
}

function render(node: Node, depth: number, lines: string[]): void {
  const pad = "  ".repeat(depth);
  if (node.nodeType === TEXT) {
    const text = (node.nodeValue ?? "").trim();
    if (text) lines.push(pad + escapeText(text));
    return;
  }
  if (node.nodeType === CDATA) {
    lines.push(`${pad}<![CDATA[${node.nodeValue ?? ""}]]>`);
    return;
  }
  if (node.nodeType === COMMENT) {
    lines.push(`${pad}<!--${node.nodeValue ?? ""}-->`);
    return;
  }
  if (node.nodeType === PI) {
    lines.push(`${pad}<?${(node as ProcessingInstruction).target} ${node.nodeValue ?? ""}?>`);
    return;
  }
  if (node.nodeType !== ELEMENT) return;
  const el = node as Element;
  const open = `<${el.tagName}${attributes(el)}`;
  const children = Array.from({ length: el.childNodes.length }, (_, i) => el.childNodes.item(i)).filter(
    (c): c is ChildNode => c !== null,
  );
  if (children.length === 0) {
    lines.push(`${pad}${open}/>`);
    return;
  }
  // Text-only content stays on the element's line, exactly as sent (a NameID's spaces matter).
  if (children.every((c) => c.nodeType === TEXT)) {
    lines.push(`${pad}${open}>${escapeText(el.textContent ?? "")}</${el.tagName}>`);
    return;
  }
  lines.push(`${pad}${open}>`);
  for (const child of children) render(child, depth + 1, lines);
  lines.push(`${pad}</${el.tagName}>`);
}

/**
 * The XML indented for reading (the admin pages escape it when they show it). A document that
 * does not parse, or that the SAML message limits refuse (a bomb is never given a DOM, not even
 * for display), is returned unchanged: it is shown as it arrived.
 */
export function prettyXml(xml: string): string {
  try {
    const doc = parseXmlStrict(xml, SAML_MESSAGE_LIMITS);
    const lines: string[] = [];
    render(doc.documentElement, 0, lines);
    return lines.join("\n");
  } catch {
    return xml;
  }
}
