import { type Logger, pino } from "pino";
import { logContext } from "./log-context.js";

export type { Logger } from "pino";

/**
 * Logs never carry SAML messages, cookies, passwords or tokens: a log line is read by more people
 * than the admin console is, and is kept longer. (The sign-in log keeps the raw SAMLResponse for
 * admins on purpose; that is storage behind the operator sign-in, not a log.)
 */
const SENSITIVE_KEYS = [
  "SAMLResponse",
  "SAMLRequest",
  "samlResponse",
  "samlRequest",
  "password",
  "newPassword",
  "adminPassword",
  "adminPasswordHash",
  "passwordHash",
  "token",
  "adminToken",
  "accessToken",
  "secret",
  "sessionSecret",
  "privateKeyPem",
  "cookie",
  "authorization",
  "set-cookie",
  "_csrf",
  "csrfToken",
];

/** A path step for a key: dotted, or bracketed when the key is not an identifier ("set-cookie"). */
const step = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`);

/** Each sensitive key at the top level and up to three objects deep (pino's redaction is path-based). */
export const REDACT_PATHS = [
  ...SENSITIVE_KEYS.flatMap((key) =>
    ["", "*", "*.*", "*.*.*"].map((prefix) => `${prefix}${step(key)}`.replace(/^\./, "")),
  ),
  // body-parser puts the raw body on its errors.
  "err.body",
  "*.err.body",
];

/** Query parameters whose values are replaced in logged URLs (ticket: the one-time sign-in hand-over). */
const SENSITIVE_QUERY = /^(SAMLResponse|SAMLRequest|ticket|token|access_token|password|_csrf)$/i;

/** The URL as it may be logged: sensitive query values replaced (a SAMLResponse in a GET, a token). */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return eq >= 0 && SENSITIVE_QUERY.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join("&")}`;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: { service: "mitel-mock-sp" },
      // Every line written while serving a request carries its id (pino-http's own lines too).
      mixin: () => logContext.getStore() ?? {},
    },
    destination as pino.DestinationStream | undefined,
  );
}
