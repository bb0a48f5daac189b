import { createPrivateKey, createPublicKey } from "node:crypto";
import { type CertificateInfo, certificateFromDer } from "./certificate-info.js";
import { decodeBase64Strictly } from "./pem-encoding.js";

/**
 * What a block of base64 really holds. Labels can lie (or be missing altogether, for bare base64),
 * so a key wearing a CERTIFICATE label is still reported as the key it is.
 */
export type DerContent =
  | { kind: "certificate"; certificate: CertificateInfo }
  | { kind: "private-key" }
  | { kind: "public-key" }
  | { kind: "unknown" };

function errorCode(error: unknown): unknown {
  return error instanceof Error && "code" in error ? error.code : undefined;
}

function isPrivateKey(der: Buffer): boolean {
  for (const type of ["pkcs8", "pkcs1", "sec1"] as const) {
    try {
      createPrivateKey({ key: der, format: "der", type });
      return true;
    } catch (error) {
      // Node only asks for a passphrase once it has recognised an encrypted PKCS#8 key.
      if (errorCode(error) === "ERR_MISSING_PASSPHRASE") return true;
    }
  }
  return false;
}

function isPublicKey(der: Buffer): boolean {
  for (const type of ["spki", "pkcs1"] as const) {
    try {
      createPublicKey({ key: der, format: "der", type });
      return true;
    } catch {
      // Not this encoding; try the next one.
    }
  }
  return false;
}

export function identifyDer(der: Buffer): DerContent {
  try {
    return { kind: "certificate", certificate: certificateFromDer(der) };
  } catch {
    // Not a certificate; the key checks below tell the admin what it is instead.
  }
  if (isPrivateKey(der)) return { kind: "private-key" };
  if (isPublicKey(der)) return { kind: "public-key" };
  return { kind: "unknown" };
}

export function identifyBase64(text: string): DerContent {
  const der = decodeBase64Strictly(text);
  return der ? identifyDer(der) : { kind: "unknown" };
}
