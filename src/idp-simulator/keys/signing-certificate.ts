/**
 * Key material for the offline Entra simulator: a self-signed RSA-2048 certificate shaped like the
 * one Entra ID creates for a non-gallery/gallery SAML application ("CN=Microsoft Azure Federated SSO
 * Certificate", sha256WithRSAEncryption, valid three years), and the two download formats the Entra
 * portal offers for it ("Certificate (Base64)" and "Certificate (Raw)").
 *
 * This file belongs to the simulator side: it must not import SP code (src/saml, src/http,
 * src/certificates, ...), so that a bug on one side cannot hide itself on the other.
 */
import { createHash, webcrypto, X509Certificate } from "node:crypto";

/**
 * @peculiar/x509 (with its reflect-metadata polyfill) takes ~80 ms to load and is needed only to
 * create a certificate: once per simulated app, not on an ordinary start.
 */
async function loadX509(): Promise<typeof import("@peculiar/x509")> {
  await import("reflect-metadata");
  return import("@peculiar/x509");
}

export const ENTRA_SIGNING_CERTIFICATE_SUBJECT = "CN=Microsoft Azure Federated SSO Certificate";

export interface GenerateSigningCertificateOptions {
  /** Start of validity. Defaults to now; X.509 time has whole seconds, so milliseconds are dropped. */
  notBefore?: Date;
  /** Validity in years (calendar years, UTC). Defaults to 3, like Entra. */
  years?: number;
  /** Subject and issuer distinguished name. Defaults to Entra's. */
  subject?: string;
}

export interface GeneratedSigningCertificate {
  /** PEM, "-----BEGIN CERTIFICATE-----", LF line endings, 64 columns. */
  certificatePem: string;
  /** PKCS#8 PEM, "-----BEGIN PRIVATE KEY-----". */
  privateKeyPem: string;
  /** SHA-1 over the DER, upper-case hex without separators: what the Entra portal shows as "Thumbprint". */
  sha1Thumbprint: string;
  notBefore: Date;
  notAfter: Date;
}

const RSA_ALGORITHM = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
} as const;

/** Web Crypto from Node, typed as the DOM `Crypto` that @peculiar/x509 expects. */
const nodeCrypto = webcrypto as unknown as Crypto;

export async function generateSigningCertificate(
  opts: GenerateSigningCertificateOptions = {},
): Promise<GeneratedSigningCertificate> {
  const years = opts.years ?? 3;
  if (!Number.isInteger(years) || years < 1 || years > 100) {
    throw new RangeError(`years must be an integer from 1 to 100, got ${String(years)}`);
  }
  const subject = opts.subject ?? ENTRA_SIGNING_CERTIFICATE_SUBJECT;
  const notBefore = new Date(opts.notBefore ?? Date.now());
  if (Number.isNaN(notBefore.getTime())) {
    throw new RangeError("notBefore is not a valid date");
  }
  notBefore.setUTCMilliseconds(0);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);

  // The key is generated off the main thread; the library loads meanwhile.
  const generating = nodeCrypto.subtle.generateKey(RSA_ALGORITHM, true, ["sign", "verify"]);
  generating.catch(() => undefined); // awaited below; this only keeps a failure while loading quiet
  const x509 = await loadX509();
  const keys = await generating;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialNumberHex(),
      name: subject,
      notBefore,
      notAfter,
      signingAlgorithm: RSA_ALGORITHM,
      keys,
      // @peculiar/x509 always writes the extensions field; left empty it would be an empty SEQUENCE,
      // which RFC 5280 forbids (SIZE (1..MAX)) and strict parsers refuse. A subject key identifier
      // is the most neutral extension to put there.
      extensions: [await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeCrypto)],
    },
    nodeCrypto,
  );

  const pkcs8 = await nodeCrypto.subtle.exportKey("pkcs8", keys.privateKey);
  const der = Buffer.from(certificate.rawData);
  return {
    certificatePem: `${certificate.toString("pem")}\n`,
    privateKeyPem: `${x509.PemConverter.encode(pkcs8, "PRIVATE KEY")}\n`,
    sha1Thumbprint: createHash("sha1").update(der).digest("hex").toUpperCase(),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}

/**
 * Exactly what the Entra portal's "Certificate (Base64)" download contains: PEM armour with CRLF line
 * endings, the body in 76-column lines (the .NET `Base64FormattingOptions.InsertLineBreaks` layout),
 * and a trailing CRLF.
 */
export function certificateToEntraBase64(pem: string): string {
  const body = certificateToDer(pem).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 76) {
    lines.push(body.slice(i, i + 76));
  }
  return `-----BEGIN CERTIFICATE-----\r\n${lines.join("\r\n")}\r\n-----END CERTIFICATE-----\r\n`;
}

/** "Certificate (Raw)": the DER bytes of the certificate. */
export function certificateToDer(pem: string): Buffer {
  const match = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pem);
  const body = match?.[1]?.replace(/\s+/g, "");
  if (!body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) {
    throw new Error("Not a PEM certificate");
  }
  const der = Buffer.from(body, "base64");
  // Parsing proves it is a certificate and not some other DER blob in CERTIFICATE armour.
  new X509Certificate(der);
  return der;
}

/** 16 random bytes, positive as a DER INTEGER (high bit clear) and without a leading zero octet. */
function randomSerialNumberHex(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return Buffer.from(bytes).toString("hex");
}
