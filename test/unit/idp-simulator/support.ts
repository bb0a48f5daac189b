import { readFileSync } from "node:fs";
import { DOMParser } from "@xmldom/xmldom";
import {
  entraUserClaims,
  NAME_ID_FORMAT,
  type ResponseInput,
  type SigningAlgorithm,
  type SigningMode,
} from "../../../src/idp-simulator/saml/build-response.js";

const FIXTURES = new URL("../../fixtures/idp-simulator/", import.meta.url);

export function fixturePath(name: string): URL {
  return new URL(name, FIXTURES);
}

export const PRIVATE_KEY_PEM = readFileSync(fixturePath("entra-signing-key.pkcs8.pem"), "utf8");
export const CERTIFICATE_PEM = readFileSync(fixturePath("entra-signing-certificate.pem"), "utf8");

export const FIXED_NOW = new Date("2026-11-26T10:00:00.000Z");
export const TENANT_ID = "3f2b8c1e-7d4a-4e96-b0c5-9a1d2e3f4a5b";
export const IDP_ISSUER = `https://sts.windows.net/${TENANT_ID}/`;
export const REPLY_URL = "https://mitel-mock-sp.test/micloud/saml/acs";
export const AUDIENCE = "https://mitel-mock-sp.test/micloud";
export const REQUEST_ID = "_5f0c3a52-6a0e-4c5e-9d53-0c1f8a7e2b11";
export const RESPONSE_ID = "_0b7a2f0e-3c1d-4e5f-8a9b-1c2d3e4f5a6b";
export const ASSERTION_ID = "_c4d5e6f7-0819-4a2b-9c3d-4e5f60718293";
export const NAME_ID = "alice.anders@contoso.example";

export const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
export const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
export const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

export function baseInput(
  mode: SigningMode = "assertion",
  algorithm: SigningAlgorithm = "sha256",
  overrides: Partial<ResponseInput> = {},
): ResponseInput {
  return {
    tenantId: TENANT_ID,
    destination: REPLY_URL,
    recipient: REPLY_URL,
    audience: AUDIENCE,
    inResponseTo: REQUEST_ID,
    nameId: NAME_ID,
    nameIdFormat: NAME_ID_FORMAT.emailAddress,
    claims: entraUserClaims({
      tenantId: TENANT_ID,
      objectId: "9c8b7a65-4321-4fed-8cba-0987654321fe",
      displayName: "Alice Anders",
      givenName: "Alice",
      surname: "Anders",
      emailAddress: NAME_ID,
      name: NAME_ID,
    }),
    now: FIXED_NOW,
    signing: { mode, algorithm, privateKeyPem: PRIVATE_KEY_PEM, certificatePem: CERTIFICATE_PEM },
    ids: { responseId: RESPONSE_ID, assertionId: ASSERTION_ID },
    ...overrides,
  };
}

export function parse(xml: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: (_level: string, message: unknown) => {
      errors.push(String(message));
    },
  }).parseFromString(xml, "text/xml");
  if (errors.length > 0) {
    throw new Error(`Not well-formed: ${errors.join("; ")}`);
  }
  return doc;
}

export function childElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1) {
      out.push(node as Element);
    }
  }
  return out;
}

/** "prefix-free" names of the element children, namespace-qualified as {ns}local. */
export function childNames(parent: Element): string[] {
  return childElements(parent).map((e) => `{${e.namespaceURI ?? ""}}${e.localName}`);
}

export function onlyChild(parent: Element, namespace: string, localName: string): Element {
  const matches = childElements(parent).filter(
    (e) => e.namespaceURI === namespace && e.localName === localName,
  );
  const [first] = matches;
  if (matches.length !== 1 || !first) {
    throw new Error(`Expected exactly one ${localName} under ${parent.localName}, found ${matches.length}`);
  }
  return first;
}
