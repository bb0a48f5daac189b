import { checkDisplayName } from "../../domain/display-name.js";
import { isNameIdPolicyFormat, type NameIdPolicyFormat } from "../../domain/name-id-policy.js";
import { isUrlProfileId, type UrlProfileId } from "../../platforms/url-profile.js";
import { isLocalHttp } from "./sign-in-url-rules.js";
import { checkIdpLogoutUrl } from "./single-sign-out.js";

/**
 * The account page's "Advanced" section: display name, SP identifier overrides (DESIGN §5),
 * SHA-1, and whether the Response must be signed too.
 */
export interface AdvancedSettingsInput {
  displayName: string;
  spEntityIdOverride: string;
  replyUrlOverride: string;
  /** "" or absent = the instance's profile, else "mock" or "mitel". */
  urlProfile?: string;
  allowSha1: boolean;
  requireResponseSignature: boolean;
  /** Mock only (domain/name-id-policy.ts); absent = off / unspecified. */
  forceAuthn?: boolean;
  nameIdPolicyFormat?: string;
  /** Mock only (single-sign-out.ts): Entra's Logout URL; absent or empty = sign-out stays local. */
  idpLogoutUrl?: string;
  /** Origins allowed over plain http besides localhost (the simulator's). */
  httpOrigins?: string[];
  /** Mock only (SP keys); absent = off. */
  signAuthnRequests?: boolean;
  encryptedAssertions?: boolean;
}

export type AdvancedField =
  | "displayName"
  | "spEntityIdOverride"
  | "replyUrlOverride"
  | "urlProfile"
  | "nameIdPolicyFormat"
  | "idpLogoutUrl";

export interface AdvancedSettings {
  displayName: string;
  spEntityIdOverride: string | null;
  replyUrlOverride: string | null;
  urlProfile: UrlProfileId | null;
  allowSha1: boolean;
  requireResponseSignature: boolean;
  forceAuthn: boolean;
  nameIdPolicyFormat: NameIdPolicyFormat;
  idpLogoutUrl: string;
  signAuthnRequests: boolean;
  encryptedAssertions: boolean;
}

export type AdvancedSettingsCheck =
  | { ok: true; settings: AdvancedSettings }
  | { ok: false; errors: Array<{ field: AdvancedField; message: string }> };

const MAX_URI = 1024;

/**
 * Mitel Identifier (Entity ID) override: any absolute URI (Mitel's own pattern is
 * https://authentication.api.mitel.io/2017-09-01/saml2/<account-uuid>). Empty = derived from PUBLIC_URL.
 */
export function checkSpEntityIdOverride(raw: string): { value: string | null; error: string | null } {
  const value = raw.trim();
  if (!value) return { value: null, error: null };
  const label = "Mitel Identifier (Entity ID) override";
  if (value.length > MAX_URI || /\s/.test(value) || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(value)) {
    return {
      value,
      error: `${label}: enter an absolute URI without spaces, such as https://authentication.api.mitel.io/2017-09-01/saml2/<account-uuid>.`,
    };
  }
  return { value, error: null };
}

/**
 * Reply URL override: Entra accepts only https Reply URLs, or http://localhost, so the same rule
 * applies here. The route does not move: the override is what the SP expects in Destination and
 * Recipient (a reverse proxy's public address, for example). Empty = derived from PUBLIC_URL.
 */
export function checkReplyUrlOverride(raw: string): { value: string | null; error: string | null } {
  const value = raw.trim();
  if (!value) return { value: null, error: null };
  const label = "Reply URL override";
  let url: URL | null = null;
  try {
    url = value.length <= MAX_URI && !/\s/.test(value) ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    return { value, error: `${label}: enter an absolute https URL.` };
  }
  if (url.protocol === "http:" && !isLocalHttp(url)) {
    return { value, error: `${label}: Entra accepts only https Reply URLs (http only for localhost).` };
  }
  if (url.hash) return { value, error: `${label}: a Reply URL cannot contain a #fragment.` };
  return { value, error: null };
}

/** URL profile: "" or null = the instance's; otherwise one of the profiles (platforms/url-profile.ts). */
export function checkUrlProfile(raw: string | null | undefined): {
  value: UrlProfileId | null;
  error: string | null;
} {
  const value = (raw ?? "").trim();
  if (!value) return { value: null, error: null };
  if (isUrlProfileId(value)) return { value, error: null };
  return {
    value: null,
    error: 'URL profile: choose "mock" (this service\'s own URLs) or "mitel" (Mitel-shaped URLs).',
  };
}

export function checkAdvancedSettings(input: AdvancedSettingsInput): AdvancedSettingsCheck {
  const errors: Array<{ field: AdvancedField; message: string }> = [];
  const displayNameError = checkDisplayName(input.displayName);
  if (displayNameError) errors.push({ field: "displayName", message: displayNameError });
  const entityId = checkSpEntityIdOverride(input.spEntityIdOverride);
  if (entityId.error) errors.push({ field: "spEntityIdOverride", message: entityId.error });
  const reply = checkReplyUrlOverride(input.replyUrlOverride);
  if (reply.error) errors.push({ field: "replyUrlOverride", message: reply.error });
  const profile = checkUrlProfile(input.urlProfile);
  if (profile.error) errors.push({ field: "urlProfile", message: profile.error });
  const format = input.nameIdPolicyFormat?.trim() || "unspecified";
  if (!isNameIdPolicyFormat(format)) {
    errors.push({
      field: "nameIdPolicyFormat",
      message: "NameIDPolicy Format: choose unspecified, emailAddress, persistent or transient.",
    });
  }
  const logoutUrl = checkIdpLogoutUrl(input.idpLogoutUrl, input.httpOrigins);
  if (logoutUrl.error) errors.push({ field: "idpLogoutUrl", message: logoutUrl.error });
  if (errors.length > 0 || !isNameIdPolicyFormat(format)) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      displayName: input.displayName.trim(),
      spEntityIdOverride: entityId.value,
      replyUrlOverride: reply.value,
      urlProfile: profile.value,
      allowSha1: input.allowSha1,
      requireResponseSignature: input.requireResponseSignature,
      forceAuthn: input.forceAuthn ?? false,
      nameIdPolicyFormat: format,
      idpLogoutUrl: logoutUrl.value,
      signAuthnRequests: input.signAuthnRequests ?? false,
      encryptedAssertions: input.encryptedAssertions ?? false,
    },
  };
}
