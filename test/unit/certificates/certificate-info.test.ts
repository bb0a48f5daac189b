import { createHash, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  certificateFromDer,
  describeCertificate,
  formatDistinguishedName,
} from "../../../src/certificates/index.js";
import { fixtureBytes, fixtureText } from "./fixtures.js";

const der = fixtureBytes("entra-certificate-raw.der");

describe("certificateFromDer", () => {
  const info = certificateFromDer(der);

  it("names the subject and issuer as Entra does", () => {
    expect(info.subject).toBe("CN=Microsoft Azure Federated SSO Certificate");
    expect(info.issuer).toBe("CN=Microsoft Azure Federated SSO Certificate");
  });

  it("reads the validity period as exact UTC instants", () => {
    expect(info.validFrom).toEqual(new Date("2025-01-01T00:00:00Z"));
    expect(info.validTo).toEqual(new Date("2028-01-01T00:00:00Z"));
  });

  it("gives thumbprints as uppercase hex without separators, computed over the DER", () => {
    expect(info.sha1Thumbprint).toBe(createHash("sha1").update(der).digest("hex").toUpperCase());
    expect(info.sha256Thumbprint).toBe(createHash("sha256").update(der).digest("hex").toUpperCase());
    expect(info.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
  });

  it("reports the serial number and key type", () => {
    expect(info.serialNumber).toBe(new X509Certificate(der).serialNumber.toUpperCase());
    expect(info.serialNumber).toMatch(/^[0-9A-F]+$/);
    expect(info.publicKeyAlgorithm).toBe("RSA 2048");
  });

  it("normalises the PEM to 64-column lines, LF endings and a trailing newline", () => {
    expect(info.pem).toBe(fixtureText("entra-certificate-base64.64col-lf.pem"));
    const lines = info.pem.trimEnd().split("\n");
    expect(lines[0]).toBe("-----BEGIN CERTIFICATE-----");
    expect(lines.at(-1)).toBe("-----END CERTIFICATE-----");
    expect(lines.slice(1, -1).every((line) => line.length <= 64)).toBe(true);
    expect(info.pem).not.toContain("\r");
  });

  it("refuses bytes that follow the certificate", () => {
    expect(() => certificateFromDer(Buffer.concat([der, Buffer.from([0, 1, 2])]))).toThrow(/exactly one/);
  });

  it("refuses PEM text handed over as bytes, and garbage", () => {
    expect(() =>
      certificateFromDer(Buffer.from(fixtureText("entra-certificate-base64.64col-lf.pem"))),
    ).toThrow();
    expect(() => certificateFromDer(Buffer.from("not a certificate"))).toThrow();
  });
});

describe("describeCertificate", () => {
  it("describes Entra's CRLF download exactly like the DER it wraps", () => {
    expect(describeCertificate(fixtureText("entra-certificate-base64.76col-crlf.cer"))).toEqual(
      certificateFromDer(der),
    );
  });

  it("reads the expired fixture's dates", () => {
    const info = describeCertificate(fixtureText("expired-certificate.pem"));
    expect(info.validFrom.toISOString()).toBe("2020-01-01T00:00:00.000Z");
    expect(info.validTo.toISOString()).toBe("2023-01-01T00:00:00.000Z");
  });

  it("throws on text that is not a certificate", () => {
    expect(() => describeCertificate("hello")).toThrow(/not a PEM X.509 certificate/);
  });
});

describe("formatDistinguishedName", () => {
  it("joins node's one-attribute-per-line names with commas, keeping escaped commas", () => {
    expect(formatDistinguishedName("CN=Smith\\, John\nO=Contoso\nC=US")).toBe(
      "CN=Smith\\, John, O=Contoso, C=US",
    );
    expect(formatDistinguishedName("CN=Microsoft Azure Federated SSO Certificate")).toBe(
      "CN=Microsoft Azure Federated SSO Certificate",
    );
  });
});

describe("repeated descriptions (kept by input, since every sign-in reads the same certificates)", () => {
  it("describes the same DER the same way each time, and a caller's changes do not leak into the next", () => {
    const first = certificateFromDer(der);
    first.validTo.setTime(0);
    first.subject = "changed by a caller";
    const second = certificateFromDer(der);
    expect(second.subject).toBe("CN=Microsoft Azure Federated SSO Certificate");
    expect(second.validTo).toEqual(new Date("2028-01-01T00:00:00Z"));
  });

  it("still refuses bytes that are not one certificate, every time", () => {
    const glued = Buffer.concat([der, der]);
    expect(() => certificateFromDer(glued)).toThrow(/not exactly one DER certificate/);
    expect(() => certificateFromDer(glued)).toThrow(/not exactly one DER certificate/);
    expect(() => describeCertificate("not a certificate")).toThrow(/not a PEM X.509 certificate/);
    expect(() => describeCertificate("not a certificate")).toThrow(/not a PEM X.509 certificate/);
  });
});
