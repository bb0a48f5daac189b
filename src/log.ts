import { type Logger, pino } from "pino";

export type { Logger } from "pino";

/**
 * Logs never carry SAML messages, cookies, passwords or tokens: a log line is read by more people
 * than the admin console is.
 */
export const REDACT_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
  "SAMLResponse",
  "*.SAMLResponse",
  "password",
  "*.password",
  "token",
  "*.token",
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" }, base: { service: "mitel-mock-sp" } },
    destination as pino.DestinationStream | undefined,
  );
}
