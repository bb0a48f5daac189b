/**
 * Turns "this user signs in to this application for this AuthnRequest" into the SAML Response Entra
 * would post, honouring the application's settings (signing option and algorithm, Name ID source and
 * format, the active certificate) and its fault injection switches.
 */
import { createHmac } from "node:crypto";
import { guidFromSeed, newGuid } from "../state/ids.js";
import {
  activeCertificate,
  activeTokenEncryptionCertificate,
  type SimApp,
  type SimCertificate,
  type SimTenant,
  type SimUser,
} from "../state/model.js";
import {
  type BuiltResponse,
  buildSignedResponse,
  defaultEntraIssuer,
  entraUserClaims,
  NAME_ID_FORMAT,
  type ResponseInput,
  SAML_STATUS,
} from "./build-response.js";
import { encryptAssertion } from "./encrypt-assertion.js";
import { entraTimestamp, faultStatus } from "./entra-errors.js";
import { tamperingOf } from "./tampering.js";

/** What the wrong-Audience fault puts in the Audience. */
export const WRONG_AUDIENCE = "urn:entra-sim:wrong-audience";
/** What the wrong-Recipient fault puts in Recipient and Destination. */
export const WRONG_RECIPIENT = "https://wrong-recipient.entra-sim.invalid/saml/acs";

const EXPIRED_WINDOW = { notBefore: -125, notOnOrAfter: -65 } as const;
const NOT_YET_VALID_WINDOW = { notBefore: 60, notOnOrAfter: 125 } as const;

export interface IssueResponseInput {
  tenant: SimTenant;
  app: SimApp;
  user: SimUser;
  /** The AuthnRequest's ID (InResponseTo); null for an IdP-initiated sign-in. */
  requestId: string | null;
  /** NameIDPolicy@Format of the request, if any. */
  requestedNameIdFormat: string | null;
  /** The simulator's clock; the clock-offset fault is applied here. */
  now: Date;
  /** Key for the opaque persistent NameID (stable per user and application). */
  secret: Buffer;
  /** Fixed ids for tests. */
  ids?: ResponseInput["ids"];
}

export interface IssuedResponse {
  response: BuiltResponse;
  /** Where the browser posts it: the application's Reply URL. */
  postTo: string;
  nameId: string;
  nameIdFormat: string;
  /** The certificate that signed it; null when unsigned. */
  signedWith: SimCertificate | null;
  /** Thumbprint of the certificate the assertion was encrypted for; null when not encrypted. */
  encryptedFor: string | null;
}

export function issueResponse(input: IssueResponseInput): IssuedResponse {
  const { tenant, app, user } = input;
  const faults = app.faults;
  const now = new Date(input.now.getTime() + faults.clockOffsetMinutes * 60_000);
  const nameId = chooseNameId(input);
  const signingCertificate = faults.noSignature
    ? null
    : faults.signWithNonActiveCertificate
      ? nonActiveCertificate(app)
      : activeCertificate(app);

  const responseInput: ResponseInput = {
    tenantId: tenant.id,
    destination: faults.wrongRecipient ? WRONG_RECIPIENT : app.replyUrl,
    recipient: faults.wrongRecipient ? WRONG_RECIPIENT : app.replyUrl,
    audience: faults.wrongAudience ? WRONG_AUDIENCE : app.identifier,
    inResponseTo: input.requestId,
    nameId: nameId.value,
    nameIdFormat: nameId.format,
    claims: entraUserClaims({
      tenantId: tenant.id,
      objectId: user.objectId,
      displayName: user.displayName,
      givenName: user.givenName ?? undefined,
      surname: user.surname ?? undefined,
      emailAddress: faults.emailClaimMissing ? undefined : (user.mail ?? undefined),
      name: user.userPrincipalName,
    }),
    now,
    signing: {
      mode: signingCertificate ? app.signingMode : "none",
      algorithm: app.signingAlgorithm,
      // Unsigned responses still need a key pair for the builder's checks; it is not used.
      privateKeyPem: (signingCertificate ?? activeCertificate(app)).privateKeyPem,
      certificatePem: (signingCertificate ?? activeCertificate(app)).certificatePem,
    },
  };
  if (faults.wrongIssuer) {
    responseInput.issuer = defaultEntraIssuer(wrongTenantId(tenant.id));
  }
  if (faults.expired) {
    responseInput.validityOffsetMinutes = { ...EXPIRED_WINDOW };
  } else if (faults.notYetValid) {
    responseInput.validityOffsetMinutes = { ...NOT_YET_VALID_WINDOW };
  }
  const unsatisfiable = unsatisfiableNameIdPolicy(input, nameId.value);
  if (unsatisfiable) {
    responseInput.status = {
      ...unsatisfiable,
      message: `${unsatisfiable.message}\nTrace ID: ${newGuid()}\nCorrelation ID: ${newGuid()}\nTimestamp: ${entraTimestamp(now)}`,
    };
  } else if (faults.errorStatus) {
    const status = faultStatus(faults.errorStatus, {
      appName: app.displayName,
      appId: app.appId,
      upn: user.userPrincipalName,
    });
    responseInput.status = {
      code: status.code,
      subCode: status.subCode,
      message: `${status.message}\nTrace ID: ${newGuid()}\nCorrelation ID: ${newGuid()}\nTimestamp: ${entraTimestamp(now)}`,
    };
  }
  if (input.ids) {
    responseInput.ids = input.ids;
  }
  const encryptFor = tokenEncryptionCertificate(app);
  if (encryptFor) {
    responseInput.encryptAssertion = (assertion) => encryptAssertion(assertion, encryptFor.certificatePem);
  }

  return {
    response: buildTampered(responseInput, app),
    postTo: app.replyUrl,
    nameId: nameId.value,
    nameIdFormat: nameId.format,
    signedWith: signingCertificate,
    encryptedFor: encryptFor?.thumbprint ?? null,
  };
}

/** The response as built and signed, then tampered with when the application's tampering fault says so. */
function buildTampered(input: ResponseInput, app: SimApp): BuiltResponse {
  const tampering = app.faults.tampering ? tamperingOf(app.faults.tampering) : null;
  const finalInput = tampering?.beforeSigning ? tampering.beforeSigning(input) : input;
  const built = buildSignedResponse(finalInput);
  if (!tampering?.afterSigning) return built;
  const xml = tampering.afterSigning(built.xml, finalInput);
  return { ...built, xml, base64: Buffer.from(xml, "utf8").toString("base64") };
}

/**
 * Token encryption: the active token encryption certificate; with the unknown-certificate fault,
 * one the application never had (the simulator's never-published certificate).
 */
function tokenEncryptionCertificate(app: SimApp): { certificatePem: string; thumbprint: string } | undefined {
  if (app.faults.encryptWithUnknownCertificate) {
    if (!app.strayCertificate) {
      throw new Error(`Application ${app.id} has no certificate for the unknown-certificate fault`);
    }
    return app.strayCertificate;
  }
  return activeTokenEncryptionCertificate(app);
}

/**
 * The opaque "persistent" identifier of a user for one application: stable, different per
 * application, and revealing nothing about the user (like Entra's pairwise identifiers).
 */
export function persistentNameId(secret: Buffer, app: SimApp, user: SimUser): string {
  return createHmac("sha256", secret)
    .update(`entra-sim persistent nameid\n${app.tenantId}\n${app.id}\n${user.objectId}`)
    .digest("base64")
    .replace(/=+$/, "");
}

/** A tenant id that is not this tenant's, stable per tenant: the wrong-Issuer fault's issuer. */
export function wrongTenantId(tenantId: string): string {
  return guidFromSeed(`entra-sim wrong issuer ${tenantId}`);
}

/** The certificate the non-active fault signs with: the newest inactive one, else the stray one. */
export function nonActiveCertificate(app: SimApp): SimCertificate {
  const active = activeCertificate(app);
  const inactive = app.certificates
    .filter((certificate) => certificate !== active)
    .sort((a, b) => b.createdAt - a.createdAt)[0];
  const chosen = inactive ?? app.strayCertificate;
  if (!chosen) {
    throw new Error(`Application ${app.id} has no non-active certificate to sign with`);
  }
  return chosen;
}

/**
 * A NameIDPolicy Entra can read but not satisfy for this application: emailAddress asked for while
 * the application's Name identifier (Attributes & Claims, format "Default") is not an email
 * address, e.g. user.objectid-based persistent. Entra then answers with an error status instead of
 * an assertion (the wording is the simulator's; the code is the one Entra uses for NameIDPolicy).
 */
function unsatisfiableNameIdPolicy(
  input: IssueResponseInput,
  nameIdValue: string,
): { code: string; subCode: string; message: string } | null {
  if (input.requestedNameIdFormat !== NAME_ID_FORMAT.emailAddress) return null;
  if (input.app.nameIdFormat !== "default" || input.app.faults.persistentNameId) return null;
  if (/^[^@\s]+@[^@\s]+$/.test(nameIdValue)) return null;
  return {
    code: SAML_STATUS.requester,
    subCode: SAML_STATUS.invalidNameIdPolicy,
    message: `AADSTS75016: SAML2 Authentication Request has an invalid NameIdPolicy. The requested format '${NAME_ID_FORMAT.emailAddress}' cannot be satisfied: the application '${input.app.appId}' sends its Name identifier (${input.app.nameIdSource}) as a value that is not an email address.`,
  };
}

const REQUESTABLE_FORMATS: ReadonlyMap<string, string> = new Map([
  [NAME_ID_FORMAT.emailAddress, NAME_ID_FORMAT.emailAddress],
  [NAME_ID_FORMAT.persistent, NAME_ID_FORMAT.persistent],
  [NAME_ID_FORMAT.transient, NAME_ID_FORMAT.transient],
]);

function chooseNameId(input: IssueResponseInput): { value: string; format: string } {
  const { app, user } = input;
  const opaque = persistentNameId(input.secret, app, user);
  if (app.faults.persistentNameId) {
    return { value: opaque, format: NAME_ID_FORMAT.persistent };
  }
  const sourceValue =
    app.nameIdSource === "persistent"
      ? opaque
      : app.nameIdSource === "user.mail"
        ? (user.mail ?? user.userPrincipalName)
        : user.userPrincipalName;

  // A format chosen in Attributes & Claims wins; with "Default", the request's NameIDPolicy is
  // honoured (unspecified leaves the choice to Entra), else the source's own format.
  let format: string;
  if (app.nameIdFormat !== "default") {
    format = NAME_ID_FORMAT[app.nameIdFormat];
  } else {
    const requested =
      input.requestedNameIdFormat === null ? undefined : REQUESTABLE_FORMATS.get(input.requestedNameIdFormat);
    format =
      requested ??
      (app.nameIdSource === "persistent" ? NAME_ID_FORMAT.persistent : NAME_ID_FORMAT.emailAddress);
  }
  if (format === NAME_ID_FORMAT.transient) {
    return { value: `_${newGuid().replace(/-/g, "")}`, format };
  }
  return { value: sourceValue, format };
}
