/**
 * CSRF protection of the simulator's own forms: csrf-sync's synchroniser token, kept in the
 * session under the simulator's own key (`entraSimCsrf`, apart from the service's), posted back
 * as `_csrf` (or the X-CSRF-Token header). A refused form gets the simulator's own page. The SAML
 * endpoint's POST binding is not protected this way: an AuthnRequest arrives cross-site by design
 * and changes nothing by itself.
 */
import { csrfSync } from "csrf-sync";
import type { Request, RequestHandler } from "express";
import "./session-data.js";
import { sendSimulatorView } from "./views.js";

const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = body && typeof body._csrf === "string" ? body._csrf : undefined;
    return fromBody ?? req.get("x-csrf-token");
  },
  getTokenFromState: (req) => requireSession(req).entraSimCsrf,
  storeTokenInState: (req, token) => {
    requireSession(req).entraSimCsrf = token ?? undefined;
  },
});

/** The session's token, created on first use (one per session, as before). */
export function csrfToken(req: Request): string {
  return csrf.generateToken(req, false);
}

export const requireCsrf: RequestHandler = (req, res, next) => {
  csrf.csrfSynchronisedProtection(req, res, (err?: unknown) => {
    if (!err) return next();
    sendSimulatorView(
      res,
      "message",
      {
        title: "Request refused",
        base: req.baseUrl,
        heading: "This form has expired",
        text: "The form was sent without a valid security token (CSRF). Go back, reload the page and try again.",
      },
      403,
    );
  });
};

export function requireSession(req: Request): NonNullable<Request["session"]> {
  if (!req.session) {
    throw new Error("The Entra simulator needs express-session to be mounted before its router");
  }
  return req.session;
}
