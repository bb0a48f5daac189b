import { csrfSync } from "csrf-sync";
import type { RequestHandler } from "express";

/**
 * Synchroniser-token CSRF protection (csrf-sync): the token lives in the session and every
 * state-changing form posts it back as `_csrf`. The ACS is exempt: it is a cross-site POST by
 * design and is protected by the signed response and the browser-bound request ID instead.
 */
const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = body && typeof body._csrf === "string" ? body._csrf : undefined;
    return fromBody ?? req.get("x-csrf-token");
  },
  errorConfig: { statusCode: 403, code: "EBADCSRFTOKEN", message: "invalid csrf token" },
});

export const csrfProtection: RequestHandler = csrf.csrfSynchronisedProtection;

/** Puts a token in res.locals.csrfToken for the views (created once per session). */
export const exposeCsrfToken: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = csrf.generateToken(req, false);
  next();
};
