import { hashPassword } from "../security/passwords.js";
import { newSecret } from "../security/random-ids.js";
import type { KeyValueStore } from "../storage/ports.js";
import type { AppConfig } from "./load-config.js";

/**
 * Secrets not given in the configuration are generated once and kept in storage (the SQLite file
 * under DATA_DIR, or Postgres so that replicas share them). setIfAbsent makes the first replica
 * to start the one that generates them.
 */
export interface Secrets {
  sessionSecret: string;
  adminPasswordHash: string;
  adminToken: string;
  /** Set only on the start that generated the admin password, so it can be printed once. */
  generatedAdminPassword: string | null;
  generatedAdminToken: string | null;
}

const ADMIN_PASSWORD_HASH_KEY = "secret:admin-password-hash";

export async function loadSecrets(config: AppConfig, kv: KeyValueStore): Promise<Secrets> {
  const sessionSecret = config.server.sessionSecret ?? (await kv.setIfAbsent("secret:session", newSecret()));

  let generatedAdminPassword: string | null = null;
  let adminPasswordHash: string;
  if (config.admin.password) {
    adminPasswordHash = await hashPassword(config.admin.password);
  } else {
    // Read first: hashing a candidate costs ~90 ms of scrypt, wasted on every start but the first.
    const stored = await kv.get(ADMIN_PASSWORD_HASH_KEY);
    if (stored !== undefined) adminPasswordHash = stored;
    else {
      const candidate = newSecret(12);
      const candidateHash = await hashPassword(candidate);
      adminPasswordHash = await kv.setIfAbsent(ADMIN_PASSWORD_HASH_KEY, candidateHash);
      if (adminPasswordHash === candidateHash) generatedAdminPassword = candidate;
    }
  }

  let generatedAdminToken: string | null = null;
  let adminToken: string;
  if (config.admin.token) {
    adminToken = config.admin.token;
  } else {
    const candidate = newSecret(24);
    adminToken = await kv.setIfAbsent("secret:admin-token", candidate);
    if (adminToken === candidate) generatedAdminToken = candidate;
  }
  return { sessionSecret, adminPasswordHash, adminToken, generatedAdminPassword, generatedAdminToken };
}
