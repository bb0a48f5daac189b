import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  buildSignedResponse,
  entraUserClaims,
  NAME_ID_FORMAT,
  type ResponseInput,
} from "../../src/idp-simulator/saml/build-response.js";

/**
 * The test IdP: Entra-shaped responses signed with xml-crypto by the simulator's own builder,
 * which shares no code with the SP's validation path. Keys are fixtures named by what they are.
 */
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/idp-simulator/${name}`, import.meta.url)), "utf8");

export const TEST_IDP = {
  tenantId: "8f1b6f2c-3a44-4b5e-9d7a-1c2d3e4f5a6b",
  get entityId() {
    return `https://sts.windows.net/${this.tenantId}/`;
  },
  get signInUrl() {
    return `https://login.microsoftonline.com/${this.tenantId}/saml2`;
  },
  certificatePem: fixture("entra-signing-certificate.pem"),
  privateKeyPem: fixture("entra-signing-key.pkcs8.pem"),
};

export interface TestResponseOptions extends Partial<Omit<ResponseInput, "signing">> {
  replyUrl: string;
  audience: string;
  inResponseTo: string | null;
  nameId?: string;
  signing?: Partial<ResponseInput["signing"]>;
}

/** A response shaped like Entra's for B.Simon unless told otherwise; returns base64 and XML. */
export function signTestResponse(options: TestResponseOptions) {
  const nameId = options.nameId ?? "B.Simon@contoso.com";
  return buildSignedResponse({
    tenantId: TEST_IDP.tenantId,
    destination: options.replyUrl,
    recipient: options.replyUrl,
    nameIdFormat: NAME_ID_FORMAT.emailAddress,
    now: new Date(),
    claims: entraUserClaims({
      tenantId: TEST_IDP.tenantId,
      objectId: "0c7a1e3e-5b8e-4a43-9f7f-4a9c2a1d0e11",
      displayName: "B.Simon",
      givenName: "Britta",
      surname: "Simon",
      emailAddress: nameId,
      name: nameId,
    }),
    ...options,
    nameId,
    signing: {
      mode: "assertion",
      algorithm: "sha256",
      privateKeyPem: TEST_IDP.privateKeyPem,
      certificatePem: TEST_IDP.certificatePem,
      ...options.signing,
    },
  });
}
