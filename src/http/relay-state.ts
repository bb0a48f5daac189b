import { appFor, type Platform } from "../platforms/index.js";

/**
 * Where to land after sign-in. Only a same-origin path is ever followed (no open redirect): an
 * absolute URL, a protocol-relative "//host", backslashes or control characters all fall back to
 * the platform's default app.
 */
export function safeLandingPath(value: unknown, platform: Platform): string {
  const fallback = appFor(platform, null).path;
  if (typeof value !== "string" || value.length === 0 || value.length > 512) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value))
    return fallback;
  try {
    const parsed = new URL(value, "http://same-origin.invalid");
    if (parsed.host !== "same-origin.invalid") return fallback;
    return parsed.pathname + parsed.search;
  } catch {
    return fallback;
  }
}

/** The app whose Sign-on URL a landing path belongs to (for the landing page). */
export function appForPath(path: string, platform: Platform) {
  const pathname = path.split("?")[0];
  return platform.apps.find((a) => a.path === pathname) ?? appFor(platform, null);
}
