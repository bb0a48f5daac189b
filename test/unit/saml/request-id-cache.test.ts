/** The InResponseTo cache over storage: what it answers, and one read for node-saml's two questions. */
import { describe, expect, it } from "vitest";
import type { AuthnRequestRecord } from "../../../src/domain/authn-request.js";
import { createRequestIdCache } from "../../../src/saml/request-id-cache.js";
import type { AuthnRequestStore } from "../../../src/storage/ports.js";

function memoryStore(records: AuthnRequestRecord[]) {
  let reads = 0;
  const store: AuthnRequestStore = {
    async save() {},
    async get(accountId, id) {
      reads++;
      return records.find((r) => r.accountId === accountId && r.id === id);
    },
    async consume() {
      return undefined;
    },
    async deleteExpired() {
      return 0;
    },
  };
  return { store, reads: () => reads };
}

const request = (over: Partial<AuthnRequestRecord> = {}): AuthnRequestRecord => ({
  id: "_req1",
  accountId: "acme",
  browserBindingHash: null,
  relayState: null,
  loginHint: null,
  createdAt: 1_000,
  expiresAt: 601_000,
  consumedAt: null,
  ...over,
});

describe("createRequestIdCache", () => {
  it("answers for an unexpired, unconsumed request of its own account only", async () => {
    const { store } = memoryStore([
      request(),
      request({ id: "_used", consumedAt: 2_000 }),
      request({ id: "_old", expiresAt: 1_500 }),
      request({ id: "_other", accountId: "other" }),
    ]);
    const cache = createRequestIdCache(store, "acme", 600_000, () => 5_000);
    expect(await cache.getAsync("_req1")).toBe(new Date(1_000).toISOString());
    expect(await cache.getAsync("_used")).toBeNull();
    expect(await cache.getAsync("_old")).toBeNull();
    expect(await cache.getAsync("_other")).toBeNull();
    expect(await cache.getAsync("_unknown")).toBeNull();
  });

  it("reads storage once for node-saml's two questions about the same ID, again a moment later", async () => {
    const { store, reads } = memoryStore([request()]);
    let now = 5_000;
    const cache = createRequestIdCache(store, "acme", 600_000, () => now);
    const [first, second] = await Promise.all([cache.getAsync("_req1"), cache.getAsync("_req1")]);
    expect(first).toBe(second);
    expect(reads()).toBe(1);
    now += 2_000;
    await cache.getAsync("_req1");
    expect(reads()).toBe(2);
  });

  it("does not remember a failed read", async () => {
    let fail = true;
    const { store } = memoryStore([request()]);
    const flaky: AuthnRequestStore = {
      ...store,
      get: async (accountId, id) => {
        if (fail) throw new Error("database unavailable");
        return store.get(accountId, id);
      },
    };
    const cache = createRequestIdCache(flaky, "acme", 600_000, () => 5_000);
    await expect(cache.getAsync("_req1")).rejects.toThrow("database unavailable");
    fail = false;
    expect(await cache.getAsync("_req1")).toBe(new Date(1_000).toISOString());
  });
});
