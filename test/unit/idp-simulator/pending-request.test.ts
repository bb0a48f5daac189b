import { describe, expect, it } from "vitest";
import {
  openPendingRequest,
  type PendingRequest,
  sealPendingRequest,
} from "../../../src/idp-simulator/http/pending-request.js";

const SECRET = Buffer.alloc(32, 7);
const PENDING: PendingRequest = {
  tenantId: "t",
  appObjectId: "a",
  requestId: "_r",
  nameIdPolicyFormat: null,
  relayState: "rs",
  loginHint: null,
  expiresAt: 1_000,
};

describe("pending request seal", () => {
  it("round-trips before expiry", () => {
    expect(openPendingRequest(SECRET, sealPendingRequest(SECRET, PENDING), 999)).toEqual({
      ok: true,
      pending: PENDING,
    });
  });

  it("refuses after expiry", () => {
    expect(openPendingRequest(SECRET, sealPendingRequest(SECRET, PENDING), 1_000)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses a changed payload, another secret, and garbage", () => {
    const token = sealPendingRequest(SECRET, PENDING);
    const [, tag] = token.split(".");
    const changed = `${Buffer.from(JSON.stringify({ ...PENDING, requestId: "_x" })).toString("base64url")}.${tag}`;
    expect(openPendingRequest(SECRET, changed, 0)).toEqual({ ok: false, reason: "invalid" });
    expect(openPendingRequest(Buffer.alloc(32, 8), token, 0)).toEqual({ ok: false, reason: "invalid" });
    for (const garbage of ["", ".", "a.b.c", "abc", `${token}x`]) {
      expect(openPendingRequest(SECRET, garbage, 0).ok).toBe(false);
    }
  });
});
