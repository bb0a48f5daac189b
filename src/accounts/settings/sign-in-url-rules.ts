import { EXAMPLE_LOGIN_URL, recogniseEntraValue, tenantOfLoginUrl } from "./entra-shapes.js";
import { type FieldCheck, startOneLineCheck } from "./field-check.js";

export interface SignInUrlOptions {
  /** Field label as the platform words it ("Sign-in URL"). */
  label?: string;
  /** Origins allowed over plain http besides localhost (the configured simulator's). */
  httpOrigins?: string[];
}

const MAX_LENGTH = 2048;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isLocalHttp(url: URL): boolean {
  return url.protocol === "http:" && (LOCAL_HOSTS.has(url.hostname) || url.hostname.endsWith(".localhost"));
}

/**
 * Sign-in URL: where the AuthnRequest is sent (Entra's "Login URL"). It must be an absolute https
 * URL (http only for localhost, like Entra's own Reply URL rule); a URL that is not shaped like
 * Entra's or the simulator's Login URL is accepted with a warning that names what it looks like.
 */
export function checkSignInUrl(raw: string, options: SignInUrlOptions = {}): FieldCheck {
  const label = options.label ?? "Sign-in URL";
  const { value, result, done } = startOneLineCheck(raw, {
    label,
    maxLength: MAX_LENGTH,
    what: "a Login URL",
    whitespace: "the URL contains spaces or line breaks. Copy Entra's Login URL again, in one piece.",
  });
  if (done) return done;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return result(`${label}: enter an absolute URL such as ${EXAMPLE_LOGIN_URL} (Entra's "Login URL").`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return result(`${label}: use an https URL such as ${EXAMPLE_LOGIN_URL}, not a ${url.protocol} address.`);
  }
  if (url.protocol === "http:" && !isLocalHttp(url) && !(options.httpOrigins ?? []).includes(url.origin)) {
    return result(`${label}: use https. Plain http is accepted only for localhost.`);
  }
  if (url.username || url.password)
    return result(`${label}: the URL must not contain a user name or password.`);
  return result(null, shapeWarnings(value, label));
}

function shapeWarnings(value: string, label: string): string[] {
  if (tenantOfLoginUrl(value)) return [];
  const lookalike = recogniseEntraValue(value);
  switch (lookalike?.kind) {
    case "identifier":
    case "identifier-without-slash":
    case "identifier-extra-slashes":
    case "v2-issuer":
      return [
        `${label}: this is the Microsoft Entra Identifier, which belongs in the Entity ID box. Paste Entra's "Login URL" here (${EXAMPLE_LOGIN_URL}).`,
      ];
    case "federation-metadata-url":
      return [
        `${label}: this is the App Federation Metadata URL, not the Login URL. Paste Entra's "Login URL" (${EXAMPLE_LOGIN_URL}), or use Import Federation Metadata XML.`,
      ];
    default:
      return [
        `${label}: this does not look like Entra's Login URL (${EXAMPLE_LOGIN_URL}). Copy it from "Set up Mitel Connect" in the Entra application's Single sign-on page.`,
      ];
  }
}
