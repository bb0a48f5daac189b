import { createHash, randomBytes, randomUUID } from "node:crypto";

/** A random GUID, lower case, as Entra shows tenant, object and correlation ids. */
export function newGuid(): string {
  return randomUUID();
}

/**
 * A GUID derived from `seed`: the same seed always gives the same GUID. Shaped as a version-4 GUID
 * so that it looks like the ids Entra hands out.
 */
export function guidFromSeed(seed: string): string {
  const bytes = createHash("sha256").update(seed, "utf8").digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
