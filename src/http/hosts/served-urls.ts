import type { AppContext } from "../../context.js";
import { allPlatforms, type Platform, type SignOnApp } from "../../platforms/index.js";
import { mitelSignOnUrl } from "../../platforms/url-profile.js";

/**
 * The hosts and paths this one process answers at besides its own PUBLIC_URL: the Mitel-shaped
 * Sign-on URLs (one per Mitel app) and the Mitel-shaped Identifier prefix. Computed from the
 * configuration once; matching a request is string comparison only (no storage access).
 */
export interface ServedUrls {
  /** Host (hostname[:port], lower case) + path of a Mitel Sign-on URL → the app it opens. */
  signOn: Array<{ host: string; path: string; platform: Platform; app: SignOnApp }>;
  /** Host and path prefix of the Mitel-shaped Identifier (…/2017-09-01/saml2). */
  identifier: { host: string; basePath: string; replyPath: string };
  /** Hosts a cross-host sign-in may return to (see cross-host-sign-in.ts). */
  returnHosts: Set<string>;
}

const cache = new WeakMap<AppContext["config"], ServedUrls>();

export function servedUrls(ctx: AppContext): ServedUrls {
  const known = cache.get(ctx.config);
  if (known) return known;
  const mitel = ctx.config.urls.mitel;
  const signOn = allPlatforms().flatMap((platform) =>
    platform.apps.map((app) => {
      const url = new URL(mitelSignOnUrl(app, mitel));
      return { host: url.host.toLowerCase(), path: trimSlash(url.pathname), platform, app };
    }),
  );
  const id = new URL(mitel.identifierBase);
  const identifier = {
    host: id.host.toLowerCase(),
    basePath: trimSlash(id.pathname),
    replyPath: mitel.replyPath,
  };
  const returnHosts = new Set([
    new URL(ctx.config.server.publicUrl).host.toLowerCase(),
    identifier.host,
    ...signOn.map((s) => s.host),
  ]);
  const served = { signOn, identifier, returnHosts };
  cache.set(ctx.config, served);
  return served;
}

/** "/" stays "/"; "/a/b/" becomes "/a/b". */
export function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/** The Host the browser used (hostname[:port], lower case); Express 5 honours trust proxy here. */
export function requestHost(req: {
  host?: string | undefined;
  headers: { host?: string | undefined };
}): string {
  return (req.host ?? req.headers.host ?? "").toLowerCase();
}

/**
 * A landing path as this host shows it: on a Mitel Sign-on host, the app's own Sign-on URL path
 * ("/" on portal.shoretelsky.com) instead of this service's /micloud/portal; elsewhere unchanged.
 */
export function landingPathOnHost(ctx: AppContext, host: string, landingPath: string): string {
  const [pathname, query] = landingPath.split("?", 2);
  const signOn = servedUrls(ctx).signOn.find((s) => s.host === host && s.app.path === pathname);
  if (!signOn) return landingPath;
  return query ? `${signOn.path}?${query}` : signOn.path;
}
