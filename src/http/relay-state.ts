import { appFor, type Platform } from "../platforms/index.js";

const ORIGIN = "http://same-origin.invalid";

/**
 * Where to land after sign-in. Only a same-origin path is ever followed (no open redirect): an
 * absolute URL, a protocol-relative "//host", backslashes or control characters all fall back to
 * the platform's default app. The path is checked again after URL normalisation, because dot
 * segments can turn a harmless-looking "/..//evil.example" into "//evil.example".
 */
export function safeLandingPath(value: unknown, platform: Platform): string {
  const fallback = appFor(platform, null).path;
  if (typeof value !== "string" || value.length === 0 || value.length > 512) return fallback;
  if (!isPlainPath(value)) return fallback;
  try {
    const parsed = new URL(value, ORIGIN);
    if (parsed.origin !== ORIGIN) return fallback;
    const path = parsed.pathname + parsed.search;
    return isPlainPath(path) ? path : fallback;
  } catch {
    return fallback;
  }
}

/** Starts with exactly one "/" and holds no backslash or control character. */
function isPlainPath(value: string): boolean {
  if (!value.startsWith("/") || value.startsWith("//")) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  return !/[\\\u0000-\u001f\u007f]/.test(value);
}

/** The app whose Sign-on URL a landing path belongs to (for the landing page). */
export function appForPath(path: string, platform: Platform) {
  const pathname = path.split("?")[0];
  return platform.apps.find((a) => a.path === pathname) ?? appFor(platform, null);
}
