/**
 * Builds and signs a SAML 2.0 Response the way Microsoft Entra ID does for a SAML enterprise
 * application, for the offline Entra simulator.
 *
 * Shape (from Microsoft's "Single sign-on SAML protocol" and "SAML token claims reference" pages and
 * from real Entra responses):
 *   - one line, no XML declaration, no indentation;
 *   - `<samlp:Response ID Version IssueInstant Destination InResponseTo xmlns:samlp>`;
 *   - `<Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.windows.net/{tenant}/</Issuer>`;
 *   - a response Signature, when the response is signed, right after the response's Issuer;
 *   - `<samlp:Status>`;
 *   - `<Assertion ID IssueInstant Version xmlns="urn:oasis:names:tc:SAML:2.0:assertion">` with Issuer,
 *     the assertion Signature (when signed), Subject, Conditions, AttributeStatement, AuthnStatement;
 *   - signatures use the default namespace (`<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">`),
 *     exclusive C14N, enveloped-signature + exclusive C14N transforms, RSA-SHA256/SHA-256 (or
 *     RSA-SHA1/SHA-1), and KeyInfo/X509Data/X509Certificate with the base64 DER on one line.
 *
 * Times: ISO 8601 UTC with three fractional digits ("2026-11-26T10:00:00.000Z"). Entra itself writes
 * up to seven fractional digits in some places; three is what `Date` holds, is valid xs:dateTime and
 * is what most SP libraries expect, so the simulator uses three throughout.
 *
 * A non-Success status produces what Entra sends for an error (e.g. AADSTS50105): Issuer and Status
 * (with nested StatusCode and StatusMessage), no Assertion. Such a response carries a signature only
 * in the "response" and "response-and-assertion" modes.
 *
 * Simulator-side code: signs with xml-crypto directly and imports nothing from the SP (src/saml,
 * src/http, src/certificates, ...).
 */
import { createPrivateKey, X509Certificate as NodeX509Certificate, randomUUID } from "node:crypto";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";

export const SAML_PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
export const SAML_ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
export const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

export const SAML_STATUS = {
  success: "urn:oasis:names:tc:SAML:2.0:status:Success",
  requester: "urn:oasis:names:tc:SAML:2.0:status:Requester",
  responder: "urn:oasis:names:tc:SAML:2.0:status:Responder",
  versionMismatch: "urn:oasis:names:tc:SAML:2.0:status:VersionMismatch",
  authnFailed: "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed",
  invalidNameIdPolicy: "urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy",
  noPassive: "urn:oasis:names:tc:SAML:2.0:status:NoPassive",
  requestDenied: "urn:oasis:names:tc:SAML:2.0:status:RequestDenied",
  requestUnsupported: "urn:oasis:names:tc:SAML:2.0:status:RequestUnsupported",
} as const;

export const NAME_ID_FORMAT = {
  emailAddress: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
  unspecified: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
  persistent: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
  transient: "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
} as const;

export const BEARER_CONFIRMATION_METHOD = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
export const PASSWORD_AUTHN_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:Password";
export const PASSWORD_AUTHN_METHOD =
  "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password";

/**
 * The claim URIs of Entra's default SAML claim set. Note that authnmethodsreferences lives under
 * `http://schemas.microsoft.com/claims/`, not `.../identity/claims/`: that is what Entra emits.
 */
export const ENTRA_CLAIM = {
  tenantId: "http://schemas.microsoft.com/identity/claims/tenantid",
  objectId: "http://schemas.microsoft.com/identity/claims/objectidentifier",
  displayName: "http://schemas.microsoft.com/identity/claims/displayname",
  identityProvider: "http://schemas.microsoft.com/identity/claims/identityprovider",
  authnMethodsReferences: "http://schemas.microsoft.com/claims/authnmethodsreferences",
  givenName: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
  surname: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
  emailAddress: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
  name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
} as const;

/** The order in which Entra writes its default claims; any other claim follows, in input order. */
export const ENTRA_CLAIM_ORDER: readonly string[] = [
  ENTRA_CLAIM.tenantId,
  ENTRA_CLAIM.objectId,
  ENTRA_CLAIM.displayName,
  ENTRA_CLAIM.identityProvider,
  ENTRA_CLAIM.authnMethodsReferences,
  ENTRA_CLAIM.givenName,
  ENTRA_CLAIM.surname,
  ENTRA_CLAIM.emailAddress,
  ENTRA_CLAIM.name,
];

const ALGORITHMS = {
  sha256: {
    signature: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    digest: "http://www.w3.org/2001/04/xmlenc#sha256",
  },
  sha1: {
    signature: "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    digest: "http://www.w3.org/2000/09/xmldsig#sha1",
  },
} as const;
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED_SIGNATURE = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

export type SigningMode = "assertion" | "response" | "response-and-assertion" | "none";
export type SigningAlgorithm = "sha256" | "sha1";

export interface ResponseClaim {
  /** Attribute Name: the claim URI. */
  name: string;
  /** One AttributeValue each; empty strings, null and undefined are dropped, and a claim left with none is omitted. */
  values: ReadonlyArray<string | null | undefined>;
}

export interface ResponseStatus {
  code: string;
  subCode?: string;
  message?: string;
}

export interface ResponseSigning {
  mode: SigningMode;
  algorithm: SigningAlgorithm;
  privateKeyPem: string;
  certificatePem: string;
}

export interface ResponseInput {
  tenantId: string;
  /** Overrides the issuer; defaults to `https://sts.windows.net/{tenantId}/`. */
  issuer?: string;
  /** Response@Destination (the reply URL); null leaves the attribute out. */
  destination: string | null;
  /** SubjectConfirmationData@Recipient. */
  recipient: string;
  /** Audience (the SP's Identifier / entity ID). */
  audience: string;
  /** The AuthnRequest ID; null makes an IdP-initiated (unsolicited) response without InResponseTo. */
  inResponseTo: string | null;
  nameId: string;
  nameIdFormat: string;
  claims: ReadonlyArray<ResponseClaim>;
  /** The issue instant; everything else is computed from it, so a fixed value gives a fixed output. */
  now: Date;
  /** Conditions window relative to `now`, in minutes. Defaults to -5 / +60 like Entra. */
  validityOffsetMinutes?: { notBefore?: number; notOnOrAfter?: number };
  /** SubjectConfirmationData@NotOnOrAfter relative to `now`; defaults to Conditions@NotOnOrAfter. */
  subjectConfirmationMinutes?: number;
  /** AuthnStatement@AuthnInstant; defaults to `now`. */
  authnInstant?: Date;
  /** AuthnContextClassRef; defaults to Password. */
  authnContextClassRef?: string;
  /** Defaults to Success. Anything else yields a response without an Assertion. */
  status?: ResponseStatus;
  signing: ResponseSigning;
  /**
   * Token encryption: turns the (signed) Assertion element into an EncryptedAssertion element. Runs
   * after the assertion is signed and before the response is, as Entra orders them.
   */
  encryptAssertion?: (assertionXml: string) => string;
  /** Fixed IDs (for golden tests); default to "_" + a random UUID each, like Entra. */
  ids?: { responseId?: string; assertionId?: string };
  /** Departures from Entra's shape, for the simulator's tampering faults only (Entra never sends them). */
  shape?: ResponseShape;
}

export interface ResponseShape {
  /** Leave the Subject's NameID out. */
  omitNameId?: boolean;
  /** SubjectConfirmation@Method instead of bearer. */
  confirmationMethod?: string;
  /** Version of the Response and the Assertion instead of "2.0". */
  version?: string;
  /** AuthnStatement@SessionNotOnOrAfter relative to `now`, in minutes (Entra leaves it out). */
  sessionNotOnOrAfterMinutes?: number;
}

export interface BuiltResponse {
  /** The Response, one line, no XML declaration. */
  xml: string;
  /** UTF-8 bytes of `xml` in base64: the SAMLResponse form field of the HTTP-POST binding. */
  base64: string;
  responseId: string;
  /** The Assertion's ID; the empty string when the response carries no Assertion (non-Success status). */
  assertionId: string;
}

export interface EntraUserClaimsInput {
  tenantId: string;
  objectId: string;
  displayName?: string;
  /** Defaults to `https://sts.windows.net/{tenantId}/`, which Entra sends for members of the tenant. */
  identityProvider?: string;
  /** Defaults to the password authentication method. */
  authnMethodsReferences?: readonly string[];
  givenName?: string;
  surname?: string;
  emailAddress?: string;
  /** The user principal name. */
  name?: string;
}

/** Entra's default claim set for a user, in Entra's order; missing values are dropped by the builder. */
export function entraUserClaims(user: EntraUserClaimsInput): ResponseClaim[] {
  return [
    { name: ENTRA_CLAIM.tenantId, values: [user.tenantId] },
    { name: ENTRA_CLAIM.objectId, values: [user.objectId] },
    { name: ENTRA_CLAIM.displayName, values: [user.displayName] },
    {
      name: ENTRA_CLAIM.identityProvider,
      values: [user.identityProvider ?? defaultEntraIssuer(user.tenantId)],
    },
    {
      name: ENTRA_CLAIM.authnMethodsReferences,
      values: user.authnMethodsReferences ?? [PASSWORD_AUTHN_METHOD],
    },
    { name: ENTRA_CLAIM.givenName, values: [user.givenName] },
    { name: ENTRA_CLAIM.surname, values: [user.surname] },
    { name: ENTRA_CLAIM.emailAddress, values: [user.emailAddress] },
    { name: ENTRA_CLAIM.name, values: [user.name] },
  ];
}

export function defaultEntraIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

/** xs:dateTime in UTC with millisecond precision, e.g. 2026-11-26T10:00:00.000Z. */
export function formatSamlInstant(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new RangeError("Invalid date");
  }
  return date.toISOString();
}

export function buildSignedResponse(input: ResponseInput): BuiltResponse {
  const responseId = input.ids?.responseId ?? newEntraId();
  const status = input.status ?? { code: SAML_STATUS.success };
  const isSuccess = status.code === SAML_STATUS.success;
  const assertionId = isSuccess ? (input.ids?.assertionId ?? newEntraId()) : "";
  assertXmlId(responseId, "responseId");
  if (isSuccess) {
    assertXmlId(assertionId, "assertionId");
    if (assertionId === responseId) {
      throw new Error("responseId and assertionId must differ");
    }
  }

  const issuer = input.issuer ?? defaultEntraIssuer(input.tenantId);
  const issueInstant = formatSamlInstant(input.now);

  let xml = `<samlp:Response${attrs([
    ["ID", responseId],
    ["Version", input.shape?.version ?? "2.0"],
    ["IssueInstant", issueInstant],
    ["Destination", input.destination],
    ["InResponseTo", input.inResponseTo],
    ["xmlns:samlp", SAML_PROTOCOL_NS],
  ])}>`;
  xml += `<Issuer xmlns="${SAML_ASSERTION_NS}">${escapeText(issuer)}</Issuer>`;
  xml += statusXml(status);
  if (isSuccess) {
    xml += assertionXml(input, assertionId, issuer, issueInstant);
  }
  xml += "</samlp:Response>";

  // Parse even what will be signed: a malformed build fails here with a clear message, and every
  // mode's output comes from the same serializer (xml-crypto serializes with xmldom as well).
  xml = parseStrict(xml).toString();
  const { mode } = input.signing;
  const signer = mode === "none" ? null : prepareSigner(input.signing);
  if (signer && isSuccess && (mode === "assertion" || mode === "response-and-assertion")) {
    xml = signer.sign(xml, ASSERTION_XPATH, `${ASSERTION_XPATH}/${ISSUER_STEP}`);
  }
  if (isSuccess && input.encryptAssertion) {
    xml = withEncryptedAssertion(xml, input.encryptAssertion);
  }
  if (signer && (mode === "response" || mode === "response-and-assertion")) {
    xml = signer.sign(xml, RESPONSE_XPATH, `${RESPONSE_XPATH}/${ISSUER_STEP}`);
  }
  xml = toOneLine(xml);

  return {
    xml,
    base64: Buffer.from(xml, "utf8").toString("base64"),
    responseId,
    assertionId,
  };
}

const RESPONSE_XPATH = `/*[local-name(.)='Response' and namespace-uri(.)='${SAML_PROTOCOL_NS}']`;
const ASSERTION_XPATH = `${RESPONSE_XPATH}/*[local-name(.)='Assertion' and namespace-uri(.)='${SAML_ASSERTION_NS}']`;
const ISSUER_STEP = `*[local-name(.)='Issuer' and namespace-uri(.)='${SAML_ASSERTION_NS}']`;

function assertionXml(
  input: ResponseInput,
  assertionId: string,
  issuer: string,
  issueInstant: string,
): string {
  const notBeforeMinutes = input.validityOffsetMinutes?.notBefore ?? -5;
  const notOnOrAfterMinutes = input.validityOffsetMinutes?.notOnOrAfter ?? 60;
  const confirmationMinutes = input.subjectConfirmationMinutes ?? notOnOrAfterMinutes;
  const notBefore = formatSamlInstant(addMinutes(input.now, notBeforeMinutes));
  const notOnOrAfter = formatSamlInstant(addMinutes(input.now, notOnOrAfterMinutes));
  const confirmationNotOnOrAfter = formatSamlInstant(addMinutes(input.now, confirmationMinutes));
  const authnInstant = formatSamlInstant(input.authnInstant ?? input.now);

  let xml = `<Assertion${attrs([
    ["ID", assertionId],
    ["IssueInstant", issueInstant],
    ["Version", input.shape?.version ?? "2.0"],
    ["xmlns", SAML_ASSERTION_NS],
  ])}>`;
  xml += `<Issuer>${escapeText(issuer)}</Issuer>`;
  xml += "<Subject>";
  if (!input.shape?.omitNameId) {
    xml += `<NameID${attrs([["Format", input.nameIdFormat]])}>${escapeText(input.nameId)}</NameID>`;
  }
  xml += `<SubjectConfirmation${attrs([["Method", input.shape?.confirmationMethod ?? BEARER_CONFIRMATION_METHOD]])}>`;
  xml += `<SubjectConfirmationData${attrs([
    ["InResponseTo", input.inResponseTo],
    ["NotOnOrAfter", confirmationNotOnOrAfter],
    ["Recipient", input.recipient],
  ])}/>`;
  xml += "</SubjectConfirmation></Subject>";
  xml += `<Conditions${attrs([
    ["NotBefore", notBefore],
    ["NotOnOrAfter", notOnOrAfter],
  ])}>`;
  xml += `<AudienceRestriction><Audience>${escapeText(input.audience)}</Audience></AudienceRestriction>`;
  xml += "</Conditions>";
  xml += attributeStatementXml(input.claims);
  const sessionMinutes = input.shape?.sessionNotOnOrAfterMinutes;
  xml += `<AuthnStatement${attrs([
    ["AuthnInstant", authnInstant],
    [
      "SessionNotOnOrAfter",
      sessionMinutes === undefined ? null : formatSamlInstant(addMinutes(input.now, sessionMinutes)),
    ],
    ["SessionIndex", assertionId],
  ])}>`;
  xml += `<AuthnContext><AuthnContextClassRef>${escapeText(
    input.authnContextClassRef ?? PASSWORD_AUTHN_CONTEXT,
  )}</AuthnContextClassRef></AuthnContext>`;
  xml += "</AuthnStatement>";
  xml += "</Assertion>";
  return xml;
}

/**
 * Claims in Entra's order (known URIs first, others after in input order). Claims with the same name
 * are merged into one Attribute, as Entra sends a multi-valued claim. An AttributeStatement may not be
 * empty, so with no claims left it is left out.
 */
function attributeStatementXml(claims: ReadonlyArray<ResponseClaim>): string {
  const merged = new Map<string, string[]>();
  for (const claim of claims) {
    const values = claim.values.filter((value): value is string => typeof value === "string" && value !== "");
    if (values.length === 0) {
      continue;
    }
    const existing = merged.get(claim.name);
    if (existing) {
      existing.push(...values);
    } else {
      merged.set(claim.name, values);
    }
  }
  if (merged.size === 0) {
    return "";
  }
  const rank = (name: string): number => {
    const index = ENTRA_CLAIM_ORDER.indexOf(name);
    return index === -1 ? ENTRA_CLAIM_ORDER.length : index;
  };
  const ordered = [...merged.entries()]
    .map((entry, position) => ({ entry, position }))
    .sort((a, b) => rank(a.entry[0]) - rank(b.entry[0]) || a.position - b.position);
  let xml = "<AttributeStatement>";
  for (const {
    entry: [name, values],
  } of ordered) {
    xml += `<Attribute${attrs([["Name", name]])}>`;
    for (const value of values) {
      xml += `<AttributeValue>${escapeText(value)}</AttributeValue>`;
    }
    xml += "</Attribute>";
  }
  xml += "</AttributeStatement>";
  return xml;
}

function statusXml(status: ResponseStatus): string {
  const code = attrs([["Value", status.code]]);
  let xml = "<samlp:Status>";
  if (status.subCode) {
    xml += `<samlp:StatusCode${code}><samlp:StatusCode${attrs([["Value", status.subCode]])}/></samlp:StatusCode>`;
  } else {
    xml += `<samlp:StatusCode${code}/>`;
  }
  if (status.message) {
    xml += `<samlp:StatusMessage>${escapeText(status.message)}</samlp:StatusMessage>`;
  }
  xml += "</samlp:Status>";
  return xml;
}

interface Signer {
  /** Signs the element at `targetXPath`, placing the Signature right after the element at `afterXPath`. */
  sign(xml: string, targetXPath: string, afterXPath: string): string;
}

function prepareSigner(signing: ResponseSigning): Signer {
  const certificate = new NodeX509Certificate(signing.certificatePem);
  const privateKey = createPrivateKey(signing.privateKeyPem);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error("The signing private key does not belong to the signing certificate");
  }
  const certificateBase64 = certificate.raw.toString("base64");
  const algorithms = ALGORITHMS[signing.algorithm];
  return {
    sign(xml, targetXPath, afterXPath) {
      const signedXml = new SignedXml({
        privateKey: signing.privateKeyPem,
        signatureAlgorithm: algorithms.signature,
        canonicalizationAlgorithm: EXC_C14N,
        getKeyInfoContent: () =>
          `<X509Data><X509Certificate>${certificateBase64}</X509Certificate></X509Data>`,
      });
      signedXml.addReference({
        xpath: targetXPath,
        transforms: [ENVELOPED_SIGNATURE, EXC_C14N],
        digestAlgorithm: algorithms.digest,
      });
      signedXml.computeSignature(xml, { location: { reference: afterXPath, action: "after" } });
      return signedXml.getSignedXml();
    },
  };
}

/**
 * The serializer writes carriage returns and line feeds in attribute values as character references,
 * and xml-crypto does the same for carriage returns in text, so only a line feed inside text content
 * (say, a claim value) can remain. As a character reference it parses back to the same text, so
 * canonical forms and signatures are unchanged, and the response stays on one line.
 */
function toOneLine(xml: string): string {
  return xml.replace(/\r/g, "&#xD;").replace(/\n/g, "&#xA;");
}

/** The response with its Assertion replaced by what `encrypt` makes of the assertion's own text. */
function withEncryptedAssertion(xml: string, encrypt: (assertionXml: string) => string): string {
  const doc = parseStrict(xml);
  const assertion = doc.getElementsByTagNameNS(SAML_ASSERTION_NS, "Assertion")[0];
  if (!assertion) {
    throw new Error("No Assertion to encrypt");
  }
  const encrypted = parseStrict(encrypt(new XMLSerializer().serializeToString(assertion))).documentElement;
  if (!encrypted) {
    throw new Error("Encryption produced no element");
  }
  doc.documentElement?.replaceChild(doc.importNode(encrypted, true), assertion);
  return new XMLSerializer().serializeToString(doc);
}

function parseStrict(xml: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, message: unknown) => {
      if (level !== "warning") {
        errors.push(String(message));
      }
    },
  }).parseFromString(xml, "text/xml");
  if (errors.length > 0 || !doc.documentElement) {
    throw new Error(`Built response is not well-formed XML: ${errors.join("; ")}`);
  }
  return doc;
}

type Attr = readonly [name: string, value: string | null | undefined];

/** Attributes in the given order; null/undefined values are left out. */
function attrs(list: readonly Attr[]): string {
  let out = "";
  for (const [name, value] of list) {
    if (value !== null && value !== undefined) {
      out += ` ${name}="${escapeAttr(value)}"`;
    }
  }
  return out;
}

function escapeText(value: string): string {
  assertXmlChars(value);
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttr(value: string): string {
  assertXmlChars(value);
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

/** XML 1.0 Char production: refuse what no XML document may contain, rather than emit a broken one. */
function assertXmlChars(value: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(value) || hasLoneSurrogate(value)) {
    throw new Error("Value contains characters that XML 1.0 does not allow");
  }
}

function hasLoneSurrogate(value: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

function assertXmlId(id: string, what: string): void {
  // An NCName-like subset: what Entra produces ("_" + UUID) and what every SP's ID lookup accepts.
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(id)) {
    throw new Error(`${what} must be an XML ID (letters, digits, "_", "-", "."; not starting with a digit)`);
  }
}

function newEntraId(): string {
  return `_${randomUUID()}`;
}

function addMinutes(date: Date, minutes: number): Date {
  if (!Number.isFinite(minutes)) {
    throw new RangeError("Minute offsets must be finite numbers");
  }
  return new Date(date.getTime() + minutes * 60_000);
}
