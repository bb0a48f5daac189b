import {
  allDescendants,
  attr,
  childElements,
  descendants,
  firstChild,
  hasNonTextChildren,
  NS,
  parseXmlStrict,
  textOf,
} from "./xml-dom.js";
import { SAML_MESSAGE_LIMITS } from "./xml-prescan.js";

/**
 * What a posted SAML message says about itself, read before (and independently of) signature
 * validation. Nothing here is trusted for a decision to accept: it only lets us refuse early,
 * pick per-request options (is the Response signed?), and explain failures.
 */
export interface SignatureFacts {
  /** Which element the Signature is a direct child of. */
  parent: "response" | "assertion" | "other";
  signatureMethod: string | null;
  canonicalizationMethod: string | null;
  digestMethods: string[];
  referenceUris: string[];
  /** The Transform algorithms of each Reference, in order. */
  transforms: string[][];
  /** Base64 DER of each X509Certificate in KeyInfo. */
  certificates: string[];
  signedInfoCount: number;
  /** The text of each SignatureValue child, whitespace removed. */
  signatureValues: string[];
  /** Element children of the Signature other than SignedInfo, SignatureValue and KeyInfo (e.g. Object). */
  extraChildren: string[];
}

export interface SubjectConfirmationFacts {
  method: string | null;
  recipient: string | null;
  inResponseTo: string | null;
  notOnOrAfter: string | null;
  notBefore: string | null;
}

export interface AssertionFacts {
  id: string | null;
  /** The Version attribute ("2.0" from Entra). */
  version: string | null;
  issueInstant: string | null;
  issuer: string | null;
  signed: boolean;
  nameId: string | null;
  nameIdFormat: string | null;
  /** NameID holds a comment, processing instruction or element (identity splitting). */
  nameIdHasMarkup: boolean;
  subjectConfirmations: SubjectConfirmationFacts[];
  notBefore: string | null;
  notOnOrAfter: string | null;
  audiences: string[];
  /** The Audience values of each AudienceRestriction (node-saml requires this SP in every one). */
  audienceRestrictions: string[][];
  sessionIndex: string | null;
  authnInstant: string | null;
  /** AuthnStatement SessionNotOnOrAfter, when the IdP limits the session. */
  sessionNotOnOrAfter: string | null;
  attributes: Array<{ name: string; values: string[] }>;
}

export interface ResponseFacts {
  rootName: string;
  rootNamespace: string | null;
  isResponse: boolean;
  id: string | null;
  version: string | null;
  destination: string | null;
  inResponseTo: string | null;
  issueInstant: string | null;
  issuer: string | null;
  statusCode: string | null;
  statusSubCode: string | null;
  statusMessage: string | null;
  responseSigned: boolean;
  /** Assertions that are direct children of the Response. */
  assertionCount: number;
  encryptedAssertionCount: number;
  /**
   * Assertion and EncryptedAssertion elements anywhere in the document, in any namespace
   * (wrapping attacks hide extra ones in Extensions, Signature/Object, Advice...).
   */
  assertionsAnywhere: number;
  /** ID attribute values carried by more than one element (a signature reference would be ambiguous). */
  duplicateIds: string[];
  assertion: AssertionFacts | null;
  signatures: SignatureFacts[];
}

export function inspectResponse(xml: string): ResponseFacts {
  return inspectDocument(parseXmlStrict(xml, SAML_MESSAGE_LIMITS));
}

export function inspectDocument(doc: Document): ResponseFacts {
  const root = doc.documentElement;
  const isResponse = root.localName === "Response" && root.namespaceURI === NS.protocol;
  const status = firstChild(root, "Status", NS.protocol);
  const statusCodeEl = status ? firstChild(status, "StatusCode", NS.protocol) : undefined;
  const subCodeEl = statusCodeEl ? firstChild(statusCodeEl, "StatusCode", NS.protocol) : undefined;
  const assertions = childElements(root, "Assertion", NS.assertion);
  const assertionEl = assertions.length === 1 ? assertions[0] : undefined;
  return {
    rootName: root.localName ?? root.nodeName,
    rootNamespace: root.namespaceURI,
    isResponse,
    id: attr(root, "ID"),
    version: attr(root, "Version"),
    destination: attr(root, "Destination"),
    inResponseTo: attr(root, "InResponseTo"),
    issueInstant: attr(root, "IssueInstant"),
    issuer: textOf(firstChild(root, "Issuer", NS.assertion))?.trim() ?? null,
    statusCode: attr(statusCodeEl, "Value"),
    statusSubCode: attr(subCodeEl, "Value"),
    statusMessage: status ? (textOf(firstChild(status, "StatusMessage", NS.protocol)) ?? null) : null,
    responseSigned: childElements(root, "Signature", NS.dsig).length > 0,
    assertionCount: assertions.length,
    encryptedAssertionCount: childElements(root, "EncryptedAssertion", NS.assertion).length,
    assertionsAnywhere: [root, ...allDescendants(root)].filter(
      (el) => el.localName === "Assertion" || el.localName === "EncryptedAssertion",
    ).length,
    duplicateIds: duplicateIds(root),
    assertion: assertionEl ? inspectAssertion(assertionEl) : null,
    signatures: descendants(root, "Signature")
      .filter((s) => s.namespaceURI === NS.dsig)
      .map((s) => inspectSignature(s, root)),
  };
}

export function inspectAssertion(el: Element): AssertionFacts {
  const subject = firstChild(el, "Subject", NS.assertion);
  const nameIdEl = subject ? firstChild(subject, "NameID", NS.assertion) : undefined;
  const conditions = firstChild(el, "Conditions", NS.assertion);
  const authn = firstChild(el, "AuthnStatement", NS.assertion);
  const attributes = childElements(el, "AttributeStatement", NS.assertion).flatMap((statement) =>
    childElements(statement, "Attribute", NS.assertion).map((a) => ({
      name: attr(a, "Name") ?? "",
      values: childElements(a, "AttributeValue", NS.assertion).map((v) => textOf(v) ?? ""),
    })),
  );
  return {
    id: attr(el, "ID"),
    version: attr(el, "Version"),
    issueInstant: attr(el, "IssueInstant"),
    issuer: textOf(firstChild(el, "Issuer", NS.assertion))?.trim() ?? null,
    signed: childElements(el, "Signature", NS.dsig).length > 0,
    nameId: textOf(nameIdEl),
    nameIdFormat: attr(nameIdEl, "Format"),
    nameIdHasMarkup: nameIdEl ? hasNonTextChildren(nameIdEl) : false,
    subjectConfirmations: subject
      ? childElements(subject, "SubjectConfirmation", NS.assertion).map((sc) => {
          const data = firstChild(sc, "SubjectConfirmationData", NS.assertion);
          return {
            method: attr(sc, "Method"),
            recipient: attr(data, "Recipient"),
            inResponseTo: attr(data, "InResponseTo"),
            notOnOrAfter: attr(data, "NotOnOrAfter"),
            notBefore: attr(data, "NotBefore"),
          };
        })
      : [],
    notBefore: attr(conditions, "NotBefore"),
    notOnOrAfter: attr(conditions, "NotOnOrAfter"),
    audiences: conditions
      ? childElements(conditions, "AudienceRestriction", NS.assertion).flatMap((r) =>
          childElements(r, "Audience", NS.assertion).map((a) => (textOf(a) ?? "").trim()),
        )
      : [],
    audienceRestrictions: conditions
      ? childElements(conditions, "AudienceRestriction", NS.assertion).map((r) =>
          childElements(r, "Audience", NS.assertion).map((a) => (textOf(a) ?? "").trim()),
        )
      : [],
    sessionIndex: attr(authn, "SessionIndex"),
    authnInstant: attr(authn, "AuthnInstant"),
    sessionNotOnOrAfter: attr(authn, "SessionNotOnOrAfter"),
    attributes,
  };
}

function duplicateIds(root: Element): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const el of [root, ...allDescendants(root)]) {
    for (const name of ["ID", "Id", "id"]) {
      const value = attr(el, name);
      if (value === null) continue;
      if (seen.has(value)) twice.add(value);
      seen.add(value);
    }
  }
  return [...twice];
}

function inspectSignature(sig: Element, root: Element): SignatureFacts {
  const parentEl = sig.parentNode as Element | null;
  let parent: SignatureFacts["parent"] = "other";
  if (parentEl === root) parent = "response";
  else if (parentEl?.localName === "Assertion" && parentEl.parentNode === root) parent = "assertion";
  const signedInfos = childElements(sig, "SignedInfo", NS.dsig);
  const signedInfo = signedInfos[0];
  const references = signedInfo ? childElements(signedInfo, "Reference", NS.dsig) : [];
  const known = new Set(["SignedInfo", "SignatureValue", "KeyInfo"]);
  return {
    parent,
    signatureMethod: attr(
      signedInfo ? firstChild(signedInfo, "SignatureMethod", NS.dsig) : undefined,
      "Algorithm",
    ),
    canonicalizationMethod: attr(
      signedInfo ? firstChild(signedInfo, "CanonicalizationMethod", NS.dsig) : undefined,
      "Algorithm",
    ),
    digestMethods: references.map((r) => attr(firstChild(r, "DigestMethod", NS.dsig), "Algorithm") ?? ""),
    referenceUris: references.map((r) => attr(r, "URI") ?? ""),
    transforms: references.map((r) => {
      const container = firstChild(r, "Transforms", NS.dsig);
      return container ? childElements(container).map((t) => attr(t, "Algorithm") ?? "") : [];
    }),
    certificates: descendants(sig, "X509Certificate").map((c) => (textOf(c) ?? "").replace(/\s+/g, "")),
    signedInfoCount: signedInfos.length,
    signatureValues: childElements(sig, "SignatureValue", NS.dsig).map((v) =>
      (textOf(v) ?? "").replace(/\s+/g, ""),
    ),
    extraChildren: childElements(sig)
      .filter((c) => !(c.namespaceURI === NS.dsig && known.has(c.localName ?? "")))
      .map((c) => c.localName ?? c.nodeName),
  };
}
