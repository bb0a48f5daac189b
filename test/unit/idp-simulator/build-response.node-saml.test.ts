import { SAML, type SamlConfig, ValidateInResponseTo } from "@node-saml/node-saml";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildSignedResponse, ENTRA_CLAIM } from "../../../src/idp-simulator/saml/build-response.js";
import {
  AUDIENCE,
  baseInput,
  CERTIFICATE_PEM,
  FIXED_NOW,
  IDP_ISSUER,
  NAME_ID,
  REPLY_URL,
  TENANT_ID,
} from "./support.js";

/** node-saml configured the way an SP trusting this Entra app would be. */
function spConfig(overrides: Partial<SamlConfig> = {}): SamlConfig {
  return {
    callbackUrl: REPLY_URL,
    issuer: AUDIENCE,
    audience: AUDIENCE,
    idpCert: CERTIFICATE_PEM,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    idpIssuer: IDP_ISSUER,
    validateInResponseTo: ValidateInResponseTo.never,
    acceptedClockSkewMs: 180_000,
    ...overrides,
  };
}

describe("buildSignedResponse accepted by @node-saml/node-saml", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("validates an assertion-signed response and yields the NameID and claims", async () => {
    const { base64 } = buildSignedResponse(baseInput("assertion", "sha256"));
    const saml = new SAML(spConfig());
    const { profile, loggedOut } = await saml.validatePostResponseAsync({ SAMLResponse: base64 });
    expect(loggedOut).toBe(false);
    expect(profile?.nameID).toBe(NAME_ID);
    expect(profile?.nameIDFormat).toBe("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    expect(profile?.issuer).toBe(IDP_ISSUER);
    expect(profile?.[ENTRA_CLAIM.tenantId]).toBe(TENANT_ID);
    expect(profile?.[ENTRA_CLAIM.emailAddress]).toBe(NAME_ID);
  });

  it("validates an unsolicited (IdP-initiated) response", async () => {
    const { base64 } = buildSignedResponse(baseInput("assertion", "sha256", { inResponseTo: null }));
    const { profile } = await new SAML(spConfig()).validatePostResponseAsync({ SAMLResponse: base64 });
    expect(profile?.nameID).toBe(NAME_ID);
  });

  it("validates a response-and-assertion-signed response when the SP also wants the response signed", async () => {
    const { base64 } = buildSignedResponse(baseInput("response-and-assertion", "sha256"));
    const saml = new SAML(spConfig({ wantAuthnResponseSigned: true }));
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: base64 });
    expect(profile?.nameID).toBe(NAME_ID);
  });

  it("validates a response-only-signed response when the SP does not insist on a signed assertion", async () => {
    const { base64 } = buildSignedResponse(baseInput("response", "sha256"));
    const saml = new SAML(spConfig({ wantAssertionsSigned: false, wantAuthnResponseSigned: true }));
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: base64 });
    expect(profile?.nameID).toBe(NAME_ID);
  });

  it("validates the sha1 variant", async () => {
    const { base64 } = buildSignedResponse(baseInput("assertion", "sha1"));
    const { profile } = await new SAML(spConfig()).validatePostResponseAsync({ SAMLResponse: base64 });
    expect(profile?.nameID).toBe(NAME_ID);
  });

  it("is refused when the assertion has expired by the SP's clock", async () => {
    const { base64 } = buildSignedResponse(baseInput("assertion", "sha256"));
    vi.setSystemTime(new Date(FIXED_NOW.getTime() + 2 * 60 * 60_000));
    await expect(new SAML(spConfig()).validatePostResponseAsync({ SAMLResponse: base64 })).rejects.toThrow(
      /expired/,
    );
  });

  it("is refused when the SP wants a signed assertion but only the response is signed", async () => {
    const { base64 } = buildSignedResponse(baseInput("response", "sha256"));
    await expect(new SAML(spConfig()).validatePostResponseAsync({ SAMLResponse: base64 })).rejects.toThrow(
      /signature/i,
    );
  });

  it("is refused for a different audience", async () => {
    const { base64 } = buildSignedResponse(
      baseInput("assertion", "sha256", { audience: "https://other.test" }),
    );
    await expect(new SAML(spConfig()).validatePostResponseAsync({ SAMLResponse: base64 })).rejects.toThrow(
      /audience/i,
    );
  });

  it("surfaces an Entra error status", async () => {
    const { base64 } = buildSignedResponse(
      baseInput("response", "sha256", {
        status: {
          code: "urn:oasis:names:tc:SAML:2.0:status:Requester",
          subCode: "urn:oasis:names:tc:SAML:2.0:status:RequestDenied",
          message: "AADSTS50105: The signed in user is not assigned to a role for the application.",
        },
      }),
    );
    const saml = new SAML(spConfig({ wantAssertionsSigned: false, wantAuthnResponseSigned: true }));
    await expect(saml.validatePostResponseAsync({ SAMLResponse: base64 })).rejects.toThrow(/AADSTS50105/);
  });
});
