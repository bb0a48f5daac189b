/** Users and groups (assign, unassign) and Properties ("Assignment required?"). */
import { Router } from "express";
import { findUserById } from "../../state/model.js";
import type { SimulatorContext } from "../context.js";
import { requireCsrf } from "../csrf.js";
import { bodyField, routeParam } from "../form-fields.js";
import { renderApp } from "./app-page.js";
import { defaultTenant, loadApp, savedRedirect } from "./shared.js";

export function usersAndGroupsRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  for (const action of ["assign", "unassign"] as const) {
    router.post(`/apps/:id/users/${action}`, requireCsrf, async (req, res) => {
      const app = await loadApp(ctx, req, res, routeParam(req, "id"));
      if (!app) {
        return;
      }
      const tenant = await defaultTenant(ctx);
      const user = findUserById(tenant, bodyField(req, "userId") ?? "");
      if (!user) {
        await renderApp(ctx, req, res, app, { errors: { users: "Choose a user of this tenant." } });
        return;
      }
      await state.updateApp(app.tenantId, app.id, (current) => ({
        ...current,
        assignedUserIds:
          action === "assign"
            ? [...new Set([...current.assignedUserIds, user.objectId])]
            : current.assignedUserIds.filter((id) => id !== user.objectId),
      }));
      ctx.log.info(
        { appId: app.appId, upn: user.userPrincipalName, action },
        "entra simulator: assignment changed",
      );
      savedRedirect(req, res, app, "users", "users");
    });
  }

  router.post("/apps/:id/properties", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const value = bodyField(req, "assignmentRequired");
    if (value !== "yes" && value !== "no") {
      await renderApp(ctx, req, res, app, {
        errors: { users: "Choose Yes or No for “Assignment required?”." },
      });
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      assignmentRequired: value === "yes",
    }));
    savedRedirect(req, res, app, "properties", "users");
  });

  return router;
}
