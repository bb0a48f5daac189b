/** The two Mitel cloud platforms this service plays. Everything else that differs lives in platforms/. */
export const PLATFORM_IDS = ["micloud", "cloudlink"] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

export function isPlatformId(value: unknown): value is PlatformId {
  return typeof value === "string" && (PLATFORM_IDS as readonly string[]).includes(value);
}
