import type { UserStatus } from "../../../domain/user.js";
import type { PlatformId } from "../../../platforms/index.js";

/** How each portal names a user's status: MiCloud activates users, CloudLink registers them. */
export function statusLabelsOf(platform: PlatformId): Record<UserStatus, string> {
  return platform === "micloud"
    ? { pending: "Not activated", active: "Active", disabled: "Deactivated" }
    : { pending: "Unregistered", active: "Registered", disabled: "Deactivated" };
}

export function activateVerbOf(platform: PlatformId): string {
  return platform === "micloud" ? "Activate" : "Register";
}

export function isUserStatus(value: string): value is UserStatus {
  return value === "pending" || value === "active" || value === "disabled";
}
