import { describe, expect, it } from "vitest";
import { checkAdvancedSettings } from "../../../src/accounts/settings/advanced-settings.js";
import { checkIdpLogoutUrl } from "../../../src/accounts/settings/single-sign-out.js";
import { singleSignOutOn } from "../../../src/domain/account.js";

const ENTRA_LOGOUT_URL = "https://login.microsoftonline.com/8f1c3e0a-5b7d-4c2e-9a61-2d4b7e9c0f13/saml2";

describe("Single sign-out setting (mock only): Entra's Logout URL", () => {
  it("takes Entra's Logout URL, trimmed, and turns single sign-out on", () => {
    const check = checkIdpLogoutUrl(`  ${ENTRA_LOGOUT_URL} `);
    expect(check).toEqual({ value: ENTRA_LOGOUT_URL, error: null });
    expect(singleSignOutOn({ idpLogoutUrl: check.value })).toBe(true);
  });

  it("empty means sign-out stays local", () => {
    expect(checkIdpLogoutUrl("  ")).toEqual({ value: "", error: null });
    expect(checkIdpLogoutUrl(undefined)).toEqual({ value: "", error: null });
    expect(singleSignOutOn({ idpLogoutUrl: "" })).toBe(false);
  });

  it.each([
    ["login.microsoftonline.com/tenant/saml2", /absolute https URL/],
    ["ftp://login.microsoftonline.com/x/saml2", /absolute https URL/],
    ["http://sso.example.com/saml2", /use https/],
    ["https://user:pw@login.microsoftonline.com/x/saml2", /user name, password/],
    ["https://login.microsoftonline.com/x/saml2#top", /#fragment/],
    [`https://login.microsoftonline.com/${"x".repeat(2100)}`, /absolute https URL/],
  ])("refuses %j", (value, message) => {
    expect(checkIdpLogoutUrl(value).error).toMatch(message);
  });

  it("allows plain http for localhost and for the simulator's origin only", () => {
    expect(checkIdpLogoutUrl("http://localhost:8080/entra-sim/t/saml2").error).toBeNull();
    expect(checkIdpLogoutUrl("http://sim.internal:9000/entra-sim/t/saml2").error).toMatch(/use https/);
    expect(
      checkIdpLogoutUrl("http://sim.internal:9000/entra-sim/t/saml2", ["http://sim.internal:9000"]).error,
    ).toBeNull();
  });

  it("is one of the Advanced settings and names its field when wrong", () => {
    const base = {
      displayName: "Contoso",
      spEntityIdOverride: "",
      replyUrlOverride: "",
      allowSha1: false,
      requireResponseSignature: false,
    };
    const ok = checkAdvancedSettings({ ...base, idpLogoutUrl: ENTRA_LOGOUT_URL });
    expect(ok.ok && ok.settings.idpLogoutUrl).toBe(ENTRA_LOGOUT_URL);
    const bad = checkAdvancedSettings({ ...base, idpLogoutUrl: "not a url" });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(["idpLogoutUrl"]);
  });
});
