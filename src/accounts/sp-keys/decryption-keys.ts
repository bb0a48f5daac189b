import { describeCertificate } from "../../certificates/index.js";
import type { AccountRecord } from "../../domain/account.js";
import type { DecryptionKey } from "../../saml/decrypt-assertion.js";
import type { SpKeyStore } from "../../storage/ports.js";

/**
 * The keys the engine may decrypt an account's EncryptedAssertion with: every published encryption
 * key, the active one first (the old one of a rotation keeps working until it is removed); none
 * while Encrypted assertions is off.
 */
export function decryptionKeysFrom(store: Pick<SpKeyStore, "list">) {
  return async (account: AccountRecord): Promise<DecryptionKey[]> => {
    if (!account.sso.encryptedAssertions) return [];
    const keys = await store.list(account.id, "encryption");
    return keys
      .sort((a, b) => Number(b.active) - Number(a.active))
      .map((k) => ({
        id: k.id,
        privateKeyPem: k.privateKeyPem,
        label: `key ${describeCertificate(k.certificatePem).sha1Thumbprint}`,
      }));
  };
}
