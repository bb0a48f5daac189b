import type { RequestHandler } from "express";
import session from "express-session";
import type { AppContext } from "../context.js";
import { DatabaseSessionStore } from "../storage/session-store.js";

export const SESSION_COOKIE = "mms_session";

/**
 * Sessions in the shared database (replicas share them). SameSite=Lax is right for this cookie:
 * the ACS does not need it (the cross-site POST is bound by its own cookie), and the redirect
 * to the landing page after sign-in is a top-level GET, which carries Lax cookies.
 */
export function sessionMiddleware(ctx: AppContext): RequestHandler {
  const secure = ctx.config.server.publicUrl.startsWith("https://");
  return session({
    name: SESSION_COOKIE,
    secret: ctx.secrets.sessionSecret,
    store: new DatabaseSessionStore(ctx.storage.sessions, {
      defaultTtlMs: ctx.config.server.sessionTtlHours * 3600_000,
    }),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    proxy: ctx.config.server.trustProxy !== false,
    cookie: {
      httpOnly: true,
      sameSite: "lax",
      secure: secure ? "auto" : false,
      maxAge: ctx.config.server.sessionTtlHours * 3600_000,
      path: "/",
    },
  });
}
