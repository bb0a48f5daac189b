import type { KeyObject } from "node:crypto";

/** OpenSSL curve names as people know them from Entra and NIST ("P-256"), not as OpenSSL spells them. */
const CURVE_NAMES: Record<string, string> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
};

/** A short label such as "RSA 2048" or "EC P-256", shown next to a pasted certificate. */
export function describePublicKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case "rsa":
      return `RSA ${details.modulusLength ?? "?"}`;
    case "rsa-pss":
      return `RSA-PSS ${details.modulusLength ?? "?"}`;
    case "dsa":
      return `DSA ${details.modulusLength ?? "?"}`;
    case "ec": {
      const curve = details.namedCurve ?? "?";
      return `EC ${CURVE_NAMES[curve] ?? curve}`;
    }
    case "ed25519":
      return "Ed25519";
    case "ed448":
      return "Ed448";
    default:
      return key.asymmetricKeyType?.toUpperCase() ?? "unknown";
  }
}
