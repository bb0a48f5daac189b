import { join } from "node:path";
import { Eta } from "eta";
import type { Response } from "express";
import { platformOf } from "../platforms/index.js";
import { PROJECT_ROOT } from "../project-root.js";

/** Server-rendered views (Eta, escaping on by default: `<%= %>` escapes, `<%~ %>` is for trusted HTML only). */
export const VIEWS_DIR = join(PROJECT_ROOT, "views");
export const ASSETS_DIR = join(VIEWS_DIR, "assets");

const eta = new Eta({ views: VIEWS_DIR, cache: process.env.NODE_ENV !== "development", autoEscape: true });

export function renderView(view: string, data: Record<string, unknown>): string {
  return eta.render(view, data);
}

/**
 * Renders a view with the values every page needs (title, CSRF token, banner flags) and
 * `platformOf`, so a view (the console's layout, a list of accounts) asks an account's platform
 * object for its words instead of comparing platform ids.
 */
export function sendView(res: Response, view: string, data: Record<string, unknown>, status = 200): void {
  const html = renderView(view, { platformOf, ...res.locals, ...data });
  res.status(status).type("html").send(html);
}
