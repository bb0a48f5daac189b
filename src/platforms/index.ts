import { cloudlinkPlatform } from "./cloudlink/cloudlink-platform.js";
import { micloudPlatform } from "./micloud/micloud-platform.js";
import type { Platform, SignOnApp } from "./platform.js";
import type { PlatformId } from "./platform-id.js";

export type { Platform, SignOnApp } from "./platform.js";
export { isPlatformId, PLATFORM_IDS, type PlatformId } from "./platform-id.js";

const PLATFORMS: Record<PlatformId, Platform> = { micloud: micloudPlatform, cloudlink: cloudlinkPlatform };

export function platformOf(id: PlatformId): Platform {
  return PLATFORMS[id];
}

export function allPlatforms(): Platform[] {
  return Object.values(PLATFORMS);
}

/** The app a RelayState names, or the platform's first (default) app. */
export function appFor(platform: Platform, key: string | null | undefined): SignOnApp {
  return platform.apps.find((a) => a.key === key) ?? (platform.apps[0] as SignOnApp);
}
