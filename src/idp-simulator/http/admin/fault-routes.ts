/** Fault injection (the simulator's own section): what to break on purpose in the next responses. */
import { type Request, Router } from "express";
import { isTamperingId } from "../../saml/tampering.js";
import {
  FAULT_ERROR_CODES,
  type FaultErrorCode,
  MAX_CLOCK_OFFSET_MINUTES,
  NO_FAULTS,
  type SimFaults,
} from "../../state/model.js";
import type { SimulatorContext } from "../context.js";
import { requireCsrf } from "../csrf.js";
import { bodyField, checkbox, routeParam } from "../form-fields.js";
import { renderApp } from "./app-page.js";
import { loadApp, savedRedirect } from "./shared.js";

export function faultRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  router.post("/apps/:id/faults", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const parsed = readFaults(req);
    if (!parsed.ok) {
      await renderApp(ctx, req, res, app, { errors: { faults: parsed.error }, faultsForm: parsed.faults });
      return;
    }
    const faults = parsed.faults;
    // The non-active-certificate fault needs a certificate that is not the active one. With no
    // inactive certificate, one is made that is never published anywhere.
    // The unknown-certificate encryption fault encrypts for that never-published certificate too.
    const needsStray =
      ((faults.signWithNonActiveCertificate && app.certificates.length < 2) ||
        faults.encryptWithUnknownCertificate) &&
      app.strayCertificate === null;
    const stray = needsStray ? await state.newCertificate(false) : null;
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      faults,
      strayCertificate: current.strayCertificate ?? stray,
    }));
    ctx.log.info({ appId: app.appId, faults }, "entra simulator: fault injection saved");
    savedRedirect(req, res, app, "faults", "faults");
  });

  router.post("/apps/:id/faults/reset", requireCsrf, async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({ ...current, faults: { ...NO_FAULTS } }));
    savedRedirect(req, res, app, "faults-reset", "faults");
  });

  return router;
}

type FaultsParse = { ok: true; faults: SimFaults } | { ok: false; faults: SimFaults; error: string };

function readFaults(req: Request): FaultsParse {
  const errorStatusRaw = bodyField(req, "errorStatus") ?? "";
  const errorStatus: FaultErrorCode | null =
    FAULT_ERROR_CODES.find((code) => code === errorStatusRaw) ?? null;
  const tamperingRaw = bodyField(req, "tampering") ?? "";
  const tampering = isTamperingId(tamperingRaw) ? tamperingRaw : null;
  const offsetRaw = (bodyField(req, "clockOffsetMinutes") ?? "").trim();
  const offset = offsetRaw === "" ? 0 : Number(offsetRaw);
  const faults: SimFaults = {
    signWithNonActiveCertificate: checkbox(req, "signWithNonActiveCertificate"),
    expired: checkbox(req, "expired"),
    notYetValid: checkbox(req, "notYetValid"),
    wrongAudience: checkbox(req, "wrongAudience"),
    wrongRecipient: checkbox(req, "wrongRecipient"),
    wrongIssuer: checkbox(req, "wrongIssuer"),
    noSignature: checkbox(req, "noSignature"),
    errorStatus,
    persistentNameId: checkbox(req, "persistentNameId"),
    emailClaimMissing: checkbox(req, "emailClaimMissing"),
    clockOffsetMinutes: Number.isInteger(offset) ? offset : 0,
    encryptWithUnknownCertificate: checkbox(req, "encryptWithUnknownCertificate"),
    tampering,
  };
  if (tamperingRaw !== "" && tampering === null) {
    return { ok: false, faults, error: "Choose one of the listed tamperings, or none." };
  }
  if (errorStatusRaw !== "" && errorStatus === null) {
    return { ok: false, faults, error: "Choose one of the listed AADSTS errors, or none." };
  }
  if (!Number.isInteger(offset) || Math.abs(offset) > MAX_CLOCK_OFFSET_MINUTES) {
    return {
      ok: false,
      faults,
      error: `Clock offset must be a whole number of minutes from -${MAX_CLOCK_OFFSET_MINUTES} to ${MAX_CLOCK_OFFSET_MINUTES}.`,
    };
  }
  if (faults.expired && faults.notYetValid) {
    return { ok: false, faults, error: "An assertion cannot be both expired and not yet valid: choose one." };
  }
  return { ok: true, faults };
}
