import { describe, expect, it } from "vitest";
import { importFederationMetadata } from "../../../src/accounts/settings/federation-metadata-import.js";
import { summariseImport } from "../../../src/accounts/settings/import-summary.js";
import { platformOf } from "../../../src/platforms/index.js";
import {
  ENTRA_CERT,
  ENTRA_CERT_SHA1,
  EXPIRED_CERT,
  METADATA_TENANT,
  METADATA_WITH_BOM,
  TWO_CERTS,
} from "./support.js";

const body = (pem: string) => pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
const secondOfTwo = TWO_CERTS.split("-----END CERTIFICATE-----")[1] ?? "";

function metadata(options: { keys: string; extra?: string; root?: (xml: string) => string }): string {
  const entity = `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" ID="_x" entityID="https://sts.windows.net/${METADATA_TENANT}/">
  <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/><SignatureValue>AA==</SignatureValue><KeyInfo><X509Data><X509Certificate>${body(EXPIRED_CERT)}</X509Certificate></X509Data></KeyInfo></Signature>
  <RoleDescriptor xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="fed:SecurityTokenServiceType" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706">
    <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${body(EXPIRED_CERT)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
  </RoleDescriptor>
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${options.keys}
    <SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/${METADATA_TENANT}/saml2"/>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://post.example/${METADATA_TENANT}/saml2"/>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location=" https://login.microsoftonline.com/${METADATA_TENANT}/saml2 "/>
    ${options.extra ?? ""}
  </IDPSSODescriptor>
</EntityDescriptor>`;
  return options.root ? options.root(entity) : entity;
}

const key = (pem: string, use?: string) =>
  `<KeyDescriptor${use ? ` use="${use}"` : ""}><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>\n${body(pem).replace(/(.{64})/g, "$1\n")}\n</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`;

describe("Import Federation Metadata XML", () => {
  it("reads Entra's download with its byte-order mark: Sign-in URL, Entity ID and the signing certificate", () => {
    expect(METADATA_WITH_BOM.charCodeAt(0)).toBe(0xfeff);
    const result = importFederationMetadata(METADATA_WITH_BOM);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.values.signInUrl).toBe(`https://login.microsoftonline.com/${METADATA_TENANT}/saml2`);
    expect(result.values.entityId).toBe(`https://sts.windows.net/${METADATA_TENANT}/`);
    expect(result.values.certificates.map((c) => c.sha1Thumbprint)).toEqual([ENTRA_CERT_SHA1]);
  });

  it("reads the same XML without the byte-order mark", () => {
    const result = importFederationMetadata(METADATA_WITH_BOM.slice(1));
    expect(result.ok && result.values.certificates.length).toBe(1);
  });

  it("takes every signing (or unmarked) key of the IDPSSODescriptor, never the signature's or the RoleDescriptor's, nor encryption keys", () => {
    const xml = metadata({
      keys: [
        key(ENTRA_CERT, "signing"),
        key(secondOfTwo),
        key(EXPIRED_CERT, "encryption"),
        key(ENTRA_CERT, "signing"),
      ].join("\n"),
    });
    const result = importFederationMetadata(xml);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.values.certificates).toHaveLength(2);
    expect(result.values.certificates[0]?.sha1Thumbprint).toBe(ENTRA_CERT_SHA1);
    expect(result.values.certificates.some((c) => c.validTo.getUTCFullYear() === 2023)).toBe(false);
    expect(result.values.signInUrl).toBe(`https://login.microsoftonline.com/${METADATA_TENANT}/saml2`);
  });

  it("finds the IdP inside an EntitiesDescriptor", () => {
    const xml = metadata({
      keys: key(ENTRA_CERT, "signing"),
      root: (entity) =>
        `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${entity}</EntitiesDescriptor>`,
    });
    expect(importFederationMetadata(xml).ok).toBe(true);
  });

  it("says what it filled, and what it could not, in the platform's words", () => {
    const xml = metadata({
      keys: [
        key(ENTRA_CERT, "signing"),
        key(secondOfTwo, "signing"),
        key("-----BEGIN CERTIFICATE-----\nMIIBroken\n-----END CERTIFICATE-----", "signing"),
      ].join(""),
    });
    const result = importFederationMetadata(xml);
    if (!result.ok) throw new Error(result.message);
    const cloudlink = summariseImport(result.values, platformOf("cloudlink"));
    expect(cloudlink.filled[0]).toBe(
      `Sign-in URL: https://login.microsoftonline.com/${METADATA_TENANT}/saml2`,
    );
    expect(cloudlink.filled[1]).toBe(
      `IDP Identifier (Entity ID): https://sts.windows.net/${METADATA_TENANT}/`,
    );
    expect(cloudlink.filled.filter((f) => f.startsWith("Signing Certificate:"))).toHaveLength(2);
    expect(cloudlink.notes).toEqual([
      expect.stringMatching(/1 certificate\(s\) in the metadata could not be read/),
    ]);
    const micloud = summariseImport(result.values, platformOf("micloud"));
    expect(micloud.notes.join(" ")).toMatch(
      /holds 2 signing certificates, but MiCloud Connect takes only one/,
    );
  });

  it.each([
    ["", /Nothing was pasted/],
    ["just some text", /This is not XML/],
    [ENTRA_CERT, /This is a certificate, not the Federation Metadata XML/],
    ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', /DOCTYPE or ENTITY declaration/],
    ['<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"><IDPSSODescriptor>', /not well-formed/],
    [
      '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp"><SPSSODescriptor/></EntityDescriptor>',
      /service provider's metadata/,
    ],
    ["<html><body>Sign in</body></html>", /no EntityDescriptor with an IDPSSODescriptor/],
  ])("refuses %j with a clear message", (text, message) => {
    const result = importFederationMetadata(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(message);
  });
});

describe("import summary wording (issue 10, item 8)", () => {
  const cert = (n: number) => ({ subject: `CN=Cert ${n}`, sha1Thumbprint: `T${n}` });
  const values = (count: number) =>
    ({
      signInUrl: "https://login.microsoftonline.com/t/saml2",
      entityId: "https://sts.windows.net/t/",
      certificates: Array.from({ length: count }, (_, i) => cert(i + 1)),
      skippedCertificates: 0,
    }) as unknown as Parameters<typeof summariseImport>[0];

  it("three certificates for a platform that takes one: delete the other 2, not 'the other'", () => {
    const notes = summariseImport(values(3), platformOf("micloud")).notes.join(" ");
    expect(notes).toContain("delete the other 2 before saving");
  });

  it("two certificates: delete the other", () => {
    const notes = summariseImport(values(2), platformOf("micloud")).notes.join(" ");
    expect(notes).toContain("delete the other before saving");
  });
});
