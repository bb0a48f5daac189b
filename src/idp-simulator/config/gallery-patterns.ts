/**
 * A gallery application's preconfigured URL patterns, as Entra checks them in Basic SAML
 * Configuration (a red exclamation mark and no Save when a value does not match). The patterns
 * "Mitel Connect" enforces today are not published; Microsoft's tutorial documented the
 * Identifier https://authentication.api.mitel.io/2017-09-01/saml2/<account-uuid> and the Sign-on
 * URLs of the three Mitel portals. The host application passes its own Mitel-shaped URLs in, so
 * that what the simulator accepts is what the mock's Mitel-shaped profile produces.
 *
 * The exact sentence Entra shows could not be checked offline; ENTRA_PATTERN_MESSAGE is its
 * closest rendering here and lives in one place so it can be corrected in one place.
 */
import type { BasicSamlConfiguration } from "../state/model.js";

export interface GalleryPatternInput {
  /** e.g. https://authentication.api.mitel.io/2017-09-01/saml2 */
  identifierBase: string;
  /** e.g. https://portal.shoretelsky.com, https://teamwork.shoretel.com, https://accounts.mitel.io */
  signOnUrls: string[];
}

/** One field's patterns: what the portal shows, and the test behind it. */
export interface FieldPatterns {
  shown: string[];
  matches(value: string): boolean;
}

export interface GalleryPatterns {
  identifier: FieldPatterns;
  replyUrl: FieldPatterns;
  signOnUrl: FieldPatterns;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function mitelConnectPatterns(input: GalleryPatternInput): GalleryPatterns {
  const base = input.identifierBase.replace(/\/+$/, "");
  const identifier = new RegExp(`^${escapeRegExp(base)}/[^/?#\\s]+$`, "i");
  const reply = new RegExp(`^${escapeRegExp(base)}/[^/?#\\s]+(/[^?#\\s]*)?$`, "i");
  const signOn = input.signOnUrls.map((url) => url.replace(/\/+$/, ""));
  const signOnTest = new RegExp(`^(${signOn.map(escapeRegExp).join("|")})(/[^\\s#]*)?$`, "i");
  return {
    identifier: { shown: [`${base}/<account-uuid>`], matches: (v) => identifier.test(v) },
    replyUrl: { shown: [`${base}/<account-uuid>/*`], matches: (v) => reply.test(v) },
    // An empty Sign on URL is allowed by Entra (Test this application then has nowhere to go).
    signOnUrl: { shown: signOn, matches: (v) => v === "" || signOnTest.test(v) },
  };
}

const FIELD_LABELS: Record<keyof GalleryPatterns, string> = {
  identifier: "Identifier (Entity ID)",
  replyUrl: "Reply URL (Assertion Consumer Service URL)",
  signOnUrl: "Sign on URL",
};

export function ENTRA_PATTERN_MESSAGE(field: keyof GalleryPatterns, value: string, shown: string[]): string {
  return `The ${FIELD_LABELS[field]} '${value}' does not match the expected pattern for this application. Patterns: ${shown.join(", ")}`;
}

/** The fields whose value is outside the gallery app's patterns, with Entra's message. */
export function checkGalleryPatterns(
  values: BasicSamlConfiguration,
  patterns: GalleryPatterns,
): Partial<Record<keyof GalleryPatterns, string>> {
  const errors: Partial<Record<keyof GalleryPatterns, string>> = {};
  for (const field of ["identifier", "replyUrl", "signOnUrl"] as const) {
    const value = values[field];
    if (!patterns[field].matches(value))
      errors[field] = ENTRA_PATTERN_MESSAGE(field, value, patterns[field].shown);
  }
  return errors;
}
