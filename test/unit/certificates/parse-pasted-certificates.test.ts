import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type CertificateInfo,
  type PastedCertificateError,
  type PastedCertificateErrorCode,
  parsePastedCertificates,
} from "../../../src/certificates/index.js";
import { fixtureBytes, fixtureText } from "./fixtures.js";

const der = fixtureBytes("entra-certificate-raw.der");
const expectedSha1 = createHash("sha1").update(der).digest("hex").toUpperCase();
const crlf76 = fixtureText("entra-certificate-base64.76col-crlf.cer");
const lf64 = fixtureText("entra-certificate-base64.64col-lf.pem");
const bare = fixtureText("entra-certificate-bare-base64-no-pem-armour.txt");
const twoCertificates = fixtureText("two-certificates-concatenated.pem");
const expiredPem = fixtureText("expired-certificate.pem");
const privateKeyPem = fixtureText("private-key.pkcs8.pem");
const publicKeyPem = fixtureText("public-key.spki.pem");
const [, secondPem = ""] = twoCertificates.split(/(?=-----BEGIN)/);
const TENANT = "8c1f3a52-4d0e-4b7a-9e61-2f5d7c9a0b13";

function accepted(text: string, opts?: { allowMultiple?: boolean }): CertificateInfo[] {
  const result = parsePastedCertificates(text, opts);
  if (!result.ok) throw new Error(`expected certificates, got ${result.error.code}: ${result.error.message}`);
  return result.certificates;
}

function refused(text: string, opts?: { allowMultiple?: boolean }): PastedCertificateError {
  const result = parsePastedCertificates(text, opts);
  if (result.ok) throw new Error(`expected a refusal, got ${result.certificates.length} certificate(s)`);
  return result.error;
}

/** Base64 body lines of a PEM, without its BEGIN/END lines. */
function bodyLines(pem: string): string[] {
  return pem.split(/\r?\n/).filter((line) => line !== "" && !line.startsWith("-----"));
}

/** Drops C0/C1 control characters, as some clipboards do with binary text. */
function withoutControlCharacters(text: string): string {
  return [...text]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && !(ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) <= 0x9f))
    .join("");
}

describe("parsePastedCertificates accepts Entra's certificate however it is pasted", () => {
  it.each<[string, string]>([
    ["the 76-column CRLF download, as is", crlf76],
    ["64-column LF PEM", lf64],
    ["the 76-column download with LF endings", crlf76.replace(/\r\n/g, "\n")],
    ["CR-only line endings", crlf76.replace(/\r\n/g, "\r")],
    ["single-line base64 inside BEGIN/END", fixtureText("entra-certificate-base64.single-line.cer")],
    ["bare base64 without BEGIN/END, multi-line", bare],
    ["bare base64 without BEGIN/END, one line", bare.replace(/\s+/g, "")],
    ["BOM, tabs, spaces and blank lines around", `\uFEFF \t\r\n\r\n${crlf76}\r\n\r\n\t `],
    ["straight double quotes around", `"${lf64}"`],
    ["smart quotes around", `\u201C${lf64}\u201D`],
    ["lines indented with tabs", lf64.replace(/^/gm, "\t")],
    ["blank lines between the base64 lines", lf64.replace(/\n/g, "\n\n")],
    ["PEM escaped inside a JSON string", JSON.stringify(crlf76)],
    ["line breaks flattened to spaces by a single-line box", crlf76.replace(/\r\n/g, " ")],
    ["the first dash lost from the selection", lf64.slice(1)],
    ["an invisible direction mark in front", `\u200E${lf64}`],
    [
      "OpenSSL's subject/issuer lines before the block",
      `subject=CN = Microsoft\nissuer=CN = Microsoft\n${lf64}`,
    ],
    ["the X509 CERTIFICATE label", lf64.replace(/ CERTIFICATE-/g, " X509 CERTIFICATE-")],
  ])("%s", (_, text) => {
    const [certificate, ...rest] = accepted(text);
    expect(rest).toHaveLength(0);
    expect(certificate?.pem).toBe(lf64);
    expect(certificate?.sha1Thumbprint).toBe(expectedSha1);
    expect(certificate?.subject).toBe("CN=Microsoft Azure Federated SSO Certificate");
  });

  it("does not judge validity: an expired certificate is still a certificate", () => {
    const [certificate] = accepted(expiredPem);
    expect(certificate?.validTo.toISOString()).toBe("2023-01-01T00:00:00.000Z");
  });
});

describe("parsePastedCertificates with several certificates", () => {
  it("keeps both certificates of a rollover paste, in order, when allowed", () => {
    const certificates = accepted(twoCertificates, { allowMultiple: true });
    expect(certificates.map((c) => c.validFrom.toISOString().slice(0, 10))).toEqual([
      "2025-01-01",
      "2026-01-01",
    ]);
    expect(certificates[0]?.sha1Thumbprint).toBe(expectedSha1);
    expect(certificates[1]?.sha1Thumbprint).not.toBe(expectedSha1);
  });

  it("refuses several certificates when only one is allowed", () => {
    const error = refused(twoCertificates);
    expect(error.code).toBe("MULTIPLE_NOT_ALLOWED");
    expect(error.message).toMatch(/2 different certificates.*only one/);
    expect(refused(twoCertificates, { allowMultiple: false }).code).toBe("MULTIPLE_NOT_ALLOWED");
  });

  it("collapses the same certificate pasted twice, even in different wrappings", () => {
    expect(accepted(`${crlf76}${lf64}`)).toHaveLength(1);
    expect(accepted(`${lf64}\n${lf64}`, { allowMultiple: true })).toHaveLength(1);
    const certificates = accepted(`${lf64}${secondPem}${crlf76}`, { allowMultiple: true });
    expect(certificates.map((c) => c.pem)).toEqual([lf64, accepted(secondPem)[0]?.pem]);
  });

  it("splits bare base64 certificates by paragraph or by line", () => {
    const secondBase64 = bodyLines(secondPem).join("");
    const firstBase64 = bodyLines(lf64).join("");
    expect(
      accepted(`${bare}\r\n\r\n${bodyLines(secondPem).join("\r\n")}`, { allowMultiple: true }),
    ).toHaveLength(2);
    expect(accepted(`${firstBase64}\n${secondBase64}\n`, { allowMultiple: true })).toHaveLength(2);
    expect(refused(`${firstBase64}\n${secondBase64}`).code).toBe("MULTIPLE_NOT_ALLOWED");
  });
});

describe("parsePastedCertificates refuses what is not a certificate", () => {
  const rsaPrivateKey = createPrivateKey(privateKeyPem).export({ type: "pkcs1", format: "pem" }).toString();
  const encryptedPrivateKey = createPrivateKey(privateKeyPem)
    .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "secret" })
    .toString();
  const privateKeyDer = createPrivateKey(privateKeyPem).export({ type: "pkcs8", format: "der" });
  const rsaPublicKey = createPublicKey(publicKeyPem).export({ type: "pkcs1", format: "pem" }).toString();
  const request = fixtureText("certificate-request.pkcs10.pem");
  const metadata = fixtureText("federation-metadata-with-bom.xml");
  const spaced = expectedSha1.toLowerCase().replace(/(..)(?!$)/g, "$1 ");

  it.each<[string, string, PastedCertificateErrorCode, RegExp]>([
    ["nothing", "", "EMPTY", /Nothing was pasted/],
    ["only whitespace", " \r\n\t \r\n", "EMPTY", /Nothing was pasted/],
    ["only a BOM", "\uFEFF", "EMPTY", /Nothing was pasted/],
    ["empty quotes", '""', "EMPTY", /Nothing was pasted/],
    ["Certificate (Raw) read as UTF-8", der.toString("utf8"), "DER_BINARY", /Certificate \(Raw\)/],
    [
      "Certificate (Raw) read as Windows-1252 without controls",
      `0\u201A${withoutControlCharacters(der.subarray(2).toString("latin1"))}`,
      "DER_BINARY",
      /Certificate \(Raw\)/,
    ],
    ["Federation Metadata XML without its BOM", metadata.slice(1), "METADATA_XML", /Federation Metadata XML/],
    [
      "one <X509Certificate> element from the metadata",
      `<ds:X509Certificate>${bodyLines(lf64).join("")}</ds:X509Certificate>`,
      "METADATA_XML",
      /Federation Metadata XML/,
    ],
    ["a PKCS#8 private key", privateKeyPem, "PRIVATE_KEY", /private key.*Never paste/],
    ["an RSA PRIVATE KEY", rsaPrivateKey, "PRIVATE_KEY", /private key/],
    ["an ENCRYPTED PRIVATE KEY", encryptedPrivateKey, "PRIVATE_KEY", /private key/],
    ["a certificate bundled with its private key", `${lf64}${privateKeyPem}`, "PRIVATE_KEY", /private key/],
    ["a bare base64 private key", privateKeyDer.toString("base64"), "PRIVATE_KEY", /private key/],
    [
      "a private key wearing CERTIFICATE lines",
      `-----BEGIN CERTIFICATE-----\n${privateKeyDer.toString("base64")}\n-----END CERTIFICATE-----`,
      "PRIVATE_KEY",
      /private key/,
    ],
    ["a PUBLIC KEY", publicKeyPem, "PUBLIC_KEY", /public key/],
    ["an RSA PUBLIC KEY", rsaPublicKey, "PUBLIC_KEY", /public key/],
    ["a bare base64 public key", bodyLines(publicKeyPem).join(""), "PUBLIC_KEY", /public key/],
    ["a CERTIFICATE REQUEST", request, "CERTIFICATE_REQUEST", /signing request/],
    [
      "a NEW CERTIFICATE REQUEST",
      request.replace(/CERTIFICATE REQUEST/g, "NEW CERTIFICATE REQUEST"),
      "CERTIFICATE_REQUEST",
      /signing request/,
    ],
    ["the thumbprint as Entra shows it", expectedSha1, "THUMBPRINT", /thumbprint/],
    ["the thumbprint from the Windows dialog", `\u200E${spaced}`, "THUMBPRINT", /thumbprint/],
    [
      "the thumbprint with colons and its label",
      `SHA1 Fingerprint=${expectedSha1.replace(/(..)(?!$)/g, "$1:")}`,
      "THUMBPRINT",
      /thumbprint/,
    ],
    ["a SHA-256 thumbprint", createHash("sha256").update(der).digest("hex"), "THUMBPRINT", /thumbprint/],
    [
      "the App Federation Metadata Url",
      `https://login.microsoftonline.com/${TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=1`,
      "URL",
      /web address/,
    ],
    ["the Microsoft Entra Identifier", `https://sts.windows.net/${TENANT}/`, "URL", /web address/],
    ["garbage words", "hello world", "NOT_A_CERTIFICATE", /^This is not a certificate/],
    [
      "base64 that is not a certificate",
      Buffer.from("Hello, world!").toString("base64"),
      "NOT_A_CERTIFICATE",
      /^This is not a certificate/,
    ],
    ["binary that is not DER", "\u0001\u0002\u0003binary", "NOT_A_CERTIFICATE", /binary data/],
    ["an HTML page", "<!DOCTYPE html><html><body>Sign in</body></html>", "NOT_A_CERTIFICATE", /web page/],
    [
      "a PKCS7 block",
      "-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----",
      "NOT_A_CERTIFICATE",
      /"PKCS7" block/,
    ],
  ])("%s", (_, text, code, message) => {
    const error = refused(text);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('"Certificate (Base64)"');
  });

  it("says exactly what to do with the Raw download, read as latin1", () => {
    expect(refused(der.toString("latin1"))).toEqual({
      code: "DER_BINARY",
      message:
        'This looks like the binary "Certificate (Raw)" download. Download "Certificate (Base64)" instead and paste its text (it starts with -----BEGIN CERTIFICATE-----).',
    });
  });

  it("says exactly what to do with the Federation Metadata XML, BOM and all", () => {
    expect(refused(fixtureText("federation-metadata-with-bom.xml"))).toEqual({
      code: "METADATA_XML",
      message:
        'This looks like Entra\'s Federation Metadata XML, not a certificate. Paste the text of "Certificate (Base64)" from Mitel Connect > Single sign-on > SAML Signing Certificate, or use Import Federation Metadata XML.',
    });
  });
});

describe("parsePastedCertificates refuses damaged certificates, naming the block", () => {
  const lines = bodyLines(lf64);
  const withLine = (body: string[]) =>
    `-----BEGIN CERTIFICATE-----\n${body.join("\n")}\n-----END CERTIFICATE-----\n`;
  const corruptCharacter = lf64.replace(/(-----\n(?:.*\n){3}.{10})./, "$1!");
  const missingLine = withLine([...lines.slice(0, 4), ...lines.slice(5)]);

  it("a single PEM with a corrupt character", () => {
    const error = refused(corruptCharacter);
    expect(error.code).toBe("NOT_A_CERTIFICATE");
    expect(error.message).toMatch(
      /^The certificate is damaged: its text does not decode to an X.509 certificate/,
    );
  });

  it("a single PEM with a base64 line missing (still valid base64)", () => {
    expect(refused(missingLine).message).toMatch(/^The certificate is damaged/);
  });

  it("the second of three certificates", () => {
    const error = refused(`${lf64}${missingLine}${expiredPem}`, { allowMultiple: true });
    expect(error.code).toBe("NOT_A_CERTIFICATE");
    expect(error.message).toMatch(/^Certificate 2 of 3 is damaged/);
  });

  it("a PEM cut off before its END line", () => {
    const error = refused(crlf76.slice(0, 600));
    expect(error.code).toBe("NOT_A_CERTIFICATE");
    expect(error.message).toMatch(
      /^The certificate is cut off: its -----END CERTIFICATE----- line is missing/,
    );
  });

  it("the first of two certificates cut off where the second begins", () => {
    const error = refused(`${lf64.slice(0, 300)}\n${secondPem}`, { allowMultiple: true });
    expect(error.message).toMatch(/^Certificate 1 of 2 is cut off/);
  });

  it("a PEM whose BEGIN line was not copied", () => {
    const error = refused(lf64.slice(lf64.indexOf("\n") + 1));
    expect(error.code).toBe("NOT_A_CERTIFICATE");
    expect(error.message).toMatch(
      /^The certificate is cut off: its -----BEGIN CERTIFICATE----- line is missing/,
    );
  });

  it("bare base64 with a line missing", () => {
    expect(refused(lines.filter((_, index) => index !== 4).join("\n")).message).toMatch(
      /^The certificate is damaged/,
    );
  });

  it("answers quickly on long runs of dashes (no regex backtracking blow-up)", () => {
    const started = performance.now();
    expect(refused("-".repeat(100_000)).code).toBe("NOT_A_CERTIFICATE");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("asks for one certificate first when several are pasted where one is allowed", () => {
    expect(refused(`${lf64}${missingLine}${expiredPem}`).code).toBe("MULTIPLE_NOT_ALLOWED");
  });
});
