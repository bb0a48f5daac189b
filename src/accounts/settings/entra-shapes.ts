/**
 * The shapes of the values an admin copies from Entra's "Set up Mitel Connect" section, used to
 * warn (never to refuse) when a pasted value does not look like what Entra shows.
 */
const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Entra's Login URL: https://login.microsoftonline.com/{tenant}/saml2 */
const ENTRA_LOGIN_URL = new RegExp(`^https://login\\.microsoftonline\\.com/(${GUID})/saml2$`, "i");
/** The simulator's Login URL on whatever host serves it: {base}/entra-sim/{tenant}/saml2 */
const SIMULATOR_LOGIN_PATH = new RegExp(`^/entra-sim/(${GUID})/saml2$`, "i");
/** Entra's "Microsoft Entra Identifier": https://sts.windows.net/{tenant}/ (trailing slash included). */
const ENTRA_IDENTIFIER = new RegExp(`^https://sts\\.windows\\.net/(${GUID})/$`, "i");
const ENTRA_IDENTIFIER_NO_SLASH = new RegExp(`^https://sts\\.windows\\.net/(${GUID})$`, "i");
const ENTRA_IDENTIFIER_EXTRA_SLASHES = new RegExp(`^https://sts\\.windows\\.net/(${GUID})//+$`, "i");
/** Entra's v2 issuer, which the SAML endpoint never sends. */
const ENTRA_V2_ISSUER = new RegExp(`^https://login\\.microsoftonline\\.com/(${GUID})/v2\\.0/?$`, "i");
const FEDERATION_METADATA_URL = /\/federationmetadata\/2007-06\/federationmetadata\.xml/i;

export const EXAMPLE_LOGIN_URL = "https://login.microsoftonline.com/{tenant-id}/saml2";
export const EXAMPLE_IDENTIFIER = "https://sts.windows.net/{tenant-id}/";

function lower(value: string | undefined): string | null {
  return value ? value.toLowerCase() : null;
}

/** The tenant GUID of a Login URL (Entra's or the simulator's), or null when it is not shaped like one. */
export function tenantOfLoginUrl(value: string): string | null {
  const entra = ENTRA_LOGIN_URL.exec(value);
  if (entra) return lower(entra[1]);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.search || url.hash) return null;
  return lower(SIMULATOR_LOGIN_PATH.exec(url.pathname)?.[1]);
}

export function tenantOfIdentifier(value: string): string | null {
  return lower(ENTRA_IDENTIFIER.exec(value)?.[1]);
}

/** What else a value might be, so a warning can name the mistake rather than only the rule. */
export type EntraLookalike =
  | { kind: "identifier"; tenantId: string }
  | { kind: "identifier-without-slash"; tenantId: string }
  | { kind: "identifier-extra-slashes"; tenantId: string }
  | { kind: "v2-issuer"; tenantId: string }
  | { kind: "login-url"; tenantId: string }
  | { kind: "federation-metadata-url" }
  | null;

export function recogniseEntraValue(value: string): EntraLookalike {
  const tenant = (re: RegExp) => lower(re.exec(value)?.[1]);
  const identifier = tenant(ENTRA_IDENTIFIER);
  if (identifier) return { kind: "identifier", tenantId: identifier };
  const noSlash = tenant(ENTRA_IDENTIFIER_NO_SLASH);
  if (noSlash) return { kind: "identifier-without-slash", tenantId: noSlash };
  const extra = tenant(ENTRA_IDENTIFIER_EXTRA_SLASHES);
  if (extra) return { kind: "identifier-extra-slashes", tenantId: extra };
  const v2 = tenant(ENTRA_V2_ISSUER);
  if (v2) return { kind: "v2-issuer", tenantId: v2 };
  const login = tenantOfLoginUrl(value);
  if (login) return { kind: "login-url", tenantId: login };
  if (FEDERATION_METADATA_URL.test(value)) return { kind: "federation-metadata-url" };
  return null;
}
