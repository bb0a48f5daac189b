import { readFileSync } from "node:fs";
import { type AccountRecord, DEFAULT_SSO_SETTINGS, type SsoSettings } from "../../../src/domain/account.js";
import type { UserRecord } from "../../../src/domain/user.js";
import type { PlatformId } from "../../../src/platforms/index.js";

const certificates = new URL("../../fixtures/certificates/", import.meta.url);

export const fixture = (name: string) => readFileSync(new URL(name, certificates), "utf8");

/** Entra-style certificate valid 2025-01-01 .. 2028-01-01 (SHA-1 C6C611A5…). */
export const ENTRA_CERT = fixture("entra-certificate-base64.76col-crlf.cer");
export const ENTRA_CERT_SHA1 = "C6C611A5EED45B84CB28F216DD4996DD1F49D1D3";
/** Valid 2020-01-01 .. 2023-01-01. */
export const EXPIRED_CERT = fixture("expired-certificate.pem");
/** The first (2025-2028) and a second (2026-2029) certificate, one after the other. */
export const TWO_CERTS = fixture("two-certificates-concatenated.pem");
export const METADATA_WITH_BOM = fixture("federation-metadata-with-bom.xml");
export const METADATA_TENANT = "8c1f3a52-4d0e-4b7a-9e61-2f5d7c9a0b13";

export const TENANT = "8f1b6f2c-3a44-4b5e-9d7a-1c2d3e4f5a6b";
export const LOGIN_URL = `https://login.microsoftonline.com/${TENANT}/saml2`;
export const IDENTIFIER = `https://sts.windows.net/${TENANT}/`;

/** A day well inside every fixture's validity except the expired one's. */
export const NOW = new Date("2026-06-01T00:00:00Z");

export function makeAccount(platform: PlatformId, sso: Partial<SsoSettings> = {}): AccountRecord {
  return {
    id: `test-${platform}`,
    platform,
    displayName: "Test",
    sso: { ...DEFAULT_SSO_SETTINGS, ...sso },
    spEntityIdOverride: null,
    replyUrlOverride: null,
    uuid: "00000000-0000-4000-8000-000000000000",
    urlProfile: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

export function makeUser(fields: Partial<UserRecord> = {}): UserRecord {
  return {
    id: "u1",
    accountId: "test",
    name: "Britta Simon",
    firstName: null,
    lastName: null,
    email: "B.Simon@contoso.com",
    username: "B.Simon@contoso.com",
    status: "active",
    passwordHash: null,
    createdAt: 0,
    updatedAt: 0,
    ...fields,
  };
}
