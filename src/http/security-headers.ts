import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Security headers for every response.
 *
 * - Content-Security-Policy: scripts and styles from this origin only (no inline script, no
 *   inline event handler, no inline style), no plugins, no framing (clickjacking of the admin
 *   console), no <base> tricks. form-action stays open: the sign-on form's POST answers with a
 *   redirect to Entra (another origin), which Chromium checks against form-action, and the Entra
 *   simulator's page posts the SAMLResponse to a Reply URL on another origin.
 * - HSTS only when the public URL is https (a plain-http localhost must stay reachable).
 * - Cache-Control: no-store on everything but /assets: sign-in results, landing pages with
 *   claims and admin screens must not stay in shared or browser caches.
 */
export function securityHeaders(publicUrl: string): RequestHandler[] {
  const noStore: RequestHandler = (req, res, next) => {
    if (!req.path.startsWith("/assets/")) res.setHeader("Cache-Control", "no-store");
    next();
  };
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'"],
          "script-src-attr": ["'none'"],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "object-src": ["'none'"],
          "base-uri": ["'none'"],
          "frame-ancestors": ["'none'"],
          "form-action": null,
          "upgrade-insecure-requests": null,
        },
      },
      frameguard: { action: "deny" },
      referrerPolicy: { policy: "no-referrer" },
      strictTransportSecurity: publicUrl.startsWith("https://"),
    }),
    noStore,
  ];
}
