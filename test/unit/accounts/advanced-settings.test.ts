import { describe, expect, it } from "vitest";
import {
  checkAdvancedSettings,
  checkReplyUrlOverride,
  checkSpEntityIdOverride,
  checkUrlProfile,
} from "../../../src/accounts/settings/advanced-settings.js";

describe("Advanced settings", () => {
  it("empty overrides mean 'derived from PUBLIC_URL'", () => {
    expect(
      checkAdvancedSettings({
        displayName: " Contoso ",
        spEntityIdOverride: " ",
        replyUrlOverride: "",
        allowSha1: true,
        requireResponseSignature: true,
      }),
    ).toEqual({
      ok: true,
      settings: {
        displayName: "Contoso",
        spEntityIdOverride: null,
        replyUrlOverride: null,
        urlProfile: null,
        allowSha1: true,
        requireResponseSignature: true,
        forceAuthn: false,
        nameIdPolicyFormat: "unspecified",
        idpLogoutUrl: "",
        signAuthnRequests: false,
        encryptedAssertions: false,
      },
    });
  });

  it("takes the mock-only SP key options: Sign AuthnRequests and Encrypted assertions", () => {
    const check = checkAdvancedSettings({
      displayName: "Contoso",
      spEntityIdOverride: "",
      replyUrlOverride: "",
      allowSha1: false,
      requireResponseSignature: false,
      signAuthnRequests: true,
      encryptedAssertions: true,
    });
    expect(check.ok && check.settings).toMatchObject({ signAuthnRequests: true, encryptedAssertions: true });
  });

  it("takes the mock-only request options: ForceAuthn and a NameIDPolicy Format, nothing else", () => {
    const base = {
      displayName: "Contoso",
      spEntityIdOverride: "",
      replyUrlOverride: "",
      allowSha1: false,
      requireResponseSignature: false,
    };
    const ok = checkAdvancedSettings({ ...base, forceAuthn: true, nameIdPolicyFormat: "persistent" });
    expect(ok).toMatchObject({ ok: true, settings: { forceAuthn: true, nameIdPolicyFormat: "persistent" } });
    const bad = checkAdvancedSettings({ ...base, nameIdPolicyFormat: "kerberos" });
    expect(bad).toEqual({
      ok: false,
      errors: [{ field: "nameIdPolicyFormat", message: expect.stringContaining("NameIDPolicy Format") }],
    });
  });

  it("takes the URL profile: empty for the instance's, mock or mitel, nothing else", () => {
    expect(checkUrlProfile("")).toEqual({ value: null, error: null });
    expect(checkUrlProfile(" mitel ")).toEqual({ value: "mitel", error: null });
    expect(checkUrlProfile("mock")).toEqual({ value: "mock", error: null });
    expect(checkUrlProfile("gallery").error).toContain("URL profile");
  });

  it("accepts Mitel's own identifier pattern and an https Reply URL", () => {
    expect(
      checkSpEntityIdOverride("https://authentication.api.mitel.io/2017-09-01/saml2/0b6f2c1e").error,
    ).toBeNull();
    expect(checkSpEntityIdOverride("urn:mitel:sp").error).toBeNull();
    expect(checkReplyUrlOverride("https://sso.example.com/micloud/acme/saml/acs").error).toBeNull();
    expect(checkReplyUrlOverride("http://localhost:3000/acs").error).toBeNull();
  });

  it.each([
    ["not a uri", /absolute URI without spaces/],
    ["no-scheme", /absolute URI/],
  ])("refuses the Entity ID override %j", (value, message) => {
    expect(checkSpEntityIdOverride(value).error).toMatch(message);
  });

  it.each([
    ["http://sso.example.com/acs", /only https Reply URLs/],
    ["/relative/acs", /absolute https URL/],
    ["https://sso.example.com/acs#x", /#fragment/],
  ])("refuses the Reply URL override %j", (value, message) => {
    expect(checkReplyUrlOverride(value).error).toMatch(message);
  });

  it("reports every problem at once", () => {
    const result = checkAdvancedSettings({
      displayName: "",
      spEntityIdOverride: "x y",
      replyUrlOverride: "ftp://x",
      allowSha1: false,
      requireResponseSignature: false,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual([
      "displayName",
      "spEntityIdOverride",
      "replyUrlOverride",
    ]);
  });
});
