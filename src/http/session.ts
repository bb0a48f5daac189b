import { type Request, type RequestHandler, Router } from "express";
import session from "express-session";
import type { AppContext } from "../context.js";
import { DatabaseSessionStore } from "../storage/session-store.js";
import { ACS_ROUTE } from "./acs-handler.js";

export const SESSION_COOKIE = "mms_session";

/**
 * Sessions in the shared database (replicas share them). SameSite=Lax is right for this cookie:
 * the ACS does not need it (the cross-site POST is bound by its own cookie), and the redirect
 * to the landing page after sign-in is a top-level GET, which carries Lax cookies.
 */
export function sessionMiddleware(ctx: AppContext): RequestHandler {
  const sessions = Router();
  // The Reply URL neither reads nor writes a session: Entra's cross-site POST carries no Lax
  // cookie, and an accepted sign-in reaches the browser's session through the hand-over ticket.
  // Skipping it there spares every sign-in a new session id or a session lookup.
  sessions.post(ACS_ROUTE, (_req, _res, next) => next("router"));
  sessions.use(databaseSessions(ctx));
  return sessions;
}

function databaseSessions(ctx: AppContext): RequestHandler {
  const secure = ctx.config.server.publicUrl.startsWith("https://");
  return session({
    name: SESSION_COOKIE,
    secret: ctx.secrets.sessionSecret,
    store: new DatabaseSessionStore(ctx.storage.sessions, {
      defaultTtlMs: ctx.config.server.sessionTtlHours * 3600_000,
      now: ctx.now,
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

/**
 * Stores the session now. Needed before a redirect that the next page depends on (a flash, a new
 * sign-in): express-session saves a changed session only when the response ends, and it writes
 * the status and headers before that save has finished, so a browser that follows the 303 as soon
 * as it sees the Location can load the session before it is stored (it happens under load, and
 * with Postgres, where the save and the next read run on different connections).
 */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}
