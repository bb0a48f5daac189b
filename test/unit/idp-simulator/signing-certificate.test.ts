import { createPrivateKey, createSign, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  certificateToDer,
  certificateToEntraBase64,
  ENTRA_SIGNING_CERTIFICATE_SUBJECT,
  generateSigningCertificate,
} from "../../../src/idp-simulator/keys/signing-certificate.js";
import { CERTIFICATE_PEM, PRIVATE_KEY_PEM } from "./support.js";

describe("generateSigningCertificate", () => {
  it("creates a self-signed RSA-2048 Entra-style certificate valid for three years", async () => {
    const notBefore = new Date("2026-03-04T05:06:07.890Z");
    const generated = await generateSigningCertificate({ notBefore });
    const certificate = new X509Certificate(generated.certificatePem);

    expect(certificate.subject).toBe("CN=Microsoft Azure Federated SSO Certificate");
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.publicKey.asymmetricKeyType).toBe("rsa");
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(certificate.publicKey.asymmetricKeyDetails?.publicExponent).toBe(65537n);
    expect(certificate.ca).toBe(false);

    expect(generated.notBefore.toISOString()).toBe("2026-03-04T05:06:07.000Z");
    expect(generated.notAfter.toISOString()).toBe("2029-03-04T05:06:07.000Z");
    expect(new Date(certificate.validFrom).getTime()).toBe(generated.notBefore.getTime());
    expect(new Date(certificate.validTo).getTime()).toBe(generated.notAfter.getTime());

    expect(generated.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(generated.sha1Thumbprint).toBe(certificate.fingerprint.replace(/:/g, ""));

    expect(generated.privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----\n")).toBe(true);
    const privateKey = createPrivateKey(generated.privateKeyPem);
    expect(certificate.checkPrivateKey(privateKey)).toBe(true);
    const signature = createSign("RSA-SHA256").update("x").sign(privateKey);
    expect(signature).toHaveLength(256);
  });

  it("accepts another subject and validity, and uses a fresh key and serial each time", async () => {
    const a = await generateSigningCertificate({ subject: "CN=Contoso Test", years: 1 });
    const b = await generateSigningCertificate();
    const certA = new X509Certificate(a.certificatePem);
    const certB = new X509Certificate(b.certificatePem);
    expect(certA.subject).toBe("CN=Contoso Test");
    expect(certB.subject).toBe(ENTRA_SIGNING_CERTIFICATE_SUBJECT);
    expect(a.notAfter.getUTCFullYear() - a.notBefore.getUTCFullYear()).toBe(1);
    expect(certA.serialNumber).not.toBe(certB.serialNumber);
    expect(a.sha1Thumbprint).not.toBe(b.sha1Thumbprint);
    expect(Math.abs(b.notBefore.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("rejects nonsensical validity", async () => {
    await expect(generateSigningCertificate({ years: 0 })).rejects.toThrow(RangeError);
    await expect(generateSigningCertificate({ notBefore: new Date("nope") })).rejects.toThrow(RangeError);
  });
});

describe("certificate download formats", () => {
  it('"Certificate (Base64)" is CRLF PEM with 76-column lines and a trailing CRLF', () => {
    const entra = certificateToEntraBase64(CERTIFICATE_PEM);
    expect(entra.startsWith("-----BEGIN CERTIFICATE-----\r\n")).toBe(true);
    expect(entra.endsWith("\r\n-----END CERTIFICATE-----\r\n")).toBe(true);
    expect(entra.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = entra.split("\r\n").slice(1, -2);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) {
      expect(line).toHaveLength(76);
    }
    expect(lines.at(-1)!.length).toBeGreaterThan(0);
    expect(lines.at(-1)!.length).toBeLessThanOrEqual(76);
    expect(new X509Certificate(entra).fingerprint256).toBe(
      new X509Certificate(CERTIFICATE_PEM).fingerprint256,
    );
  });

  it('"Certificate (Raw)" is the DER', () => {
    const der = certificateToDer(CERTIFICATE_PEM);
    expect(der[0]).toBe(0x30);
    expect(der.equals(new X509Certificate(CERTIFICATE_PEM).raw)).toBe(true);
    expect(certificateToDer(certificateToEntraBase64(CERTIFICATE_PEM)).equals(der)).toBe(true);
  });

  it("refuses what is not a PEM certificate", () => {
    expect(() => certificateToDer(PRIVATE_KEY_PEM)).toThrow(/Not a PEM certificate/);
    expect(() =>
      certificateToDer("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
    ).toThrow();
    expect(() => certificateToEntraBase64("hello")).toThrow();
  });

  it("the stored fixture key belongs to the stored fixture certificate", () => {
    const certificate = new X509Certificate(CERTIFICATE_PEM);
    expect(certificate.subject).toBe("CN=Microsoft Azure Federated SSO Certificate");
    expect(certificate.checkPrivateKey(createPrivateKey(PRIVATE_KEY_PEM))).toBe(true);
  });
});
