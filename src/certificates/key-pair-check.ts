import { createPrivateKey, X509Certificate } from "node:crypto";

/**
 * Why a certificate and private key given as PEM (a seed file with exported SP keys) cannot be
 * used as one key pair; null when they can. Only RSA: Entra verifies RSA-SHA256 and wraps with RSA-OAEP.
 */
export function keyPairProblem(certificatePem: string, privateKeyPem: string): string | null {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    return "certificate: not a PEM certificate";
  }
  if (certificate.publicKey.asymmetricKeyType !== "rsa") return "certificate: the key must be RSA";
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(privateKeyPem))) {
      return "privateKey: does not belong to the certificate";
    }
  } catch {
    return "privateKey: not a PEM private key";
  }
  return null;
}
