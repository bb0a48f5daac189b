import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.js";
import { verifyPassword } from "../../security/passwords.js";
import { saveSession } from "../session.js";
import { sendView } from "../views.js";
import { OperatorThrottle, type ThrottleOptions } from "./operator-throttle.js";

const HOME = "/admin/accounts";
/** scrypt over a megabyte is a cheap denial of service; no operator password is this long. */
const MAX_PASSWORD_LENGTH = 1024;

/**
 * Where to go after signing in: `next` only when it is an /admin path of this site (no scheme,
 * no //host, no backslash tricks, no way back to the sign-in page); otherwise the accounts list.
 */
export function safeAdminPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length > 2000 || !raw.startsWith("/admin")) return HOME;
  if (raw.startsWith("//") || raw.includes("\\")) return HOME;
  const base = "http://admin.invalid";
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return HOME;
  }
  if (url.origin !== base) return HOME;
  if (url.pathname !== "/admin" && !url.pathname.startsWith("/admin/")) return HOME;
  if (url.pathname.startsWith("/admin/sign-in") || url.pathname.startsWith("/admin/sign-out")) return HOME;
  return `${url.pathname}${url.search}`;
}

function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

function clientKey(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}

function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/**
 * Operator sign-in and sign-out. The password is checked against the scrypt hash of ADMIN_PASSWORD
 * (or of the generated one printed at first start). The session id changes at sign-in (fixation);
 * at most five passwords per client address are checked in 15 minutes (see OperatorThrottle).
 */
export function operatorSessionRoutes(ctx: AppContext, throttleOptions?: ThrottleOptions): Router {
  const router = Router();
  // Read through ctx at each call, so a test (or a future clock source) can move time.
  const throttle = new OperatorThrottle(ctx.storage.rateCounters, () => ctx.now(), throttleOptions);

  const showForm = (res: Response, next: string, extra: Record<string, unknown> = {}, status = 200) =>
    sendView(res, "admin/sign-in", { title: "Operator sign-in", hideNav: true, next, ...extra }, status);

  const showLocked = (res: Response, retryAfterMs: number) => {
    const until = new Date(ctx.now() + retryAfterMs).toISOString().slice(11, 16);
    res.setHeader("Retry-After", String(Math.ceil(retryAfterMs / 1000)));
    sendView(
      res,
      "admin/sign-in-locked",
      { title: "Too many attempts", hideNav: true, waitMinutes: minutes(retryAfterMs), until },
      429,
    );
  };

  router.get("/sign-in", (req, res) => {
    const next = safeAdminPath(req.query.next);
    if (req.session.operator) return res.redirect(303, next);
    showForm(res, next);
  });

  router.post("/sign-in", async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeAdminPath(body.next);
    const key = clientKey(req);
    // Counted before the password is looked at, so attempts in flight count too.
    const admission = await throttle.admit(key);
    if (!admission.admitted) return showLocked(res, admission.retryAfterMs);

    const password = typeof body.password === "string" ? body.password : "";
    const valid =
      password !== "" &&
      password.length <= MAX_PASSWORD_LENGTH &&
      (await verifyPassword(password, ctx.secrets.adminPasswordHash));
    if (!valid) {
      ctx.log.warn({ ip: key }, "operator sign-in failed");
      const { remaining } = admission;
      if (remaining === 0) return showLocked(res, admission.retryAfterMs);
      const error =
        password === ""
          ? "Enter the operator password."
          : `That password is not right. ${remaining} attempt${remaining === 1 ? "" : "s"} left before sign-in is paused for this address.`;
      return showForm(res, next, { error }, password === "" ? 400 : 401);
    }

    await throttle.recordSuccess(key);
    // A new session id at sign-in, so an id planted before sign-in is worth nothing. The Mitel
    // identities signed into the same browser are carried over.
    const identities = req.session.identities;
    await regenerateSession(req);
    if (identities) req.session.identities = identities;
    req.session.operator = { signedInAt: ctx.now() };
    await saveSession(req);
    ctx.log.info({ ip: key }, "operator signed in");
    res.redirect(303, next);
  });

  router.post("/sign-out", async (req, res) => {
    if (req.session.operator) {
      delete req.session.operator;
      await saveSession(req);
    }
    res.redirect(303, "/admin/sign-in");
  });

  return router;
}
