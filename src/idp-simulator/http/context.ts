import type { GalleryPatterns } from "../config/gallery-patterns.js";
import type { SimulatorState } from "../state/simulator-state.js";

export interface SimulatorLog {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

/** What the simulator's routes share. */
export interface SimulatorContext {
  state: SimulatorState;
  /** The simulator's public base URL, without a trailing slash (the router lives under /entra-sim). */
  publicUrl: string;
  now: () => number;
  log: SimulatorLog;
  /** Set: Basic SAML Configuration of a gallery app must match these patterns, as in Entra. */
  galleryPatterns: GalleryPatterns | null;
}

/** Where the lead mounts the router; absolute URLs handed to admins include it. */
export const MOUNT_PATH = "/entra-sim";

export interface TenantUrls {
  /** "Login URL": the SAML endpoint. */
  loginUrl: string;
  /** "Microsoft Entra Identifier". */
  entraIdentifier: string;
  /** "Logout URL": Entra's is the same SAML endpoint. */
  logoutUrl: string;
}

export function tenantUrls(ctx: Pick<SimulatorContext, "publicUrl">, tenantId: string): TenantUrls {
  const loginUrl = `${ctx.publicUrl}${MOUNT_PATH}/${tenantId}/saml2`;
  return { loginUrl, entraIdentifier: `https://sts.windows.net/${tenantId}/`, logoutUrl: loginUrl };
}

/** "App Federation Metadata Url", keyed by the Application ID as Entra's is. */
export function appFederationMetadataUrl(ctx: SimulatorContext, tenantId: string, appId: string): string {
  return `${ctx.publicUrl}${MOUNT_PATH}/${tenantId}/federationmetadata/2007-06/federationmetadata.xml?appid=${encodeURIComponent(appId)}`;
}

/** "2026-11-26 10:00 UTC" */
export function displayTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
