/**
 * CSRF protection of the simulator's own forms: a synchroniser token kept in the session
 * (`entraSimCsrf`) that every state-changing form posts back as `_csrf` (or the X-CSRF-Token header).
 * The SAML endpoint's POST binding is not protected this way: an AuthnRequest arrives cross-site by
 * design and changes nothing by itself.
 */
import { timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import "./session-data.js";
import { randomToken } from "../state/ids.js";
import { sendSimulatorView } from "./views.js";

export function csrfToken(req: Request): string {
  const session = requireSession(req);
  if (!session.entraSimCsrf) {
    session.entraSimCsrf = randomToken(32);
  }
  return session.entraSimCsrf;
}

export const requireCsrf: RequestHandler = (req, res, next) => {
  const expected = requireSession(req).entraSimCsrf;
  const body = req.body as unknown;
  const fromBody =
    typeof body === "object" && body !== null ? (body as Record<string, unknown>)._csrf : undefined;
  const sent = typeof fromBody === "string" ? fromBody : req.get("x-csrf-token");
  if (expected && sent && safeEqual(expected, sent)) {
    next();
    return;
  }
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
};

export function requireSession(req: Request): NonNullable<Request["session"]> {
  if (!req.session) {
    throw new Error("The Entra simulator needs express-session to be mounted before its router");
  }
  return req.session;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
