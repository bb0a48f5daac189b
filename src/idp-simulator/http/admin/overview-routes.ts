/**
 * The tenant overview: Basic information, Enterprise applications (with "New application": from
 * the gallery or "Create your own application"), Users (a new member, an invited guest).
 */
import { type Request, type Response, Router } from "express";
import { isAssigned } from "../../state/model.js";
import type { SimulatorContext } from "../context.js";
import { tenantUrls } from "../context.js";
import { csrfToken, requireCsrf } from "../csrf.js";
import { sendSimulatorView } from "../views.js";
import {
  type GuestForm,
  guestUpn,
  type NewAppForm,
  type NewUserForm,
  readGuest,
  readNewApp,
  readNewUser,
} from "./directory-forms.js";
import { activeFaultCount, defaultTenant, noticeFrom } from "./shared.js";

interface OverviewForms {
  newUser?: NewUserForm;
  guest?: GuestForm;
  newApp?: NewAppForm;
}

export function overviewRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  const render = async (req: Request, res: Response, forms: OverviewForms = {}, status = 200) => {
    const tenant = await defaultTenant(ctx);
    const apps = await state.listApps(tenant.id);
    sendSimulatorView(
      res,
      "overview",
      {
        title: `${tenant.name} | Overview`,
        base: req.baseUrl,
        csrfToken: csrfToken(req),
        notice: noticeFrom(req),
        tenant: {
          id: tenant.id,
          name: tenant.name,
          primaryDomain: tenant.primaryDomain,
          ...tenantUrls(ctx, tenant.id),
        },
        galleryPatternsEnforced: ctx.galleryPatterns !== null,
        apps: apps.map((app) => ({
          id: app.id,
          appId: app.appId,
          displayName: app.displayName,
          galleryApp: app.galleryApp,
          identifier: app.identifier,
          assignedCount: app.assignedUserIds.length,
          faultCount: activeFaultCount(app.faults),
        })),
        users: tenant.users.map((user) => ({
          ...user,
          userType: user.userType ?? "Member",
          apps: apps.filter((app) => isAssigned(app, user)).map((app) => app.displayName),
        })),
        newUser: forms.newUser ?? {
          values: { userPrincipalName: "", displayName: "", givenName: "", surname: "", mail: "" },
          errors: {},
        },
        guest: forms.guest ?? { values: { email: "", displayName: "" }, errors: {} },
        newApp: forms.newApp ?? { values: { displayName: "", kind: "" }, errors: {} },
      },
      status,
    );
  };

  router.get("/", async (req, res) => {
    await render(req, res);
  });

  router.post("/users", requireCsrf, async (req, res) => {
    const tenant = await defaultTenant(ctx);
    const form = readNewUser(req, tenant);
    if (Object.keys(form.errors).length > 0) return render(req, res, { newUser: form }, 400);
    const user = await state.addUser(tenant.id, {
      userPrincipalName: form.values.userPrincipalName,
      displayName: form.values.displayName,
      givenName: form.values.givenName || null,
      surname: form.values.surname || null,
      mail: form.values.mail || form.values.userPrincipalName,
    });
    ctx.log.info({ tenantId: tenant.id, upn: user.userPrincipalName }, "entra simulator: user created");
    res.redirect(303, `${req.baseUrl}/?saved=user#users`);
  });

  // "Invite external user": a guest's UPN is <their address with _ for @>#EXT#@<initial domain>,
  // and that UPN is what Entra sends as the NameID unless the app is told to use user.mail.
  router.post("/guests", requireCsrf, async (req, res) => {
    const tenant = await defaultTenant(ctx);
    const form = readGuest(req, tenant);
    if (Object.keys(form.errors).length > 0) return render(req, res, { guest: form }, 400);
    const user = await state.addUser(tenant.id, {
      userPrincipalName: guestUpn(form.values.email, tenant),
      displayName: form.values.displayName || form.values.email,
      givenName: null,
      surname: null,
      mail: form.values.email,
      userType: "Guest",
    });
    ctx.log.info({ tenantId: tenant.id, upn: user.userPrincipalName }, "entra simulator: guest invited");
    res.redirect(303, `${req.baseUrl}/?saved=guest#users`);
  });

  // "New application": Mitel Connect from the gallery, or a non-gallery app of one's own.
  router.post("/apps", requireCsrf, async (req, res) => {
    const tenant = await defaultTenant(ctx);
    const form = readNewApp(req);
    if (form.galleryApp === undefined) return render(req, res, { newApp: form }, 400);
    const app = await state.createApp(tenant.id, {
      displayName: form.values.displayName,
      galleryApp: form.galleryApp,
    });
    ctx.log.info(
      { tenantId: tenant.id, appId: app.appId, gallery: app.galleryApp },
      "entra simulator: enterprise application added",
    );
    res.redirect(303, `${req.baseUrl}/apps/${app.id}?saved=app-created#basic-saml`);
  });

  return router;
}
