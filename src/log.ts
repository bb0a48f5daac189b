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

const CENSOR = "[redacted]";
const SENSITIVE = new Set(SENSITIVE_KEYS.map((key) => key.toLowerCase()));
/** Deeper than any object the code logs; past it, values are written as they are. */
const MAX_DEPTH = 8;

/**
 * The line's object with every sensitive key's value replaced, at any depth of plain objects,
 * arrays and errors; the same object when there is nothing to replace (the usual case), so a
 * line costs a walk over its few keys and no copies. Other objects (the request and response,
 * which have their own serializers) are left to their serializers.
 *
 * Why not pino's `redact`: its wildcard paths ("*.*.password" for every key) cost about 0.1 ms
 * per line, a few percent of a whole sign-in, for the same result.
 */
export function scrubSensitive(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = scrubSensitive(item, depth + 1);
      if (next !== item) {
        copy ??= [...value];
        copy[i] = next;
      }
    });
    return copy ?? value;
  }
  const isError = value instanceof Error;
  const proto: unknown = Object.getPrototypeOf(value);
  if (!isError && proto !== Object.prototype && proto !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    // body-parser puts the raw request body on its errors.
    const sensitive = SENSITIVE.has(key.toLowerCase()) || (isError && key === "body");
    const next = sensitive ? CENSOR : scrubSensitive(item, depth + 1);
    if (next !== item) {
      copy ??= isError ? { ...value, type: value.constructor.name, message: value.message } : { ...value };
      copy[key] = next;
    }
  }
  return copy ?? value;
}

/** pino's error serializer (type, message, stack, cause), with the raw body and secrets taken out. */
export function serializeError(err: unknown): unknown {
  const serialized = pino.stdSerializers.err(err as Error) as unknown;
  if (serialized === null || typeof serialized !== "object") return serialized;
  const plain: Record<string, unknown> = { ...serialized };
  if ("body" in plain) plain.body = CENSOR;
  return scrubSensitive(plain);
}

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
      formatters: { log: (object) => scrubSensitive(object) as Record<string, unknown> },
      serializers: { err: serializeError },
      base: { service: "mitel-mock-sp" },
      // Every line written while serving a request carries its id (pino-http's own lines too).
      mixin: () => logContext.getStore() ?? {},
    },
    destination as pino.DestinationStream | undefined,
  );
}
