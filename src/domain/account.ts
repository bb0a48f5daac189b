/**
 * A Mitel account and its SSO settings: the model the services, the engine and the pages share.
 * Storage keeps it (storage/ports.ts says how); it does not define it.
 */
import type { PlatformId } from "../platforms/platform-id.js";
import type { MitelAccountUrls, UrlProfileId } from "../platforms/url-profile.js";
import type { NameIdPolicyFormat } from "./name-id-policy.js";

export interface SsoSettings {
  enabled: boolean;
  /** Entra's "Login URL" (the IdP's SAML endpoint), as pasted. Empty string when not set. */
  idpSignInUrl: string;
  /** Entra's "Microsoft Entra Identifier", e.g. https://sts.windows.net/{tenant}/ */
  idpEntityId: string;
  /** PEM certificates (normalised, one BEGIN/END block each), in the order they were pasted. */
  idpCertificates: string[];
  /** CloudLink only: "Enable Mitel Credentials (Optional)". Always false for MiCloud. */
  mitelCredentialsAllowed: boolean;
  /** Account opts in to SHA-1 signatures ("Entra signing algorithm is SHA-1"). Default false. */
  allowSha1: boolean;
  /**
   * Account requires the Response itself to be signed too (Entra's Signing Option "Sign SAML
   * response and assertion"). Default false: Entra's default signs only the assertion.
   */
  requireResponseSignature: boolean;
  /** CloudLink: the Entra integration was added under Integrations (the panel exists). */
  integrationAdded: boolean;
  /** Mock only: the AuthnRequest carries ForceAuthn="true" (Entra asks for credentials again). */
  forceAuthn: boolean;
  /** Mock only: the AuthnRequest's NameIDPolicy Format. Default "unspecified", as Mitel sends. */
  nameIdPolicyFormat: NameIdPolicyFormat;
  /**
   * Mock only: Entra's Logout URL (https://login.microsoftonline.com/{tenant}/saml2). Set: single
   * sign-out in both directions (settings/single-sign-out.ts); "" = sign-out is local only.
   */
  idpLogoutUrl: string;
  /** Mock only: AuthnRequests are signed (HTTP-Redirect SigAlg/Signature) with the active SP signing key. */
  signAuthnRequests: boolean;
  /** Mock only: the SP publishes an encryption key and decrypts an EncryptedAssertion with its keys. */
  encryptedAssertions: boolean;
}

/**
 * The SSO settings that belong to the account itself (the Advanced section), not to its Entra
 * integration: the signature options and the mock-only request, sign-out and key switches.
 * Saving Advanced sets exactly these; removing CloudLink's integration keeps exactly these.
 */
export const ACCOUNT_OPTION_KEYS = [
  "allowSha1",
  "requireResponseSignature",
  "forceAuthn",
  "nameIdPolicyFormat",
  "idpLogoutUrl",
  "signAuthnRequests",
  "encryptedAssertions",
] as const satisfies readonly (keyof SsoSettings)[];

export type AccountOptions = Pick<SsoSettings, (typeof ACCOUNT_OPTION_KEYS)[number]>;

export function accountOptionsOf(settings: AccountOptions): AccountOptions {
  const options: Partial<AccountOptions> = {};
  for (const key of ACCOUNT_OPTION_KEYS) Object.assign(options, { [key]: settings[key] });
  return options as AccountOptions;
}

export const DEFAULT_SSO_SETTINGS: SsoSettings = {
  enabled: false,
  idpSignInUrl: "",
  idpEntityId: "",
  idpCertificates: [],
  mitelCredentialsAllowed: false,
  allowSha1: false,
  requireResponseSignature: false,
  integrationAdded: false,
  forceAuthn: false,
  nameIdPolicyFormat: "unspecified",
  idpLogoutUrl: "",
  signAuthnRequests: false,
  encryptedAssertions: false,
};

/** Single sign-out is on for the account when Entra's Logout URL is set. */
export function singleSignOutOn(sso: { idpLogoutUrl: string }): boolean {
  return sso.idpLogoutUrl !== "";
}

export interface AccountRecord {
  id: string;
  platform: PlatformId;
  displayName: string;
  sso: SsoSettings;
  /** Overrides of the SP identifiers; null means "derived from PUBLIC_URL". */
  spEntityIdOverride: string | null;
  replyUrlOverride: string | null;
  /** Stable UUID, given at creation; the Mitel-shaped Identifier ends with it. */
  uuid: string;
  /** The account's URL profile; null = the instance's (config urls.profile). */
  urlProfile: UrlProfileId | null;
  /**
   * Not stored: filled in by AccountService from the configuration when the account's effective
   * profile is "mitel". The SP identifiers (saml/sp-identifiers.ts) read it.
   */
  mitelUrls?: MitelAccountUrls;
  createdAt: number;
  updatedAt: number;
}

export interface NewAccount {
  id: string;
  platform: PlatformId;
  displayName: string;
  sso?: Partial<SsoSettings>;
  spEntityIdOverride?: string | null;
  replyUrlOverride?: string | null;
  urlProfile?: UrlProfileId | null;
  /** Given by a seed file that recreates an exported account; otherwise generated. */
  uuid?: string;
}

export interface AccountPatch {
  displayName?: string;
  sso?: Partial<SsoSettings>;
  spEntityIdOverride?: string | null;
  replyUrlOverride?: string | null;
  urlProfile?: UrlProfileId | null;
}
