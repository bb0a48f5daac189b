/**
 * An account's SP key pairs (mock only): generate, make active, remove, and the rules of a rotation
 * with overlap. Every key of a use stays published in the SP metadata until it is removed, so a new
 * key can be uploaded to Entra and made active while the old one is still accepted there.
 */
import { randomUUID } from "node:crypto";
import { describeCertificate } from "../../certificates/index.js";
import type { AccountRecord } from "../../domain/account.js";
import type { SpKeyRecord, SpKeyUse } from "../../domain/sp-key.js";
import type { SpKeyStore } from "../../storage/ports.js";
import { generateSpKeyPair } from "./generate-sp-key-pair.js";

/** Enough for a rotation (old, new) and a spare; more only clutters Entra's upload list. */
export const MAX_SP_KEYS_PER_USE = 3;

/** A key as the console and the API show it: never its private key. */
export interface SpKeyView {
  id: string;
  use: SpKeyUse;
  active: boolean;
  createdAt: number;
  subject: string;
  sha1Thumbprint: string;
  validFrom: Date;
  validTo: Date;
}

export type SpKeyChange = { ok: true; key?: SpKeyView } | { ok: false; status: 400 | 404; message: string };

export function viewOf(key: SpKeyRecord): SpKeyView {
  const info = describeCertificate(key.certificatePem);
  return {
    id: key.id,
    use: key.use,
    active: key.active,
    createdAt: key.createdAt,
    subject: info.subject,
    sha1Thumbprint: info.sha1Thumbprint,
    validFrom: info.validFrom,
    validTo: info.validTo,
  };
}

/** The setting that turns a use on: the account then needs an active key of that use. */
export function useEnabled(account: AccountRecord, use: SpKeyUse): boolean {
  return use === "signing" ? account.sso.signAuthnRequests : account.sso.encryptedAssertions;
}

export class SpKeyService {
  constructor(
    private readonly store: SpKeyStore,
    private readonly now: () => number,
  ) {}

  list(accountId: string, use?: SpKeyUse): Promise<SpKeyRecord[]> {
    return this.store.list(accountId, use);
  }

  /** The key that signs (signing) or is named first in metadata (encryption), if any. */
  async active(accountId: string, use: SpKeyUse): Promise<SpKeyRecord | undefined> {
    const keys = await this.store.list(accountId, use);
    return keys.find((k) => k.active) ?? keys[0];
  }

  /** A new key pair; the first of its use becomes active, later ones wait to be made active. */
  async create(accountId: string, use: SpKeyUse): Promise<SpKeyChange> {
    const existing = await this.store.list(accountId, use);
    if (existing.length >= MAX_SP_KEYS_PER_USE) {
      return {
        ok: false,
        status: 400,
        message: `An account has at most ${MAX_SP_KEYS_PER_USE} ${use} keys: remove one that is not active first.`,
      };
    }
    const generated = await generateSpKeyPair(accountId, use, new Date(this.now()));
    const record: SpKeyRecord = {
      id: randomUUID(),
      accountId,
      use,
      ...generated,
      active: existing.length === 0,
      createdAt: this.now(),
    };
    await this.store.add(record);
    return { ok: true, key: viewOf(record) };
  }

  /** Adds a key pair given as PEM (a seed file that carries keys); the caller checked the pair. */
  async importKey(key: Omit<SpKeyRecord, "id" | "createdAt">): Promise<void> {
    await this.store.add({ ...key, id: randomUUID(), createdAt: this.now() });
  }

  async activate(accountId: string, id: string): Promise<SpKeyChange> {
    return (await this.store.activate(accountId, id))
      ? { ok: true }
      : { ok: false, status: 404, message: "No such key in this account." };
  }

  /** The active key stays while its use is on: make another one active first (the overlap). */
  async remove(account: AccountRecord, id: string): Promise<SpKeyChange> {
    const key = (await this.store.list(account.id)).find((k) => k.id === id);
    if (!key) return { ok: false, status: 404, message: "No such key in this account." };
    if (key.active && useEnabled(account, key.use)) {
      return {
        ok: false,
        status: 400,
        message:
          key.use === "signing"
            ? "This key signs the AuthnRequests: make another key active first, or turn off Sign AuthnRequests."
            : "This key decrypts the assertions: make another key active first, or turn off Encrypted assertions.",
      };
    }
    await this.store.remove(account.id, id);
    return { ok: true };
  }

  /** Every use the account has turned on gets a key pair if it has none (generated once). */
  async ensureKeysFor(account: AccountRecord): Promise<void> {
    for (const use of ["signing", "encryption"] as const) {
      if (useEnabled(account, use) && (await this.store.list(account.id, use)).length === 0) {
        await this.create(account.id, use);
      }
    }
  }
}
