/**
 * A self-signed RSA-2048 certificate and its private key for one SP key pair of an account: what a
 * service provider hands Entra as a request-signing ("Verification certificates") or token
 * encryption certificate. Entra only reads the public key from it, so self-signed is what SPs use.
 */
import { randomBytes, webcrypto } from "node:crypto";
import type { SpKeyUse } from "../../domain/sp-key.js";

export interface GeneratedSpKeyPair {
  certificatePem: string;
  privateKeyPem: string;
}

/** Ten years: an SP key is rotated by choice (this service's overlap), not by expiry. */
const VALIDITY_YEARS = 10;

const nodeCrypto = webcrypto as unknown as Crypto;

/** Loaded on first use only: @peculiar/x509 with its polyfill costs ~80 ms to load. */
async function loadX509(): Promise<typeof import("@peculiar/x509")> {
  await import("reflect-metadata");
  return import("@peculiar/x509");
}

export async function generateSpKeyPair(
  accountId: string,
  use: SpKeyUse,
  now: Date = new Date(),
): Promise<GeneratedSpKeyPair> {
  // One RSA key type serves both uses: RSA-SHA256 request signatures and RSA-OAEP key transport.
  const algorithm = {
    name: "RSASSA-PKCS1-v1_5",
    hash: "SHA-256",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
  } as const;
  const generating = nodeCrypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  generating.catch(() => undefined); // awaited below
  const x509 = await loadX509();
  const keys = await generating;
  const notBefore = new Date(now);
  notBefore.setUTCMilliseconds(0);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40; // positive, no leading zero octet
  const purpose = use === "signing" ? "AuthnRequest signing" : "assertion encryption";
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial.toString("hex"),
      name: `CN=mitel-mock-sp ${accountId} ${purpose}`,
      notBefore,
      notAfter,
      signingAlgorithm: algorithm,
      keys,
      extensions: [
        new x509.KeyUsagesExtension(
          use === "signing" ? x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.keyEncipherment,
          false,
        ),
      ],
    },
    nodeCrypto,
  );
  const pkcs8 = await nodeCrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return {
    certificatePem: `${certificate.toString("pem")}\n`,
    privateKeyPem: `${x509.PemConverter.encode(pkcs8, "PRIVATE KEY")}\n`,
  };
}
