/**
 * The simulator's own Eta instance over the project's views/ folder (templates under
 * views/entra-sim/). Escaping is on: `<%= %>` escapes, `<%~ %>` is only for the layout's body.
 * The SP's view helpers are deliberately not used, so the simulator stands on its own.
 */
import { join } from "node:path";
import { Eta } from "eta";
import type { Response } from "express";
import { PROJECT_ROOT } from "../../project-root.js";

const eta = new Eta({
  views: join(PROJECT_ROOT, "views"),
  autoEscape: true,
  cache: process.env.NODE_ENV !== "development",
});

export function renderSimulatorView(view: string, data: Record<string, unknown>): string {
  return eta.render(`entra-sim/${view}`, data);
}

export function sendSimulatorView(
  res: Response,
  view: string,
  data: Record<string, unknown>,
  status = 200,
): void {
  const html = renderSimulatorView(view, data);
  res.status(status).type("html").set("Cache-Control", "no-store").send(html);
}
