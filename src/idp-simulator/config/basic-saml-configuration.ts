/**
 * "Basic SAML Configuration" as the Entra portal validates it when the admin presses Save:
 * the Identifier is required, is a URI, and is unique in the tenant; the Reply URL is https, or
 * http only on localhost / 127.0.0.1; the Sign on URL is an http(s) URL when given.
 */
import type { BasicSamlConfiguration } from "../state/model.js";

export type BasicSamlField = keyof BasicSamlConfiguration;
export type BasicSamlErrors = Partial<Record<BasicSamlField, string>>;

export type BasicSamlValidation =
  | { ok: true; value: BasicSamlConfiguration }
  | { ok: false; value: BasicSamlConfiguration; errors: BasicSamlErrors };

const MAX_URL_LENGTH = 1000;
const MAX_RELAY_STATE_LENGTH = 1000;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

export interface ExistingIdentifier {
  identifier: string;
  displayName: string;
}

export function validateBasicSamlConfiguration(
  raw: Partial<Record<BasicSamlField, unknown>>,
  /** The Identifiers of the tenant's other applications. */
  otherApps: readonly ExistingIdentifier[],
): BasicSamlValidation {
  const value: BasicSamlConfiguration = {
    identifier: text(raw.identifier),
    replyUrl: text(raw.replyUrl),
    signOnUrl: text(raw.signOnUrl),
    relayState: text(raw.relayState),
    logoutUrl: text(raw.logoutUrl),
  };
  const errors: BasicSamlErrors = {};

  const identifierError = checkIdentifier(value.identifier);
  const clash = otherApps.find((other) => other.identifier === value.identifier);
  if (identifierError) {
    errors.identifier = identifierError;
  } else if (clash) {
    errors.identifier = `Another application in this directory ("${clash.displayName}") already uses the Identifier '${value.identifier}'. An Identifier must be unique in the tenant.`;
  }

  const replyError = checkReplyUrl(value.replyUrl, "Reply URL", true);
  if (replyError) {
    errors.replyUrl = replyError;
  }
  const signOnError = checkHttpUrl(value.signOnUrl, "Sign on URL");
  if (signOnError) {
    errors.signOnUrl = signOnError;
  }
  if (value.relayState.length > MAX_RELAY_STATE_LENGTH) {
    errors.relayState = `Relay State must be at most ${MAX_RELAY_STATE_LENGTH} characters.`;
  }
  const logoutError = checkReplyUrl(value.logoutUrl, "Logout URL", false);
  if (logoutError) {
    errors.logoutUrl = logoutError;
  }

  return Object.keys(errors).length === 0 ? { ok: true, value } : { ok: false, value, errors };
}

/** Entra's rule for Reply URLs: https, or http on localhost / 127.0.0.1 only. */
export function checkReplyUrl(value: string, label: string, required: boolean): string | undefined {
  if (value === "") {
    return required ? `${label} is required.` : undefined;
  }
  const url = parseUrl(value);
  if (!url || value.length > MAX_URL_LENGTH || /\s/.test(value)) {
    return `${label} must be a valid absolute URL.`;
  }
  if (value.includes("*")) {
    return `${label} must not contain a wildcard (*).`;
  }
  if (url.hash !== "" || value.includes("#")) {
    return `${label} must not contain a fragment (#...).`;
  }
  if (url.protocol === "https:") {
    return undefined;
  }
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) {
    return undefined;
  }
  return `${label} must begin with 'https' or 'http://localhost'. '${value}' is not allowed.`;
}

function checkIdentifier(value: string): string | undefined {
  if (value === "") {
    return "Identifier (Entity ID) is required.";
  }
  if (value.length > MAX_URL_LENGTH || /\s/.test(value) || !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(value)) {
    return "Identifier (Entity ID) must be a valid URI, for example https://example.com/saml or urn:example:sp.";
  }
  return undefined;
}

function checkHttpUrl(value: string, label: string): string | undefined {
  if (value === "") {
    return undefined;
  }
  const url = parseUrl(value);
  if (!url || value.length > MAX_URL_LENGTH || /\s/.test(value)) {
    return `${label} must be a valid absolute URL.`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return `${label} must begin with 'https://' or 'http://'.`;
  }
  return undefined;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}
