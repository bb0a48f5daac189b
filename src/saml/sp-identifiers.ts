import type { PlatformId } from "../platforms/platform-id.js";

/** What a SP identifier is derived from: the account and the service's public URL. */
export interface AccountIdentity {
  id: string;
  platform: PlatformId;
  spEntityIdOverride: string | null;
  replyUrlOverride: string | null;
}

export function accountBasePath(account: Pick<AccountIdentity, "id" | "platform">): string {
  return `/${account.platform}/${encodeURIComponent(account.id)}/saml`;
}

export function metadataUrl(account: AccountIdentity, publicUrl: string): string {
  return `${publicUrl}${accountBasePath(account)}/metadata`;
}

/** "Mitel Identifier (Entity ID)": the override, else the metadata URL (DESIGN §5). */
export function spEntityId(account: AccountIdentity, publicUrl: string): string {
  return account.spEntityIdOverride ?? metadataUrl(account, publicUrl);
}

/** "Reply URL (Assertion Consumer Service URL)": the override, else the ACS route's URL. */
export function replyUrl(account: AccountIdentity, publicUrl: string): string {
  return account.replyUrlOverride ?? `${publicUrl}${accountBasePath(account)}/acs`;
}

export function loginUrl(account: AccountIdentity, publicUrl: string): string {
  return `${publicUrl}${accountBasePath(account)}/login`;
}
