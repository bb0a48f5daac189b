import type { RequestHandler } from "express";
import type { AppContext } from "../context.js";
import { AppError } from "../errors.js";
import { secretsEqual } from "../security/passwords.js";

/** Pages under /admin: a signed-in operator, else 302 to the sign-in page (JSON clients get 401). */
export const requireOperator: RequestHandler = (req, res, next) => {
  if (req.session?.operator) return next();
  if (req.accepts(["html", "json"]) === "json") {
    return next(
      new AppError("OPERATOR_SIGN_IN_REQUIRED", "Sign in to the operator console first.", { status: 401 }),
    );
  }
  const back = req.originalUrl.startsWith("/admin") ? req.originalUrl : "/admin";
  res.redirect(302, `/admin/sign-in?next=${encodeURIComponent(back)}`);
};

/** /api/v1: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
export function requireBearerToken(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match?.[1] && secretsEqual(match[1], ctx.secrets.adminToken)) return next();
    res.setHeader("WWW-Authenticate", 'Bearer realm="mitel-mock-sp"');
    next(new AppError("UNAUTHORIZED", "A valid bearer token (ADMIN_TOKEN) is required.", { status: 401 }));
  };
}
