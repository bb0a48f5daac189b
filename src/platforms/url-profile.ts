/**
 * URL profiles: which URLs an account shows the Entra admin (Identifier, Reply URL, Sign-on URLs).
 *
 * - "mock": this service's own paths under PUBLIC_URL (DESIGN §5), the default.
 * - "mitel": Mitel's hostnames and paths, so that Entra's "Mitel Connect" gallery app accepts
 *   them (Identifier https://authentication.api.mitel.io/2017-09-01/saml2/<account-uuid>, Sign-on
 *   URLs on portal.shoretelsky.com, teamwork.shoretel.com, accounts.mitel.io). The browser
 *   reaches this service at those names through its hosts file; the service routes by Host.
 *
 * Mitel publishes only part of these (the Reply URL format not at all), so every value is
 * configurable (`urls.mitel` in the configuration).
 */
import type { Platform } from "./platform.js";

export const URL_PROFILE_IDS = ["mock", "mitel"] as const;
export type UrlProfileId = (typeof URL_PROFILE_IDS)[number];

export function isUrlProfileId(value: unknown): value is UrlProfileId {
  return typeof value === "string" && (URL_PROFILE_IDS as readonly string[]).includes(value);
}

export const URL_PROFILE_LABELS: Record<UrlProfileId, string> = {
  mock: "This service's own URLs (non-gallery app)",
  mitel: 'Mitel-shaped URLs (Entra gallery app "Mitel Connect")',
};

/** The configured Mitel-shaped URLs (config `urls.mitel`, defaults from Microsoft's tutorial). */
export interface MitelUrlSettings {
  /** Identifier = identifierBase + "/" + the account's UUID. */
  identifierBase: string;
  /** Reply URL = Identifier + replyPath (Mitel's is unpublished; "/consume" is a plausible guess). */
  replyPath: string;
  /** Sign-on URL per app key (portal, teamwork, accounts); missing keys use the platform's default. */
  signOn: Record<string, string>;
}

export interface UrlProfileSettings {
  /** The instance's profile for accounts that do not choose one. */
  profile: UrlProfileId;
  mitel: MitelUrlSettings;
}

export const DEFAULT_MITEL_URLS: MitelUrlSettings = {
  identifierBase: "https://authentication.api.mitel.io/2017-09-01/saml2",
  replyPath: "/consume",
  signOn: {},
};

export const DEFAULT_URL_PROFILE_SETTINGS: UrlProfileSettings = {
  profile: "mock",
  mitel: DEFAULT_MITEL_URLS,
};

/** One account's Mitel-shaped URLs. */
export interface MitelAccountUrls {
  identifier: string;
  replyUrl: string;
  /** Sign-on URL per app key of the account's platform. */
  signOn: Record<string, string>;
}

export function effectiveProfile(accountProfile: UrlProfileId | null, settings: UrlProfileSettings) {
  return accountProfile ?? settings.profile;
}

/** The Mitel-shaped Sign-on URL of one app: configured, else the platform's published one. */
export function mitelSignOnUrl(app: Platform["apps"][number], settings: MitelUrlSettings): string {
  return settings.signOn[app.key] ?? app.mitelSignOnUrl;
}

export function mitelUrlsOf(uuid: string, platform: Platform, settings: MitelUrlSettings): MitelAccountUrls {
  const identifier = `${settings.identifierBase}/${uuid}`;
  return {
    identifier,
    replyUrl: `${identifier}${settings.replyPath}`,
    signOn: Object.fromEntries(platform.apps.map((app) => [app.key, mitelSignOnUrl(app, settings)])),
  };
}
