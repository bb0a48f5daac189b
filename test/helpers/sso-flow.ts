import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";
import type { Express } from "express";
import request from "supertest";

/** Reads the AuthnRequest out of an HTTP-Redirect Location, as Entra would. */
export function readRedirect(location: string) {
  const url = new URL(location);
  const samlRequest = url.searchParams.get("SAMLRequest");
  if (!samlRequest) throw new Error(`no SAMLRequest in ${location}`);
  const xml = inflateRawSync(Buffer.from(samlRequest, "base64")).toString("utf8");
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const root = doc.documentElement;
  return {
    url,
    xml,
    root,
    id: root.getAttribute("ID") ?? "",
    relayState: url.searchParams.get("RelayState"),
    loginHint: url.searchParams.get("login_hint"),
  };
}

/** The Set-Cookie value of one cookie ("name=value"), or null. */
export function cookieFrom(res: request.Response, name: string): string | null {
  const raw = res.headers["set-cookie"] as unknown as string[] | undefined;
  const line = raw?.find((c) => c.startsWith(`${name}=`));
  return line ? (line.split(";")[0] ?? null) : null;
}

/**
 * Starts SSO as a browser would (GET the login URL), keeping the browser-binding cookie.
 * supertest's agent does not send Secure cookies over http, which browsers do on localhost,
 * so the binding cookie is carried by hand.
 */
export async function startSsoLogin(app: Express, path: string, agent = request.agent(app)) {
  const res = await agent.get(path).redirects(0);
  if (res.status !== 302)
    throw new Error(`expected 302 from ${path}, got ${res.status}: ${res.text.slice(0, 300)}`);
  const binding = cookieFrom(res, "mms_sso_binding");
  return { agent, res, binding, request: readRedirect(res.headers.location as string) };
}

/** Posts a SAMLResponse to the ACS the way the browser does after Entra (cross-site form POST). */
export function postToAcs(
  agent: ReturnType<typeof request.agent>,
  acsPath: string,
  samlResponse: string,
  options: { binding?: string | null; relayState?: string | null; accept?: string } = {},
) {
  let req = agent.post(acsPath).type("form").redirects(0);
  if (options.binding) req = req.set("Cookie", options.binding);
  if (options.accept) req = req.set("Accept", options.accept);
  const form: Record<string, string> = { SAMLResponse: samlResponse };
  if (options.relayState) form.RelayState = options.relayState;
  return req.send(form);
}

/**
 * After the ACS accepted a response it redirects (303) to .../saml/complete?ticket=…, where the
 * identity joins the browser's own session. Follows that hop as the browser does (with the
 * binding cookie) and returns its response: a 303 to the landing page.
 */
export async function followSignInTicket(
  agent: ReturnType<typeof request.agent>,
  acsResponse: request.Response,
  binding: string | null,
) {
  const location = acsResponse.headers.location as string | undefined;
  if (acsResponse.status !== 303 || !location?.includes("/saml/complete?ticket=")) {
    throw new Error(`expected a 303 to the sign-in ticket, got ${acsResponse.status} ${location ?? ""}`);
  }
  let req = agent.get(location).redirects(0);
  if (binding) req = req.set("Cookie", binding);
  return req;
}
