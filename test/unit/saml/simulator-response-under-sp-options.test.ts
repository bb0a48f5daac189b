import { SAML } from "@node-saml/node-saml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type AccountRecord, DEFAULT_SSO_SETTINGS } from "../../../src/domain/account.js";
import type { AuthnRequestRecord } from "../../../src/domain/authn-request.js";
import { createRequestIdCache } from "../../../src/saml/request-id-cache.js";
import { buildSamlOptions } from "../../../src/saml/saml-options.js";
import type { AuthnRequestStore } from "../../../src/storage/ports.js";
import { signTestResponse, TEST_IDP } from "../../helpers/test-idp.js";

/**
 * The simulator's Entra-shaped output must validate under the SP's own node-saml options (built
 * by buildSamlOptions, exactly as the ACS builds them), at a fixed time.
 */
const FIXED_NOW = new Date("2026-11-26T10:00:00.000Z");
const PUBLIC_URL = "http://localhost:3000";

const account: AccountRecord = {
  id: "golden-micloud",
  platform: "micloud",
  displayName: "Golden",
  sso: {
    ...DEFAULT_SSO_SETTINGS,
    enabled: true,
    idpSignInUrl: TEST_IDP.signInUrl,
    idpEntityId: TEST_IDP.entityId,
    idpCertificates: [TEST_IDP.certificatePem],
  },
  spEntityIdOverride: null,
  replyUrlOverride: null,
  uuid: "00000000-0000-4000-8000-000000000000",
  urlProfile: null,
  createdAt: 0,
  updatedAt: 0,
};

function storeWith(request: AuthnRequestRecord): AuthnRequestStore {
  return {
    save: async () => undefined,
    get: async (accountId, id) =>
      accountId === request.accountId && id === request.id ? request : undefined,
    consume: async () => undefined,
    deleteExpired: async () => 0,
  };
}

afterEach(() => vi.useRealTimers());

describe("simulator responses under the SP's node-saml options", () => {
  it.each(["assertion", "response-and-assertion"] as const)(
    "validates when Entra signs the %s",
    async (mode) => {
      vi.useFakeTimers({ toFake: ["Date"], now: FIXED_NOW });
      const requestId = "_f0e1d2c3b4a5";
      const replyUrl = `${PUBLIC_URL}/micloud/golden-micloud/saml/acs`;
      const entityId = `${PUBLIC_URL}/micloud/golden-micloud/saml/metadata`;
      const response = signTestResponse({
        replyUrl,
        audience: entityId,
        inResponseTo: requestId,
        now: FIXED_NOW,
        signing: { mode },
      });
      const cache = createRequestIdCache(
        storeWith({
          id: requestId,
          accountId: account.id,
          browserBindingHash: "x",
          relayState: null,
          loginHint: null,
          createdAt: FIXED_NOW.getTime() - 1000,
          expiresAt: FIXED_NOW.getTime() + 600_000,
          consumedAt: null,
        }),
        account.id,
        600_000,
        () => FIXED_NOW.getTime(),
      );
      const options = buildSamlOptions(account, {
        publicUrl: PUBLIC_URL,
        clockSkewMs: 180_000,
        requestTtlMs: 600_000,
        cacheProvider: cache,
        responseSigned: mode !== "assertion",
      });
      const { profile } = await new SAML(options).validatePostResponseAsync({
        SAMLResponse: response.base64,
      });
      expect(profile?.nameID).toBe("B.Simon@contoso.com");
      expect(profile?.issuer).toBe(TEST_IDP.entityId);
    },
  );

  it("is refused under the SP's options an hour and a half later (expired)", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(FIXED_NOW.getTime() + 90 * 60_000) });
    const response = signTestResponse({
      replyUrl: `${PUBLIC_URL}/micloud/golden-micloud/saml/acs`,
      audience: `${PUBLIC_URL}/micloud/golden-micloud/saml/metadata`,
      inResponseTo: null,
      now: FIXED_NOW,
    });
    const options = buildSamlOptions(account, {
      publicUrl: PUBLIC_URL,
      clockSkewMs: 180_000,
      requestTtlMs: 600_000,
      cacheProvider: createRequestIdCache(storeWith({} as AuthnRequestRecord), account.id, 600_000, Date.now),
    });
    await expect(
      new SAML({ ...options, validateInResponseTo: "never" as never }).validatePostResponseAsync({
        SAMLResponse: response.base64,
      }),
    ).rejects.toThrow(/expired/);
  });
});
