/** My Apps: the tiles of the applications assigned to a user; a tile opens the Sign on URL (none: IdP-initiated). */
import { Router } from "express";
import { findUserById, findUserByUpn, isAssigned } from "../../state/model.js";
import type { SimulatorContext } from "../context.js";
import { csrfToken, requireCsrf, requireSession } from "../csrf.js";
import { queryField } from "../form-fields.js";
import { startEntraSignOut } from "../sign-out.js";
import { sendSimulatorView } from "../views.js";
import { defaultTenant } from "./shared.js";

export function myAppsRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  router.get("/my-apps", async (req, res) => {
    const tenant = await defaultTenant(ctx);
    const session = requireSession(req);
    const chosen = queryField(req, "user");
    const signedIn =
      session.entraSimUser?.tenantId === tenant.id
        ? findUserById(tenant, session.entraSimUser.objectId)
        : undefined;
    const user = chosen ? findUserByUpn(tenant, chosen) : signedIn;
    const apps = user ? (await state.listApps(tenant.id)).filter((app) => isAssigned(app, user)) : [];
    sendSimulatorView(res, "my-apps", {
      title: "My Apps",
      base: req.baseUrl,
      tenantName: tenant.name,
      users: tenant.users.map((candidate) => ({
        upn: candidate.userPrincipalName,
        displayName: candidate.displayName,
        selected: candidate === user,
      })),
      unknownUser: chosen !== undefined && !user ? chosen : null,
      signedIn: signedIn ? { upn: signedIn.userPrincipalName } : null,
      csrfToken: csrfToken(req),
      user: user ? { upn: user.userPrincipalName, displayName: user.displayName } : null,
      tiles: apps.map((app) => ({
        displayName: app.displayName,
        // No Sign on URL: the tile signs in at Entra (IdP-initiated), as Entra's does.
        href: app.signOnUrl || `${req.baseUrl}/apps/${app.id}/launch`,
        initials: initials(app.displayName),
      })),
    });
  });

  // Entra's Sign out (the account menu of My Apps): every application of the session is signed out.
  router.post("/my-apps/sign-out", requireCsrf, async (req, res) => {
    await startEntraSignOut(ctx, req, res, await defaultTenant(ctx));
  });

  return router;
}

/**
 * The tile's two-letter logo, from the first letters of words: "Contoso (MiCloud Connect)" is "CM",
 * not "C(" (punctuation is no word, or every "Contoso (…)" tile would look the same).
 */
function initials(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== "");
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
}
