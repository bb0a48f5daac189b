import { DOMParser } from "@xmldom/xmldom";
import { ExclusiveCanonicalization } from "xml-crypto";
import { NS } from "./xml.js";

/**
 * The mutation test's oracle: does a posted SAMLResponse field carry exactly what the IdP signed?
 * "Exactly" means: it decodes (plain base64 of UTF-8, as the HTTP-POST binding sends it) to a
 * Response whose only assertion anywhere is the original one, with the same canonical form as
 * signed (own Signature removed, as the enveloped-signature transform does); and, where the
 * Response was signed and still carries its signature, the same canonical Response.
 */
export interface SignedOriginal {
  assertionId: string;
  assertionC14n: string;
  /** null when only the assertion was signed. */
  responseC14n: string | null;
}

export function describeSigned(xml: string, responseSigned: boolean): SignedOriginal {
  const doc = parseStrictly(xml);
  if (!doc) throw new Error("the original response does not parse");
  const assertion = directChildren(doc.documentElement, "Assertion", NS.assertion)[0];
  if (!assertion) throw new Error("the original response has no assertion");
  return {
    assertionId: assertion.getAttribute("ID") ?? "",
    assertionC14n: canonical(assertion),
    responseC14n: responseSigned ? canonical(doc.documentElement) : null,
  };
}

export function signedContentIntact(field: string, original: SignedOriginal): boolean {
  const compact = field.replace(/[\r\n\t ]/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) return false;
  const doc = parseStrictly(
    Buffer.from(compact, "base64")
      .toString("utf8")
      .replace(/^\uFEFF/, ""),
  );
  if (!doc) return false;
  const root = doc.documentElement;
  if (root.localName !== "Response" || root.namespaceURI !== NS.protocol) return false;
  const everyAssertion = [...elementsNamed(doc, "Assertion"), ...elementsNamed(doc, "EncryptedAssertion")];
  const assertion = directChildren(root, "Assertion", NS.assertion)[0];
  if (everyAssertion.length !== 1 || !assertion || assertion.getAttribute("ID") !== original.assertionId)
    return false;
  try {
    if (canonical(assertion) !== original.assertionC14n) return false;
    const responseSignatures = directChildren(root, "Signature", NS.dsig);
    if (original.responseC14n && responseSignatures.length > 0 && canonical(root) !== original.responseC14n)
      return false;
  } catch {
    return false; // not canonicalizable (a DOCTYPE node inside, say): certainly not what was signed
  }
  return true;
}

/** Canonical form of an element as its enveloped signature covers it (own Signature removed). */
function canonical(el: Element): string {
  const clone = el.cloneNode(true) as Element;
  for (const signature of directChildren(clone, "Signature", NS.dsig)) clone.removeChild(signature);
  return new ExclusiveCanonicalization().process(clone, {});
}

function parseStrictly(xml: string): Document | null {
  let broken = false;
  const flag = () => {
    broken = true;
  };
  const doc = new DOMParser({
    errorHandler: { warning: flag, error: flag, fatalError: flag },
  }).parseFromString(xml, "text/xml");
  return broken || !doc?.documentElement ? null : doc;
}

function directChildren(el: Element, localName: string, ns: string): Element[] {
  const out: Element[] = [];
  for (let i = 0; i < el.childNodes.length; i++) {
    const child = el.childNodes.item(i) as Element | null;
    if (child?.nodeType === 1 && child.localName === localName && child.namespaceURI === ns) out.push(child);
  }
  return out;
}

function elementsNamed(doc: Document, localName: string): Element[] {
  const list = doc.getElementsByTagNameNS("*", localName);
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) {
    const el = list.item(i);
    if (el) out.push(el);
  }
  return out;
}
