/** An account's SP key pairs (mock only): the model the key service, metadata and engine share. */

/** What an SP key pair of an account is for: signing AuthnRequests, or decrypting assertions. */
export type SpKeyUse = "signing" | "encryption";

/**
 * One SP key pair of an account (mock only: Mitel's portals have no such keys). The private key is
 * kept in the database like the service's generated secrets; never shown, exported only on request.
 */
export interface SpKeyRecord {
  id: string;
  accountId: string;
  use: SpKeyUse;
  /** PEM, "-----BEGIN CERTIFICATE-----". */
  certificatePem: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** The one key of its use that signs (signing) or is advertised first (encryption). */
  active: boolean;
  createdAt: number;
}
