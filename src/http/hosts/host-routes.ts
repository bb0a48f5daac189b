import type { Request, RequestHandler } from "express";
import type { AppContext } from "../../context.js";
import type { AccountRecord } from "../../domain/account.js";
import { accountBasePath } from "../../saml/sp-identifiers.js";
import { requestHost, servedUrls, trimSlash } from "./served-urls.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Routing by Host and path (DESIGN §5): one process answers as portal.shoretelsky.com,
 * teamwork.shoretel.com, accounts.mitel.io and authentication.api.mitel.io (or the configured
 * names) besides its own host. A request to a Mitel-shaped URL is rewritten onto this service's
 * own route for it, so each endpoint has exactly one implementation:
 *   Sign-on URL (e.g. https://portal.shoretelsky.com/)            → GET /micloud/portal
 *   Identifier  (…/2017-09-01/saml2/<account-uuid>)                → GET /{platform}/{id}/saml/metadata
 *   Reply URL   (…/2017-09-01/saml2/<account-uuid>/consume)        → POST /{platform}/{id}/saml/acs
 * Every other path is served on every host as it is.
 */
export function mitelHostRoutes(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const served = servedUrls(ctx);
    const host = requestHost(req);
    const path = trimSlash(req.path);
    if (req.method === "GET" || req.method === "HEAD") {
      const signOn = served.signOn.find((s) => s.host === host && s.path === path);
      if (signOn) {
        rewrite(req, signOn.app.path);
        return next();
      }
    }
    const { identifier } = served;
    if (host !== identifier.host || !path.startsWith(`${identifier.basePath}/`)) return next();
    const rest = path.slice(identifier.basePath.length + 1);
    const uuid = rest.split("/")[0] ?? "";
    if (!UUID.test(uuid)) return next();
    const suffix = rest.slice(uuid.length);
    const endpoint =
      suffix === "" && (req.method === "GET" || req.method === "HEAD")
        ? "metadata"
        : suffix === identifier.replyPath && req.method === "POST"
          ? "acs"
          : null;
    if (!endpoint) return next();
    const account = await ctx.accounts.getByUuid(uuid.toLowerCase());
    // Unknown UUID: fall through (an override may still claim this URL, else 404).
    if (account) rewrite(req, `${accountBasePath(account)}/${endpoint}`);
    next();
  };
}

/**
 * The last resort before 404: an account's Identifier or Reply URL override (Advanced settings)
 * is an arbitrary URL that the service must answer at too. Only requests that no route took get
 * here, so the one storage query costs nothing on the paths the service serves anyway. Mounted
 * before a second copy of the SAML routes, which then serve the rewritten request.
 */
export function overrideUrlRoutes(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const wantsMetadata = req.method === "GET" || req.method === "HEAD";
    if (!wantsMetadata && req.method !== "POST") return next();
    const candidates = candidateUrls(req);
    const accounts = await ctx.accounts.findByOverrideUrl(candidates);
    const claims = (a: AccountRecord) =>
      candidates.includes((wantsMetadata ? a.spEntityIdOverride : a.replyUrlOverride) ?? "");
    const account = accounts.find(claims);
    if (account) rewrite(req, `${accountBasePath(account)}/${wantsMetadata ? "metadata" : "acs"}`);
    next();
  };
}

/** The request's URL as an override may have been typed: either scheme, with or without the root slash. */
function candidateUrls(req: Request): string[] {
  const host = requestHost(req);
  const path = req.path;
  const out: string[] = [];
  for (const scheme of ["https", "http"]) {
    out.push(`${scheme}://${host}${path}`);
    if (path === "/") out.push(`${scheme}://${host}`);
    else if (path.endsWith("/")) out.push(`${scheme}://${host}${trimSlash(path)}`);
  }
  return out;
}

/** Points the rest of the router at another path; the query string is kept, originalUrl is not touched. */
function rewrite(req: Request, path: string): void {
  const q = req.url.indexOf("?");
  req.url = q >= 0 ? `${path}${req.url.slice(q)}` : path;
}
