import { createHash, X509Certificate } from "node:crypto";
import { parseCertificateTime } from "./certificate-time.js";
import { derToPem } from "./pem-encoding.js";
import { describePublicKey } from "./public-key-description.js";

/** What the portal shows about a signing certificate, and what the SP keeps to verify signatures. */
export interface CertificateInfo {
  /** Normalised PEM: BEGIN/END lines, 64-column base64, LF endings, trailing newline. */
  pem: string;
  /** e.g. "CN=Microsoft Azure Federated SSO Certificate" (several parts joined with ", "). */
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
  /** Uppercase hex without separators: the form Entra shows as "Thumbprint". */
  sha1Thumbprint: string;
  sha256Thumbprint: string;
  /** Uppercase hex, as node reports it. */
  serialNumber: string;
  /** e.g. "RSA 2048" or "EC P-256". */
  publicKeyAlgorithm: string;
}

/**
 * Node prints names one attribute per line ("CN=...\nO=..."). Joined with ", " they read like the
 * subject in Entra and Windows; node escapes commas inside values ("Smith\, John"), so the
 * joined form stays unambiguous.
 */
export function formatDistinguishedName(nodeName: string): string {
  return nodeName
    .split("\n")
    .filter((part) => part !== "")
    .join(", ");
}

function thumbprint(algorithm: "sha1" | "sha256", der: Buffer): string {
  return createHash(algorithm).update(der).digest("hex").toUpperCase();
}

function infoFromX509(cert: X509Certificate): CertificateInfo {
  return {
    pem: derToPem(cert.raw),
    subject: formatDistinguishedName(cert.subject),
    issuer: formatDistinguishedName(cert.issuer),
    validFrom: parseCertificateTime(cert.validFrom),
    validTo: parseCertificateTime(cert.validTo),
    sha1Thumbprint: thumbprint("sha1", cert.raw),
    sha256Thumbprint: thumbprint("sha256", cert.raw),
    serialNumber: cert.serialNumber.toUpperCase(),
    publicKeyAlgorithm: describePublicKey(cert.publicKey),
  };
}

/**
 * Reading a certificate costs about 0.3 ms of X.509 parsing and hashing, and the same few
 * certificates (an account's configured ones, the one in every response's KeyInfo) come back on
 * every sign-in. Descriptions are kept by input text, bounded so that a stream of different
 * certificates cannot grow memory; failures are not kept. Callers get their own copy.
 */
const CACHE_LIMIT = 256;
const described = new Map<string, CertificateInfo>();

function cached(key: string, read: () => CertificateInfo): CertificateInfo {
  let info = described.get(key);
  if (info === undefined) {
    info = read();
    if (described.size >= CACHE_LIMIT) {
      const oldest = described.keys().next();
      if (!oldest.done) described.delete(oldest.value);
    }
    described.set(key, info);
  }
  return { ...info, validFrom: new Date(info.validFrom), validTo: new Date(info.validTo) };
}

/** Describes a stored PEM certificate (the first one, when the text holds several). Throws when it is not one. */
export function describeCertificate(pem: string): CertificateInfo {
  return cached(`pem:${pem}`, () => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch (cause) {
      throw new Error("describeCertificate: the text is not a PEM X.509 certificate", { cause });
    }
    return infoFromX509(cert);
  });
}

/** Describes exactly one DER-encoded certificate. Throws when the bytes are anything else. */
export function certificateFromDer(der: Buffer): CertificateInfo {
  return cached(`der:${der.toString("base64")}`, () => {
    const cert = new X509Certificate(der);
    // Node reads the first certificate and ignores whatever follows it (and would even accept PEM
    // text here). Bytes left over mean a damaged or glued-together paste, not one certificate.
    if (!cert.raw.equals(der)) {
      throw new Error("certificateFromDer: the bytes are not exactly one DER certificate");
    }
    return infoFromX509(cert);
  });
}
