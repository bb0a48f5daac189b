import type { PlatformId } from "../platforms/platform-id.js";
import type { MitelAccountUrls } from "../platforms/url-profile.js";

/** What a SP identifier is derived from: the account (its URL profile) and the service's public URL. */
export interface AccountIdentity {
  id: string;
  platform: PlatformId;
  spEntityIdOverride: string | null;
  replyUrlOverride: string | null;
  /** Present when the account uses the Mitel-shaped URL profile (platforms/url-profile.ts). */
  mitelUrls?: MitelAccountUrls;
}

export function accountBasePath(account: Pick<AccountIdentity, "id" | "platform">): string {
  return `/${account.platform}/${encodeURIComponent(account.id)}/saml`;
}

/**
 * Where the SP metadata is served: the Mitel-shaped Identifier itself (GET on it answers with the
 * metadata), else the metadata route under PUBLIC_URL.
 */
export function metadataUrl(account: AccountIdentity, publicUrl: string): string {
  return account.mitelUrls?.identifier ?? `${publicUrl}${accountBasePath(account)}/metadata`;
}

/** "Mitel Identifier (Entity ID)": the override, else the profile's (DESIGN §5). */
export function spEntityId(account: AccountIdentity, publicUrl: string): string {
  return account.spEntityIdOverride ?? metadataUrl(account, publicUrl);
}

/** "Reply URL (Assertion Consumer Service URL)": the override, else the profile's ACS URL. */
export function replyUrl(account: AccountIdentity, publicUrl: string): string {
  return (
    account.replyUrlOverride ?? account.mitelUrls?.replyUrl ?? `${publicUrl}${accountBasePath(account)}/acs`
  );
}

/**
 * The Single Logout endpoint (SingleLogoutService in the SP metadata; Entra's "Logout Url"): where
 * Entra sends its LogoutResponse and its own LogoutRequests, HTTP-Redirect. Always under PUBLIC_URL.
 */
export function singleLogoutUrl(account: AccountIdentity, publicUrl: string): string {
  return `${publicUrl}${accountBasePath(account)}/logout`;
}

export function loginUrl(account: AccountIdentity, publicUrl: string): string {
  return `${publicUrl}${accountBasePath(account)}/login`;
}

/** Entra's "Sign on URL" for one Mitel app of the account (key portal, teamwork or accounts). */
export function signOnUrl(
  account: AccountIdentity,
  app: { key: string; path: string },
  publicUrl: string,
): string {
  return account.mitelUrls?.signOn[app.key] ?? `${publicUrl}${app.path}`;
}
