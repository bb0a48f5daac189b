import type { CookieOptions, Request, Response } from "express";
import { newSecret, sha256Hex } from "../security/random-ids.js";

/**
 * Binds an AuthnRequest to the browser that started it (login CSRF defence). The ACS POST comes
 * cross-site from Entra, so a SameSite=Lax cookie would not be sent with it: this cookie is
 * SameSite=None, which browsers accept only with Secure. Chromium and Firefox allow Secure cookies
 * on http://localhost, so this works over https and on localhost; on other plain-http hosts the
 * browser drops the cookie and sign-in fails with REQUEST_NOT_FROM_THIS_BROWSER (use https).
 */
export const BINDING_COOKIE = "mms_sso_binding";

export function bindingCookieOptions(ttlMs: number, path: string): CookieOptions {
  return { httpOnly: true, secure: true, sameSite: "none", maxAge: ttlMs, path };
}

/** Reuses this browser's nonce when it has one, so several tabs can sign in at once. */
export function ensureBindingNonce(
  req: Request,
  res: Response,
  ttlMs: number,
): { nonce: string; hash: string } {
  const existing = readBindingNonce(req);
  const nonce = existing ?? newSecret(24);
  res.cookie(BINDING_COOKIE, nonce, bindingCookieOptions(ttlMs, "/"));
  return { nonce, hash: sha256Hex(nonce) };
}

export function readBindingNonce(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === BINDING_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : null;
    }
  }
  return null;
}
