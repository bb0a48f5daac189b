/** SAML Certificates: Signing Option and Algorithm, new / active / removed certificates, the downloads. */
import { Router } from "express";
import { certificateToDer, certificateToEntraBase64 } from "../../keys/signing-certificate.js";
import { activeCertificate, SIGNING_ALGORITHMS, SIGNING_MODES } from "../../state/model.js";
import { appMetadataXml, downloadBaseName, sendMetadata } from "../app-metadata.js";
import type { SimulatorContext } from "../context.js";
import { requireCsrf } from "../csrf.js";
import { bodyField, routeParam } from "../form-fields.js";
import { renderApp } from "./app-page.js";
import { loadApp, savedRedirect } from "./shared.js";

const MAX_CERTIFICATES = 5;

export function certificateRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  router.post("/apps/:id/signing", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const mode = SIGNING_MODES.find((candidate) => candidate === bodyField(req, "signingMode"));
    const algorithm = SIGNING_ALGORITHMS.find(
      (candidate) => candidate === bodyField(req, "signingAlgorithm"),
    );
    if (!mode || !algorithm) {
      await renderApp(ctx, req, res, app, {
        errors: { signing: "Choose a Signing Option and a Signing Algorithm." },
      });
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      signingMode: mode,
      signingAlgorithm: algorithm,
    }));
    savedRedirect(req, res, app, "signing", "certificate");
  });

  router.post("/apps/:id/certificates", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    if (app.certificates.length >= MAX_CERTIFICATES) {
      await renderApp(ctx, req, res, app, {
        errors: {
          certificates: `An application can have at most ${MAX_CERTIFICATES} signing certificates here. Remove an inactive one first.`,
        },
      });
      return;
    }
    const certificate = await state.newCertificate(false);
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      certificates: [...current.certificates, certificate],
    }));
    ctx.log.info(
      { appId: app.appId, thumbprint: certificate.thumbprint },
      "entra simulator: inactive certificate added",
    );
    savedRedirect(req, res, app, "certificate-new", "certificate");
  });

  router.post("/apps/:id/certificates/:thumbprint/activate", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const thumbprint = routeParam(req, "thumbprint").toUpperCase();
    if (!app.certificates.some((certificate) => certificate.thumbprint === thumbprint)) {
      await renderApp(ctx, req, res, app, {
        errors: { certificates: "That certificate does not exist." },
        status: 404,
      });
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      certificates: current.certificates.map((certificate) => ({
        ...certificate,
        active: certificate.thumbprint === thumbprint,
      })),
    }));
    ctx.log.info({ appId: app.appId, thumbprint }, "entra simulator: certificate made active");
    savedRedirect(req, res, app, "certificate-active", "certificate");
  });

  router.post("/apps/:id/certificates/:thumbprint/remove", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const thumbprint = routeParam(req, "thumbprint").toUpperCase();
    const certificate = app.certificates.find((candidate) => candidate.thumbprint === thumbprint);
    if (!certificate || certificate === activeCertificate(app)) {
      await renderApp(ctx, req, res, app, {
        errors: { certificates: "Only an inactive certificate can be removed." },
      });
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      certificates: current.certificates.filter((candidate) => candidate.thumbprint !== thumbprint),
    }));
    savedRedirect(req, res, app, "certificate-removed", "certificate");
  });

  router.get("/apps/:id/certificates/:thumbprint/:format", async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const thumbprint = routeParam(req, "thumbprint").toUpperCase();
    const certificate = app.certificates.find((candidate) => candidate.thumbprint === thumbprint);
    const format = routeParam(req, "format");
    if (!certificate || (format !== "base64" && format !== "raw")) {
      res.status(404).type("text").send("Not found");
      return;
    }
    res.attachment(`${downloadBaseName(app)}.cer`);
    res.set("Cache-Control", "no-store");
    if (format === "base64") {
      res
        .type("application/pkix-cert")
        .send(Buffer.from(certificateToEntraBase64(certificate.certificatePem)));
    } else {
      res.type("application/pkix-cert").send(certificateToDer(certificate.certificatePem));
    }
  });

  router.get("/apps/:id/federation-metadata.xml", async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (app) {
      sendMetadata(res, appMetadataXml(ctx, app), `${downloadBaseName(app)}.xml`);
    }
  });

  return router;
}
