/** Attributes & Claims: Unique User Identifier (Name ID) source and format. */
import { Router } from "express";
import { NAME_ID_FORMAT_CHOICES, NAME_ID_SOURCES } from "../../state/model.js";
import type { SimulatorContext } from "../context.js";
import { requireCsrf } from "../csrf.js";
import { bodyField, routeParam } from "../form-fields.js";
import { renderApp } from "./app-page.js";
import { loadApp, savedRedirect } from "./shared.js";

export function claimsRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  router.post("/apps/:id/claims", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const source = NAME_ID_SOURCES.find((candidate) => candidate === bodyField(req, "nameIdSource"));
    const format = NAME_ID_FORMAT_CHOICES.find((candidate) => candidate === bodyField(req, "nameIdFormat"));
    if (!source || !format) {
      await renderApp(ctx, req, res, app, {
        errors: { claims: "Choose a source attribute and a name identifier format." },
      });
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      nameIdSource: source,
      nameIdFormat: format,
    }));
    savedRedirect(req, res, app, "claims", "claims");
  });

  return router;
}
