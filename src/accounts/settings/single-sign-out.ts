import { isLocalHttp } from "./sign-in-url-rules.js";

/**
 * "Mock only" single sign-out (Mitel's portals have no such setting; their Sign out is local):
 * Entra's "Logout URL" from "Set up Mitel Connect", https://login.microsoftonline.com/{tenant}/saml2.
 * Set: Sign out sends a LogoutRequest there, and LogoutRequests from Entra are honoured at the
 * account's Single Logout endpoint. Empty (the default): sign-out stays local, as on Mitel's side.
 */
const MAX_URL = 2048;

export function checkIdpLogoutUrl(
  raw: string | null | undefined,
  httpOrigins: readonly string[] = [],
): { value: string; error: string | null } {
  const value = (raw ?? "").trim();
  if (!value) return { value: "", error: null };
  const label = "Logout URL";
  let url: URL | null = null;
  try {
    url = value.length <= MAX_URL && !/\s/.test(value) ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    return {
      value,
      error: `${label}: enter Entra's Logout URL, an absolute https URL such as https://login.microsoftonline.com/<tenant-id>/saml2.`,
    };
  }
  if (url.protocol === "http:" && !isLocalHttp(url) && !httpOrigins.includes(url.origin)) {
    return { value, error: `${label}: use https. Plain http is accepted only for localhost.` };
  }
  if (url.username || url.password || url.hash) {
    return { value, error: `${label}: the URL must not contain a user name, password or #fragment.` };
  }
  return { value, error: null };
}
