import { createHash, randomBytes } from "node:crypto";

/** Short id users can quote to support ("trace id"): 10 base32-ish characters. */
export function newTraceId(): string {
  return randomBytes(8).toString("base64url").replace(/[-_]/g, "x").slice(0, 10).toUpperCase();
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
