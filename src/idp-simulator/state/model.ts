/**
 * What the Entra simulator keeps: a tenant with its users, and one "Mitel Connect" enterprise
 * application per Mitel account. Every type here is stored as JSON in the key/value store, so all
 * fields are plain data (times are epoch milliseconds).
 */
import type { SigningAlgorithm, SigningMode } from "../saml/build-response.js";
import type { TamperingId } from "../saml/tampering.js";

export interface SimUser {
  /** Entra's "Object ID", a GUID. */
  objectId: string;
  /** The user principal name, e.g. B.Simon@contoso.com. */
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  /** "Guest" for an invited external user (UPN <address with _ for @>#EXT#@<tenant>); absent = Member. */
  userType?: "Member" | "Guest";
  createdAt: number;
}

export interface SimTenant {
  /** The tenant (directory) GUID. */
  id: string;
  name: string;
  /** The verified domain users are created under, e.g. contoso.com. */
  primaryDomain: string;
  users: SimUser[];
  createdAt: number;
}

export interface SimCertificate {
  /** SHA-1 over the DER, upper-case hex: what the Entra portal shows as "Thumbprint". */
  thumbprint: string;
  certificatePem: string;
  privateKeyPem: string;
  notBefore: number;
  notAfter: number;
  createdAt: number;
  active: boolean;
}

/**
 * A certificate the admin uploaded to the application (the app's own public key): a SAML Signing
 * Certificate > Verification certificate, or a Token encryption certificate. No private key.
 */
export interface SimUploadedCertificate {
  thumbprint: string;
  certificatePem: string;
  subject: string;
  notAfter: number;
  addedAt: number;
  /** Token encryption: the one certificate Entra encrypts with ("Activate token encryption certificate"). */
  active: boolean;
}

/** "Unique User Identifier (Name ID)" source. `persistent` is an opaque, stable id per user and app. */
export type NameIdSource = "user.userprincipalname" | "user.mail" | "persistent";
export const NAME_ID_SOURCES: readonly NameIdSource[] = ["user.userprincipalname", "user.mail", "persistent"];

/** "Name identifier format". `default` lets the source decide (emailAddress, or persistent for `persistent`). */
export type NameIdFormatChoice = "default" | "emailAddress" | "unspecified" | "persistent" | "transient";
export const NAME_ID_FORMAT_CHOICES: readonly NameIdFormatChoice[] = [
  "default",
  "emailAddress",
  "unspecified",
  "persistent",
  "transient",
];

export const SIGNING_MODES: readonly Exclude<SigningMode, "none">[] = [
  "assertion",
  "response",
  "response-and-assertion",
];
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ["sha256", "sha1"];

/** The AADSTS errors the "non-Success Status" fault can send. */
export type FaultErrorCode = "AADSTS50105" | "AADSTS50126" | "AADSTS53003" | "AADSTS50076";
export const FAULT_ERROR_CODES: readonly FaultErrorCode[] = [
  "AADSTS50105",
  "AADSTS50126",
  "AADSTS53003",
  "AADSTS50076",
];

/** Fault injection, per application; all off by default. */
export interface SimFaults {
  /** Sign with a certificate that is not the active one (an inactive one, else one never published). */
  signWithNonActiveCertificate: boolean;
  /** Conditions and SubjectConfirmationData ended an hour ago. */
  expired: boolean;
  /** Conditions start in an hour. */
  notYetValid: boolean;
  wrongAudience: boolean;
  /** Recipient and Destination name another URL (the form still posts to the Reply URL). */
  wrongRecipient: boolean;
  /** Issuer of another tenant. */
  wrongIssuer: boolean;
  noSignature: boolean;
  /** A non-Success Status carrying this AADSTS error, no assertion; null for none. */
  errorStatus: FaultErrorCode | null;
  /** NameID is the opaque persistent id, format persistent, whatever the claim settings say. */
  persistentNameId: boolean;
  emailClaimMissing: boolean;
  /** The simulator's clock runs this many minutes ahead (negative: behind). 0 is off. */
  clockOffsetMinutes: number;
  /** Token encryption with a certificate the application does not have (a key nobody holds). */
  encryptWithUnknownCertificate: boolean;
  /** A response real Entra never sends (saml/tampering.ts); null for none. */
  tampering: TamperingId | null;
}

export const NO_FAULTS: SimFaults = {
  signWithNonActiveCertificate: false,
  expired: false,
  notYetValid: false,
  wrongAudience: false,
  wrongRecipient: false,
  wrongIssuer: false,
  noSignature: false,
  errorStatus: null,
  persistentNameId: false,
  emailClaimMissing: false,
  clockOffsetMinutes: 0,
  encryptWithUnknownCertificate: false,
  tampering: null,
};

export const MAX_CLOCK_OFFSET_MINUTES = 7 * 24 * 60;

export interface BasicSamlConfiguration {
  /** Identifier (Entity ID). */
  identifier: string;
  /** Reply URL (Assertion Consumer Service URL). */
  replyUrl: string;
  signOnUrl: string;
  relayState: string;
  logoutUrl: string;
}

export interface SimApp extends BasicSamlConfiguration {
  /** The application's object id (a GUID); also used in the simulator's URLs. */
  id: string;
  /** Entra's "Application ID" (a GUID), shown on the overview and in some AADSTS messages. */
  appId: string;
  /** Stable key given by whoever created the app (the Mitel account id). */
  key: string;
  tenantId: string;
  displayName: string;
  /** The gallery application it was added from; null for a non-gallery ("Create your own") app. */
  galleryApp: "Mitel Connect" | null;
  signingMode: Exclude<SigningMode, "none">;
  signingAlgorithm: SigningAlgorithm;
  certificates: SimCertificate[];
  /** A certificate never published in metadata, for the non-active-certificate fault when no inactive one exists. */
  strayCertificate: SimCertificate | null;
  nameIdSource: NameIdSource;
  nameIdFormat: NameIdFormatChoice;
  /** "Assignment required?" */
  assignmentRequired: boolean;
  /** Object ids of assigned users. */
  assignedUserIds: string[];
  faults: SimFaults;
  /** SAML Signing Certificate > Verification certificates (the app's request-signing certificates). */
  verificationCertificates: SimUploadedCertificate[];
  /** "Require verification certificates": unsigned or unverifiable AuthnRequests are refused. */
  requireVerificationCertificates: boolean;
  /** Token encryption certificates; the active one encrypts every assertion. */
  tokenEncryptionCertificates: SimUploadedCertificate[];
  createdAt: number;
  updatedAt: number;
}

export function activeCertificate(app: SimApp): SimCertificate {
  const active = app.certificates.find((certificate) => certificate.active) ?? app.certificates[0];
  if (!active) {
    throw new Error(`Application ${app.id} has no signing certificate`);
  }
  return active;
}

/** Active first, then the others newest first: the order of Federation Metadata XML. */
export function certificatesActiveFirst(app: SimApp): SimCertificate[] {
  const active = activeCertificate(app);
  const others = app.certificates
    .filter((certificate) => certificate !== active)
    .sort((a, b) => b.createdAt - a.createdAt);
  return [active, ...others];
}

/** The certificate assertions are encrypted with, or undefined: Token encryption is off. */
export function activeTokenEncryptionCertificate(app: SimApp): SimUploadedCertificate | undefined {
  return app.tokenEncryptionCertificates.find((certificate) => certificate.active);
}

export function findUserByUpn(tenant: SimTenant, upn: string): SimUser | undefined {
  const wanted = upn.trim().toLowerCase();
  return tenant.users.find((user) => user.userPrincipalName.toLowerCase() === wanted);
}

export function findUserById(tenant: SimTenant, objectId: string): SimUser | undefined {
  return tenant.users.find((user) => user.objectId === objectId);
}

export function isAssigned(app: SimApp, user: SimUser): boolean {
  return app.assignedUserIds.includes(user.objectId);
}

export function entraIdentifier(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}
