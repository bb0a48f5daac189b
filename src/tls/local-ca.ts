/**
 * A local certificate authority and a server certificate for chosen hostnames, so a browser can
 * reach this service as https://portal.shoretelsky.com (etc.) without a certificate warning once
 * the CA is trusted. Node's Web Crypto and @peculiar/x509 only: no openssl to install.
 *
 * ECDSA P-256 keys (fast to generate; accepted by every current browser and OS store). The CA is
 * limited to signing server certificates for exactly the names given (a critical Name Constraints
 * extension), so trusting it cannot make a browser accept this CA for any other site, even if its
 * key leaked. Re-running with other names therefore creates a new CA.
 */
import { X509Certificate as NodeX509, randomBytes, webcrypto } from "node:crypto";
import { isIP } from "node:net";

const crypto = webcrypto as unknown as Crypto;
const EC = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGNING = { name: "ECDSA", hash: "SHA-256" } as const;

export const LOCAL_CA_NAME = "mitel-mock-sp local CA";

export interface PemPair {
  certificatePem: string;
  privateKeyPem: string;
}

export interface LocalTls {
  ca: PemPair;
  server: PemPair;
  /** The DNS names and IP addresses in the server certificate. */
  hosts: string[];
  /** The CA's common name (dated, so that a second CA is told apart from the first in a store). */
  caName: string;
}

async function loadX509(): Promise<typeof import("@peculiar/x509")> {
  await import("reflect-metadata");
  return import("@peculiar/x509");
}

/** Checks and normalises the names: lower-case DNS names (a leading "*." allowed) and IP addresses. */
export function parseHosts(list: string[]): { hosts: string[]; error: string | null } {
  const hosts: string[] = [];
  for (const raw of list.flatMap((h) => h.split(","))) {
    const host = raw.trim().toLowerCase();
    if (!host) continue;
    const dns = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
    if (!isIP(host) && !dns.test(host))
      return { hosts, error: `"${raw.trim()}" is not a hostname or IP address` };
    if (!hosts.includes(host)) hosts.push(host);
  }
  if (hosts.length === 0) return { hosts, error: "give at least one hostname" };
  return { hosts, error: null };
}

const serial = () => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  return bytes.toString("hex");
};

/** A new CA (10 years) and a server certificate (397 days, the most browsers accept) for `hosts`. */
export async function createLocalTls(hosts: string[], now: Date = new Date()): Promise<LocalTls> {
  const x509 = await loadX509();
  const [caKeys, serverKeys] = await Promise.all([
    crypto.subtle.generateKey(EC, true, ["sign", "verify"]),
    crypto.subtle.generateKey(EC, true, ["sign", "verify"]),
  ]);
  const notBefore = new Date(now.getTime() - 60_000);
  notBefore.setUTCMilliseconds(0);
  const caNotAfter = new Date(notBefore);
  caNotAfter.setUTCFullYear(caNotAfter.getUTCFullYear() + 10);
  const serverNotAfter = new Date(notBefore.getTime() + 397 * 24 * 3600_000);

  const names = hosts.map((h) =>
    isIP(h) ? { type: "ip" as const, value: h } : { type: "dns" as const, value: h },
  );
  const caName = `${LOCAL_CA_NAME} ${now.toISOString().slice(0, 19).replace("T", " ")}`;
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: `CN=${caName}, O=mitel-mock-sp`,
      notBefore,
      notAfter: caNotAfter,
      signingAlgorithm: SIGNING,
      keys: caKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
        nameConstraints(x509, hosts),
      ],
    },
    crypto,
  );
  const server = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: `CN=${hosts[0] ?? "localhost"}`,
      issuer: ca.subject,
      notBefore,
      notAfter: serverNotAfter,
      signingAlgorithm: SIGNING,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(names, false),
        await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const pem = async (key: CryptoKey) =>
    `${x509.PemConverter.encode(await crypto.subtle.exportKey("pkcs8", key), "PRIVATE KEY")}\n`;
  return {
    ca: { certificatePem: `${ca.toString("pem")}\n`, privateKeyPem: await pem(caKeys.privateKey) },
    server: {
      certificatePem: `${server.toString("pem")}\n`,
      privateKeyPem: await pem(serverKeys.privateKey),
    },
    hosts,
    caName,
  };
}

/**
 * Name Constraints (RFC 5280 4.2.1.10), permitted subtrees only: each DNS name exactly (a leading
 * "*." permits that domain's names), each IP address as a /32 (or /128). Written by hand in DER:
 * @peculiar/x509 has no builder for it, and the structure is small.
 */
function nameConstraints(x509: typeof import("@peculiar/x509"), hosts: string[]) {
  const subtrees = hosts.map((host) => {
    let base: Buffer;
    if (isIP(host) === 4) {
      base = tlv(0x87, Buffer.from([...host.split(".").map(Number), 255, 255, 255, 255]));
    } else if (isIP(host) === 6) {
      const bytes = ipv6Bytes(host);
      base = tlv(0x87, Buffer.concat([bytes, Buffer.alloc(16, 0xff)]));
    } else {
      base = tlv(0x82, Buffer.from(host.startsWith("*.") ? host.slice(2) : host, "ascii"));
    }
    return tlv(0x30, base); // GeneralSubtree ::= SEQUENCE { base GeneralName }
  });
  const value = tlv(0x30, tlv(0xa0, Buffer.concat(subtrees))); // NameConstraints { permittedSubtrees [0] }
  return new x509.Extension("2.5.29.30", true, new Uint8Array(value));
}

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

function ipv6Bytes(host: string): Buffer {
  const [head = "", tail = ""] = host.split("::");
  const part = (s: string) => (s ? s.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const groups = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  const out = Buffer.alloc(16);
  for (const [i, g] of groups.entries()) out.writeUInt16BE(g, i * 2);
  return out;
}

/** SHA-256 fingerprint of a certificate, as browsers and OS dialogs show it (AA:BB:…). */
export function fingerprint256(pem: string): string {
  return new NodeX509(pem).fingerprint256;
}
