/**
 * The application's own certificates uploaded to Entra, in the SAML Signing Certificate section:
 * Verification certificates (with "Require verification certificates") and Token encryption
 * (import, activate, deactivate, remove). Each upload is a .cer the browser reads into the form.
 */
import { type Request, type Response, Router } from "express";
import { parseUploadedCertificate } from "../../keys/uploaded-certificate.js";
import type { SimApp, SimUploadedCertificate } from "../../state/model.js";
import type { SimulatorContext } from "../context.js";
import { requireCsrf } from "../csrf.js";
import { bodyField, checkbox, routeParam } from "../form-fields.js";
import { renderApp } from "./app-page.js";
import { loadApp, savedRedirect } from "./shared.js";

const MAX_UPLOADED = 5;

type Section = "verification" | "tokenEncryption";
type ListKey = "verificationCertificates" | "tokenEncryptionCertificates";

const LIST_OF: Record<Section, ListKey> = {
  verification: "verificationCertificates",
  tokenEncryption: "tokenEncryptionCertificates",
};
const ANCHOR: Record<Section, string> = { verification: "verification", tokenEncryption: "token-encryption" };

export function uploadedCertificateRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  const refuse = (
    req: Request,
    res: Response,
    app: SimApp,
    section: Section,
    message: string,
    status = 400,
  ) => renderApp(ctx, req, res, app, { errors: { [section]: message }, status });

  const upload = (section: Section) =>
    router.post(`/apps/:id/${ANCHOR[section]}`, requireCsrf, async (req, res) => {
      const app = await loadApp(ctx, req, res, routeParam(req, "id"));
      if (!app) return;
      const parsed = parseUploadedCertificate(bodyField(req, "certificate") ?? "");
      if (!parsed.ok) return refuse(req, res, app, section, `Certificate: ${parsed.error}`);
      const list = app[LIST_OF[section]];
      if (list.some((c) => c.thumbprint === parsed.certificate.thumbprint)) {
        return refuse(req, res, app, section, "Certificate: this certificate is uploaded already.");
      }
      if (list.length >= MAX_UPLOADED) {
        return refuse(req, res, app, section, `At most ${MAX_UPLOADED} certificates here: remove one first.`);
      }
      const added: SimUploadedCertificate = { ...parsed.certificate, addedAt: ctx.now(), active: false };
      await state.updateApp(app.tenantId, app.id, (current) => ({
        ...current,
        [LIST_OF[section]]: [...current[LIST_OF[section]], added],
      }));
      ctx.log.info(
        { appId: app.appId, section, thumbprint: added.thumbprint },
        "entra simulator: certificate uploaded",
      );
      savedRedirect(req, res, app, `${ANCHOR[section]}-added`, ANCHOR[section]);
    });

  const remove = (section: Section) =>
    router.post(`/apps/:id/${ANCHOR[section]}/:thumbprint/remove`, requireCsrf, async (req, res) => {
      const app = await loadApp(ctx, req, res, routeParam(req, "id"));
      if (!app) return;
      const thumbprint = routeParam(req, "thumbprint").toUpperCase();
      const list = app[LIST_OF[section]];
      if (!list.some((c) => c.thumbprint === thumbprint)) {
        return refuse(req, res, app, section, "That certificate does not exist.", 404);
      }
      if (section === "verification" && app.requireVerificationCertificates && list.length === 1) {
        return refuse(
          req,
          res,
          app,
          section,
          "This is the last verification certificate: turn off “Require verification certificates” first.",
        );
      }
      await state.updateApp(app.tenantId, app.id, (current) => ({
        ...current,
        [LIST_OF[section]]: current[LIST_OF[section]].filter((c) => c.thumbprint !== thumbprint),
      }));
      savedRedirect(req, res, app, `${ANCHOR[section]}-removed`, ANCHOR[section]);
    });

  upload("verification");
  remove("verification");
  upload("tokenEncryption");
  remove("tokenEncryption");

  router.post("/apps/:id/verification-required", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) return;
    const required = checkbox(req, "requireVerificationCertificates");
    if (required && app.verificationCertificates.length === 0) {
      return refuse(
        req,
        res,
        app,
        "verification",
        "Require verification certificates: upload the application's verification certificate first.",
      );
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      requireVerificationCertificates: required,
    }));
    savedRedirect(req, res, app, "verification-required", "verification");
  });

  router.post("/apps/:id/token-encryption/:thumbprint/activate", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) return;
    const thumbprint = routeParam(req, "thumbprint").toUpperCase();
    if (!app.tokenEncryptionCertificates.some((c) => c.thumbprint === thumbprint)) {
      return refuse(req, res, app, "tokenEncryption", "That certificate does not exist.", 404);
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      tokenEncryptionCertificates: current.tokenEncryptionCertificates.map((c) => ({
        ...c,
        active: c.thumbprint === thumbprint,
      })),
    }));
    ctx.log.info({ appId: app.appId, thumbprint }, "entra simulator: token encryption certificate activated");
    savedRedirect(req, res, app, "token-encryption-active", "token-encryption");
  });

  router.post("/apps/:id/token-encryption-off", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) return;
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      tokenEncryptionCertificates: current.tokenEncryptionCertificates.map((c) => ({ ...c, active: false })),
    }));
    savedRedirect(req, res, app, "token-encryption-off", "token-encryption");
  });

  return router;
}
