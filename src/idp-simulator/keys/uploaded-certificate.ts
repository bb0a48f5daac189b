/**
 * A certificate an admin uploads to the simulated Entra application, as the portal takes it: a
 * .cer file, Base64 (PEM, with or without the BEGIN/END lines) — the browser reads the picked file
 * into the text box. Only an RSA public key is of use (RSA-SHA256 request signatures, RSA-OAEP
 * key transport). Simulator-side: imports nothing from the SP.
 */
import { X509Certificate } from "node:crypto";
import type { SimUploadedCertificate } from "../state/model.js";

/** Far above any certificate (a few KB); the form refuses more before parsing. */
export const MAX_UPLOAD_CHARS = 20_000;

export type UploadedCertificateParse =
  | { ok: true; certificate: Omit<SimUploadedCertificate, "addedAt" | "active"> }
  | { ok: false; error: string };

export function parseUploadedCertificate(text: string): UploadedCertificateParse {
  if (text.length > MAX_UPLOAD_CHARS) {
    return { ok: false, error: "That is too long for a certificate: upload the .cer file (Base64) only." };
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    return {
      ok: false,
      error:
        "That is a private key. Upload only the certificate (public key); the private key stays with the application.",
    };
  }
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  const body = (pem ? pem[1] : text)?.replace(/\s+/g, "") ?? "";
  if (body === "") return { ok: false, error: "Choose a certificate file (.cer, Base64) or paste its text." };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) {
    return { ok: false, error: "This is not a Base64 certificate (.cer with BEGIN CERTIFICATE lines)." };
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(Buffer.from(body, "base64"));
  } catch {
    return { ok: false, error: "This Base64 text is not an X.509 certificate." };
  }
  if (x509.publicKey.asymmetricKeyType !== "rsa") {
    return {
      ok: false,
      error: "The certificate's key must be RSA: Entra verifies and encrypts with RSA only.",
    };
  }
  const lines = body.match(/.{1,64}/g) ?? [];
  return {
    ok: true,
    certificate: {
      thumbprint: x509.fingerprint.replace(/:/g, "").toUpperCase(),
      certificatePem: `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`,
      subject: x509.subject.replace(/\n/g, ", "),
      notAfter: Date.parse(x509.validTo),
    },
  };
}
