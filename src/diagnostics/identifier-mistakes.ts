/**
 * Recognises the usual mistakes when an identifier or URL is copied between Entra and the Mitel
 * portal: a trailing slash, letter case, whitespace or a line break, http vs https, another host
 * (a reverse proxy in front of this service), another tenant. Returns one sentence, or null when
 * the two values simply differ.
 */
export type IdentifierRole =
  /** A value this service derives from PUBLIC_URL (Mitel Identifier, Reply URL). */
  | "sp"
  /** Entra's Microsoft Entra Identifier, as pasted into the Mitel portal. */
  | "idp";

const TENANT_IN_URL = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function visible(value: string): string {
  return JSON.stringify(value);
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

export function identifierMistake(expected: string, actual: string, role: IdentifierRole): string | null {
  if (expected === actual) return null;
  if (actual.trim() === "") return "the value is empty.";
  if (actual.trim() === expected.trim()) {
    return `whitespace: one value has a space or line break at its start or end (${visible(actual)} vs ${visible(expected)}).`;
  }
  if (actual.replace(/\s+/g, "") === expected.replace(/\s+/g, "")) {
    return `whitespace: a space or line break inside the value (${visible(actual)} vs ${visible(expected)}).`;
  }
  const slashless = (v: string) => v.replace(/\/+$/, "");
  if (slashless(actual) === slashless(expected)) {
    return actual.endsWith("/")
      ? "trailing slash: the received value ends with “/”, the expected one does not."
      : "trailing slash: the expected value ends with “/”, the received one does not.";
  }
  if (actual.toLowerCase() === expected.toLowerCase()) {
    return "letter case: the values differ only in upper/lower case, and identifiers are compared exactly.";
  }
  if (slashless(actual).toLowerCase() === slashless(expected).toLowerCase()) {
    return "letter case and a trailing slash: identifiers are compared exactly.";
  }
  const a = parseUrl(actual.trim());
  const e = parseUrl(expected.trim());
  if (a && e) return urlMistake(e, a, role);
  return null;
}

function urlMistake(expected: URL, actual: URL, role: IdentifierRole): string | null {
  const samePath = expected.pathname.replace(/\/+$/, "") === actual.pathname.replace(/\/+$/, "");
  if (role === "idp") return issuerMistake(expected, actual);
  const proxyAdvice =
    "If users reach this service through a reverse proxy or load balancer, set PUBLIC_URL to the address they use " +
    "(and TRUST_PROXY so the client address is read from X-Forwarded-For); otherwise change the value in Entra.";
  if (samePath && expected.host === actual.host && expected.protocol !== actual.protocol) {
    return `http vs https: Entra has ${actual.protocol.replace(":", "")}, this service's PUBLIC_URL gives ${expected.protocol.replace(":", "")}. ${proxyAdvice}`;
  }
  if (samePath && expected.host !== actual.host) {
    const what = expected.hostname === actual.hostname ? "another port" : "another host";
    return `${what}: Entra has ${actual.origin}, this service's PUBLIC_URL is ${expected.origin}. ${proxyAdvice}`;
  }
  if (/authentication\.api\.mitel\.io/i.test(actual.host)) {
    return "Entra holds the identifier of the real Mitel service. To rehearse against this mock, change it in Entra, or set this account's SP identifier override to that value.";
  }
  if (expected.origin === actual.origin && !samePath) {
    const account = actual.pathname.match(/^\/(micloud|cloudlink)\/([^/]+)\/saml\//);
    if (account)
      return `another account: the value points at ${account[1]} account “${decodeURIComponent(account[2] ?? "")}”.`;
  }
  return null;
}

function issuerMistake(expected: URL, actual: URL): string | null {
  const expectedTenant = expected.href.match(TENANT_IN_URL)?.[0]?.toLowerCase();
  const actualTenant = actual.href.match(TENANT_IN_URL)?.[0]?.toLowerCase();
  if (expectedTenant && actualTenant && expectedTenant !== actualTenant) {
    return `another tenant: Entra signed as tenant ${actualTenant}, this account trusts tenant ${expectedTenant}. The Mitel Connect app in Entra lives in another tenant than the settings were copied from.`;
  }
  if (actual.host === "sts.windows.net" && expected.host !== "sts.windows.net") {
    if (/\/saml2\/?$/i.test(expected.pathname)) {
      return "the Entity ID field holds Entra's Login URL; paste the Microsoft Entra Identifier (https://sts.windows.net/…/) instead.";
    }
    if (/\/v2\.0\/?$/i.test(expected.pathname) || expected.host === "login.microsoftonline.com") {
      return "the Entity ID field holds another Entra URL (the OpenID Connect v2.0 issuer or a login address); SAML uses the Microsoft Entra Identifier https://sts.windows.net/<tenant>/.";
    }
  }
  return null;
}
