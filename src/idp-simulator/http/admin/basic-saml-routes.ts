/** Basic SAML Configuration > Save, validated as Entra does (and, when enforced, the gallery app's patterns). */
import { Router } from "express";
import { validateBasicSamlConfiguration } from "../../config/basic-saml-configuration.js";
import { checkGalleryPatterns } from "../../config/gallery-patterns.js";
import type { SimulatorContext } from "../context.js";
import { requireCsrf } from "../csrf.js";
import { bodyField, routeParam } from "../form-fields.js";
import { renderApp } from "./app-page.js";
import { loadApp, savedRedirect } from "./shared.js";

export function basicSamlRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  router.post("/apps/:id/basic-saml", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) return;
    const others = (await state.listApps(app.tenantId)).filter((other) => other.id !== app.id);
    const result = validateBasicSamlConfiguration(
      {
        identifier: bodyField(req, "identifier"),
        replyUrl: bodyField(req, "replyUrl"),
        signOnUrl: bodyField(req, "signOnUrl"),
        relayState: bodyField(req, "relayState"),
        logoutUrl: bodyField(req, "logoutUrl"),
      },
      others,
    );
    // A gallery app's preconfigured patterns come on top of the general rules (non-gallery apps
    // take any URL); the general rule's message wins for a field that breaks both.
    const patternErrors =
      ctx.galleryPatterns && app.galleryApp ? checkGalleryPatterns(result.value, ctx.galleryPatterns) : {};
    const errors = { ...patternErrors, ...(result.ok ? {} : result.errors) };
    if (Object.keys(errors).length > 0) {
      await renderApp(ctx, req, res, app, { basic: { values: result.value, errors } });
      return;
    }
    const updated = await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      ...result.value,
    }));
    ctx.log.info({ appId: app.appId, ...result.value }, "entra simulator: basic SAML configuration saved");
    savedRedirect(req, res, updated ?? app, "basic", "basic-saml");
  });

  return router;
}
