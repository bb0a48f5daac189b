import { describe, expect, it } from "vitest";
import { validateSsoSettings } from "../../../src/accounts/settings/validate-sso-settings.js";
import { platformOf } from "../../../src/platforms/index.js";
import { ENTRA_CERT, IDENTIFIER, LOGIN_URL, makeAccount, NOW, TWO_CERTS } from "./support.js";

const micloud = makeAccount("micloud");
const cloudlink = makeAccount("cloudlink");
const complete = {
  enabled: true,
  idpSignInUrl: LOGIN_URL,
  idpEntityId: IDENTIFIER,
  idpCertificate: ENTRA_CERT,
};

describe("validateSsoSettings", () => {
  it("accepts a complete form and returns the patch to store", () => {
    const result = validateSsoSettings(micloud, platformOf("micloud"), complete, { now: NOW });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.patch).toMatchObject({
      enabled: true,
      idpSignInUrl: LOGIN_URL,
      idpEntityId: IDENTIFIER,
      integrationAdded: true,
      mitelCredentialsAllowed: false,
    });
    expect(result.patch.idpCertificates).toHaveLength(1);
    expect(result.patch.idpCertificates?.[0]).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(result.warnings).toEqual([]);
  });

  it("refuses enabling with missing values, naming them in the platform's words", () => {
    const micloudResult = validateSsoSettings(
      micloud,
      platformOf("micloud"),
      { enabled: true, idpSignInUrl: "", idpEntityId: "", idpCertificate: "" },
      { now: NOW },
    );
    expect(micloudResult.ok).toBe(false);
    if (micloudResult.ok) return;
    expect(micloudResult.errors).toEqual([
      {
        field: "enabled",
        message:
          "Single Sign-On cannot be enabled yet: Sign-in URL, Entity ID and Signing Certificate are missing. Fill them in, or save without enabling.",
      },
    ]);
    const cloudlinkResult = validateSsoSettings(
      cloudlink,
      platformOf("cloudlink"),
      { ...complete, idpEntityId: "" },
      { now: NOW },
    );
    expect(cloudlinkResult.ok).toBe(false);
    if (cloudlinkResult.ok) return;
    expect(cloudlinkResult.errors[0]?.message).toMatch(/IDP Identifier \(Entity ID\) is missing/);
  });

  it("saves an incomplete form while SSO stays off", () => {
    const result = validateSsoSettings(
      micloud,
      platformOf("micloud"),
      { enabled: false, idpSignInUrl: LOGIN_URL, idpEntityId: "", idpCertificate: "" },
      { now: NOW },
    );
    expect(result.ok).toBe(true);
  });

  it("reports every wrong field at once, without a duplicate 'missing' message", () => {
    const result = validateSsoSettings(
      micloud,
      platformOf("micloud"),
      { enabled: true, idpSignInUrl: "nope", idpEntityId: "a b", idpCertificate: "garbage" },
      { now: NOW },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(["idpSignInUrl", "idpEntityId", "idpCertificate"]);
  });

  it("passes warnings along with an accepted form", () => {
    const result = validateSsoSettings(
      micloud,
      platformOf("micloud"),
      { ...complete, idpEntityId: IDENTIFIER.slice(0, -1) },
      { now: NOW },
    );
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      { field: "idpEntityId", message: expect.stringMatching(/trailing slash is missing/) },
    ]);
  });

  it("keeps Mitel credentials only where the platform has them, and several certificates on CloudLink", () => {
    const mic = validateSsoSettings(
      micloud,
      platformOf("micloud"),
      { ...complete, mitelCredentialsAllowed: true },
      { now: NOW },
    );
    expect(mic.ok && mic.patch.mitelCredentialsAllowed).toBe(false);
    const cl = validateSsoSettings(
      cloudlink,
      platformOf("cloudlink"),
      { ...complete, idpCertificate: TWO_CERTS, mitelCredentialsAllowed: true },
      { now: NOW },
    );
    expect(cl.ok).toBe(true);
    if (!cl.ok) return;
    expect(cl.patch.mitelCredentialsAllowed).toBe(true);
    expect(cl.patch.idpCertificates).toHaveLength(2);
  });
});
