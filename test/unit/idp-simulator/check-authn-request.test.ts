import { describe, expect, it } from "vitest";
import { checkAuthnRequest } from "../../../src/idp-simulator/saml/check-authn-request.js";
import type { ParsedAuthnRequest } from "../../../src/idp-simulator/saml/parse-authn-request.js";
import type { SimApp, SimTenant } from "../../../src/idp-simulator/state/model.js";

const TENANT: SimTenant = { id: "t", name: "Contoso", primaryDomain: "contoso.com", users: [], createdAt: 0 };
const APP = { id: "a", appId: "app-id", identifier: "urn:sp", replyUrl: "https://sp/acs" } as SimApp;

function request(overrides: Partial<ParsedAuthnRequest> = {}): ParsedAuthnRequest {
  return {
    id: "_ok",
    issuer: "urn:sp",
    acsUrl: "https://sp/acs",
    destination: null,
    nameIdPolicyFormat: null,
    hasSubject: false,
    forceAuthn: false,
    isPassive: false,
    protocolBinding: null,
    ...overrides,
  };
}

function code(overrides: Partial<ParsedAuthnRequest>): string | null {
  const result = checkAuthnRequest(request(overrides), TENANT, [APP]);
  return result.ok ? null : result.error.code;
}

describe("checkAuthnRequest", () => {
  it("accepts a good request and finds the app", () => {
    const result = checkAuthnRequest(request(), TENANT, [APP]);
    expect(result.ok && result.app.id).toBe("a");
  });

  it("maps each problem to Entra's code, Issuer first", () => {
    expect(code({ issuer: "urn:other", acsUrl: "https://x", id: "1" })).toBe("AADSTS700016");
    expect(code({ issuer: null })).toBe("AADSTS700016");
    expect(code({ issuer: "URN:SP" })).toBe("AADSTS700016");
    expect(code({ acsUrl: "https://sp/acs/", id: "1" })).toBe("AADSTS50011");
    expect(code({ id: "7abc", hasSubject: true })).toBe("AADSTS7500529");
    expect(code({ hasSubject: true, nameIdPolicyFormat: "x" })).toBe("AADSTS900236");
    expect(code({ nameIdPolicyFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:entity" })).toBe(
      "AADSTS75016",
    );
    expect(code({ acsUrl: null })).toBeNull();
  });
});
