import type { UserStatus } from "../../../domain/user.js";
import { type PlatformId, platformOf } from "../../../platforms/index.js";

/** How each portal names a user's status: MiCloud activates users, CloudLink registers them. */
export function statusLabelsOf(platform: PlatformId): Record<UserStatus, string> {
  return platformOf(platform).wording.statusLabels;
}

export function activateVerbOf(platform: PlatformId): string {
  return platformOf(platform).wording.activateVerb;
}

export function isUserStatus(value: string): value is UserStatus {
  return value === "pending" || value === "active" || value === "disabled";
}
