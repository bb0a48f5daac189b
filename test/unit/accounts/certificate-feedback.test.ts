import { describe, expect, it } from "vitest";
import {
  checkPastedCertificates,
  viewStoredCertificates,
} from "../../../src/accounts/settings/certificate-feedback.js";
import { ENTRA_CERT, ENTRA_CERT_SHA1, EXPIRED_CERT, fixture, NOW, TWO_CERTS } from "./support.js";

describe("Signing Certificate paste feedback", () => {
  it("accepts Entra's Certificate (Base64) and shows thumbprints, subject and validity", () => {
    const result = checkPastedCertificates(ENTRA_CERT, { allowMultiple: false, now: NOW });
    expect(result.error).toBeNull();
    expect(result.warnings).toEqual([]);
    expect(result.certificates).toHaveLength(1);
    const [cert] = result.certificates;
    expect(cert).toMatchObject({
      subject: "CN=Microsoft Azure Federated SSO Certificate",
      sha1Thumbprint: ENTRA_CERT_SHA1,
      state: "valid",
      validFrom: "2025-01-01T00:00:00.000Z",
      validTo: "2028-01-01T00:00:00.000Z",
    });
    expect(cert?.sha256Thumbprint).toMatch(/^[0-9A-F]{64}$/);
    expect(cert?.validity).toMatch(/valid until 2028-01-01, \d+ days left/);
  });

  it("refuses an expired certificate with its dates", () => {
    const result = checkPastedCertificates(EXPIRED_CERT, { allowMultiple: false, now: NOW });
    expect(result.error).toMatch(
      /^Signing Certificate: The certificate CN=Microsoft Azure Federated SSO Certificate \(thumbprint [0-9A-F]{40}\) expired on 2023-01-01 \(valid from 2020-01-01\)/,
    );
  });

  it("accepts a certificate expiring within 60 days, with a warning", () => {
    const result = checkPastedCertificates(ENTRA_CERT, {
      allowMultiple: false,
      now: new Date("2027-12-01T00:00:00Z"),
    });
    expect(result.error).toBeNull();
    expect(result.warnings).toEqual([
      expect.stringMatching(/expires on 2028-01-01, in 31 days .*Create the next certificate in Entra/),
    ]);
  });

  it("accepts a certificate that is not valid yet, with a warning", () => {
    const result = checkPastedCertificates(ENTRA_CERT, {
      allowMultiple: false,
      now: new Date("2024-06-01T00:00:00Z"),
    });
    expect(result.error).toBeNull();
    expect(result.warnings[0]).toMatch(/not valid until 2025-01-01/);
  });

  it("keeps several certificates where allowed (CloudLink) and refuses them where not (MiCloud)", () => {
    const several = checkPastedCertificates(TWO_CERTS, { allowMultiple: true, now: NOW });
    expect(several.error).toBeNull();
    expect(several.certificates).toHaveLength(2);
    expect(checkPastedCertificates(TWO_CERTS, { allowMultiple: false, now: NOW }).error).toMatch(
      /2 different certificates, but this box takes only one/,
    );
  });

  it("names which of several certificates expired", () => {
    const result = checkPastedCertificates(`${ENTRA_CERT}\n${EXPIRED_CERT}`, {
      allowMultiple: true,
      now: NOW,
    });
    // One sentence each (issue 10, item 8): not "…Remove it and keep the others, Paste…".
    expect(result.error).toMatch(
      /Certificate 2 of 2, .* expired on 2023-01-01 \(valid from [0-9-]+\)\. Remove the expired certificate and keep the other\. Paste the active certificate/,
    );
  });

  it("does not say 'keep the others' when every certificate pasted has expired", () => {
    const later = new Date("2099-01-01T00:00:00Z");
    const result = checkPastedCertificates(`${ENTRA_CERT}\n${EXPIRED_CERT}`, {
      allowMultiple: true,
      now: later,
    });
    expect(result.error).toContain("Every certificate pasted has expired (2 of 2).");
    expect(result.error).not.toMatch(/keep the other/);
  });

  it.each([
    ["federation-metadata-with-bom.xml", /Federation Metadata XML, not a certificate/],
    ["private-key.pkcs8.pem", /private key/],
    ["public-key.spki.pem", /bare public key/],
    ["certificate-request.pkcs10.pem", /certificate signing request/],
  ])("refuses %s with its own message", (name, message) => {
    const result = checkPastedCertificates(fixture(name), { allowMultiple: true, now: NOW });
    expect(result.error).toMatch(message);
  });

  it("refuses DER bytes and garbage with their own messages", () => {
    const der = fixture("entra-certificate-raw.der");
    expect(checkPastedCertificates(der, { allowMultiple: false, now: NOW }).error).toMatch(
      /binary "Certificate \(Raw\)"/,
    );
    expect(checkPastedCertificates("hello world", { allowMultiple: false, now: NOW }).error).toMatch(
      /not a certificate/,
    );
  });

  it("treats an empty box as no certificate (the 'missing' rule decides)", () => {
    expect(checkPastedCertificates("  \n", { allowMultiple: false, now: NOW })).toEqual({
      certificates: [],
      error: null,
      warnings: [],
    });
  });

  it("describes stored PEMs and skips a broken one instead of throwing", () => {
    const views = viewStoredCertificates([ENTRA_CERT, "not a pem"], NOW);
    expect(views.map((v) => v.sha1Thumbprint)).toEqual([ENTRA_CERT_SHA1]);
  });
});
