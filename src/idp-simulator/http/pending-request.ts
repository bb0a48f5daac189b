/**
 * The AuthnRequest waiting for the user to pick who signs in. It travels in a hidden form field,
 * sealed with an HMAC under the simulator's secret, so the browser cannot change the request ID, the
 * application or the relay state between the request and the sign-in (and nothing needs cleaning up
 * in storage). The Reply URL is not carried: it is read from the application at sign-in time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface PendingRequest {
  tenantId: string;
  /** The application's object id. */
  appObjectId: string;
  /** The AuthnRequest's ID; null for an IdP-initiated sign-in (no request: the response answers none). */
  requestId: string | null;
  nameIdPolicyFormat: string | null;
  /** ForceAuthn="true": the simulator's session is not offered; the user signs in afresh. */
  forceAuthn?: boolean;
  relayState: string | null;
  loginHint: string | null;
  expiresAt: number;
}

/** How long the sign-in page stays usable. */
export const PENDING_REQUEST_TTL_MS = 30 * 60_000;

export type OpenedPendingRequest =
  | { ok: true; pending: PendingRequest }
  | { ok: false; reason: "invalid" | "expired" };

export function sealPendingRequest(secret: Buffer, pending: PendingRequest): string {
  const payload = Buffer.from(JSON.stringify(pending), "utf8").toString("base64url");
  return `${payload}.${mac(secret, payload)}`;
}

export function openPendingRequest(secret: Buffer, token: string, now: number): OpenedPendingRequest {
  const [payload, tag, extra] = token.split(".");
  if (!payload || !tag || extra !== undefined) {
    return { ok: false, reason: "invalid" };
  }
  const expected = Buffer.from(mac(secret, payload), "utf8");
  const actual = Buffer.from(tag, "utf8");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return { ok: false, reason: "invalid" };
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (!isPendingRequest(value)) {
    return { ok: false, reason: "invalid" };
  }
  if (value.expiresAt <= now) {
    return { ok: false, reason: "expired" };
  }
  return { ok: true, pending: value };
}

function mac(secret: Buffer, payload: string): string {
  const key = createHmac("sha256", secret).update("entra-sim pending-request v1").digest();
  return createHmac("sha256", key).update(payload, "utf8").digest("base64url");
}

function isPendingRequest(value: unknown): value is PendingRequest {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  const stringOrNull = (x: unknown) => x === null || typeof x === "string";
  return (
    typeof v.tenantId === "string" &&
    typeof v.appObjectId === "string" &&
    stringOrNull(v.requestId) &&
    stringOrNull(v.nameIdPolicyFormat) &&
    stringOrNull(v.relayState) &&
    stringOrNull(v.loginHint) &&
    typeof v.expiresAt === "number"
  );
}
