import { generateServiceProviderMetadata } from "@node-saml/node-saml";
import type { AccountRecord } from "../domain/account.js";
import { UNSPECIFIED_NAMEID_FORMAT } from "./saml-options.js";
import { replyUrl, spEntityId } from "./sp-identifiers.js";

/** SP metadata of one account: Entity ID, ACS (HTTP-POST), wants signed assertions. */
export function spMetadataXml(account: AccountRecord, publicUrl: string): string {
  return generateServiceProviderMetadata({
    issuer: spEntityId(account, publicUrl),
    callbackUrl: replyUrl(account, publicUrl),
    identifierFormat: UNSPECIFIED_NAMEID_FORMAT,
    wantAssertionsSigned: true,
  });
}
