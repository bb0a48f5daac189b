/**
 * Single sign-out as Entra does it ("Single sign-out SAML protocol"), HTTP-Redirect only:
 * - an application's LogoutRequest at /{tenant}/saml2 signs the browser out of the tenant, Entra
 *   sends a LogoutRequest to every other application this browser signed in to (its Logout Url),
 *   then answers the first application with a LogoutResponse at its Logout Url;
 * - My Apps' Sign out does the same for every application, then shows Entra's signed-out page.
 * Each message is signed with the application's active signing key (redirect-binding.ts).
 * Simulator-side code: nothing from the SP.
 */
import type { Request, Response } from "express";
import { buildLogoutRequest, buildLogoutResponse, LOGOUT_STATUS } from "../saml/build-logout-messages.js";
import { defaultEntraIssuer } from "../saml/build-response.js";
import { entraErrors, faultStatus } from "../saml/entra-errors.js";
import { nonActiveCertificate, wrongTenantId } from "../saml/issue-response.js";
import { parseLogoutRequest, parseLogoutResponse } from "../saml/parse-logout-message.js";
import { signedRedirectUrl } from "../saml/redirect-binding.js";
import { activeCertificate, type SimApp, type SimCertificate, type SimTenant } from "../state/model.js";
import type { SimulatorContext } from "./context.js";
import { requireSession } from "./csrf.js";
import type { SignOutChain, SignOutParticipant } from "./session-data.js";
import { showEntraError } from "./sign-in-pages.js";
import { sendSimulatorView } from "./views.js";

/** RelayState of the simulator's own LogoutRequests: the LogoutResponse comes back with it. */
const CHAIN_RELAY_STATE = "entra-sim-sign-out";

/** An application's LogoutRequest (SP-initiated sign-out). */
export async function handleAppLogoutRequest(
  ctx: SimulatorContext,
  req: Request,
  res: Response,
  tenant: SimTenant,
  encoded: string,
): Promise<void> {
  const parsed = parseLogoutRequest(encoded);
  if (!parsed.ok) {
    showEntraError(ctx, req, res, entraErrors.requestInvalid(parsed.error), { tenantId: tenant.id });
    return;
  }
  const apps = await ctx.state.listApps(tenant.id);
  const app = apps.find((candidate) => candidate.identifier === parsed.value.issuer);
  if (!app) {
    showEntraError(ctx, req, res, entraErrors.applicationNotFound(parsed.value.issuer, tenant.name), {
      tenantId: tenant.id,
    });
    return;
  }
  const relayState = typeof req.query.RelayState === "string" ? req.query.RelayState : null;
  ctx.log.info(
    { tenantId: tenant.id, appId: app.appId, requestId: parsed.value.id, nameId: parsed.value.nameId },
    "entra simulator: LogoutRequest accepted",
  );
  const session = requireSession(req);
  const others = participantsOf(req, tenant).filter((p) => p.appObjectId !== app.id);
  session.entraSimSignOut = {
    tenantId: tenant.id,
    pending: others,
    current: null,
    results: [],
    answer: app.logoutUrl
      ? { appObjectId: app.id, requestId: parsed.value.id, relayState, nameId: parsed.value.nameId }
      : null,
    unanswered: app.logoutUrl ? null : app.displayName,
  };
  signOutOfTenant(req, tenant);
  await continueSignOut(ctx, req, res, tenant);
}

/** My Apps > Sign out: a sign-out started in Entra, sent to every application of the session. */
export async function startEntraSignOut(
  ctx: SimulatorContext,
  req: Request,
  res: Response,
  tenant: SimTenant,
): Promise<void> {
  requireSession(req).entraSimSignOut = {
    tenantId: tenant.id,
    pending: participantsOf(req, tenant),
    current: null,
    results: [],
    answer: null,
    unanswered: null,
  };
  signOutOfTenant(req, tenant);
  await continueSignOut(ctx, req, res, tenant);
}

/** An application's LogoutResponse to a LogoutRequest the simulator sent. */
export async function handleAppLogoutResponse(
  ctx: SimulatorContext,
  req: Request,
  res: Response,
  tenant: SimTenant,
  encoded: string,
): Promise<void> {
  const chain = requireSession(req).entraSimSignOut;
  const parsed = parseLogoutResponse(encoded);
  if (!chain?.current || chain.tenantId !== tenant.id) {
    showEntraError(
      ctx,
      req,
      res,
      entraErrors.requestInvalid("A LogoutResponse arrived, but no sign-out is in progress in this browser."),
      { tenantId: tenant.id },
    );
    return;
  }
  const app = await ctx.state.getApp(tenant.id, chain.current.appObjectId);
  const appName = app?.displayName ?? "An application";
  if (!parsed.ok) {
    chain.results.push({ appName, outcome: `answered with an unusable LogoutResponse (${parsed.error})` });
  } else if (parsed.value.inResponseTo !== chain.current.requestId) {
    chain.results.push({ appName, outcome: "answered another LogoutRequest (InResponseTo does not match)" });
  } else if (parsed.value.statusCode !== LOGOUT_STATUS.success) {
    chain.results.push({
      appName,
      outcome: `did not sign the user out (status ${parsed.value.statusCode ?? "none"})`,
    });
  } else {
    chain.results.push({ appName, outcome: "signed out" });
  }
  chain.current = null;
  await continueSignOut(ctx, req, res, tenant);
}

/** The next step: a LogoutRequest to the next application, the answer to the first, or the final page. */
async function continueSignOut(
  ctx: SimulatorContext,
  req: Request,
  res: Response,
  tenant: SimTenant,
): Promise<void> {
  const session = requireSession(req);
  const chain = session.entraSimSignOut as SignOutChain;
  const now = new Date(ctx.now());
  for (let next = chain.pending.shift(); next; next = chain.pending.shift()) {
    const app = await ctx.state.getApp(tenant.id, next.appObjectId);
    if (!app) continue;
    if (!app.logoutUrl) {
      chain.results.push({
        appName: app.displayName,
        outcome: "not told: no Logout Url in Basic SAML Configuration",
      });
      continue;
    }
    const request = buildLogoutRequest({
      tenantId: tenant.id,
      issuer: issuerOf(app, tenant),
      destination: app.logoutUrl,
      nameId: next.nameId,
      nameIdFormat: next.nameIdFormat,
      sessionIndex: next.sessionIndex,
      now,
    });
    chain.current = { appObjectId: app.id, requestId: request.id };
    ctx.log.info(
      { tenantId: tenant.id, appId: app.appId, requestId: request.id },
      "entra simulator: LogoutRequest sent",
    );
    return redirectSaved(req, res, signed(app, "SAMLRequest", request.xml, CHAIN_RELAY_STATE));
  }
  session.entraSimSignOut = undefined;
  const answerTo = chain.answer ? await ctx.state.getApp(tenant.id, chain.answer.appObjectId) : undefined;
  if (chain.answer && answerTo?.logoutUrl) {
    const response = buildLogoutResponse({
      tenantId: tenant.id,
      issuer: issuerOf(answerTo, tenant),
      destination: answerTo.logoutUrl,
      inResponseTo: chain.answer.requestId,
      ...logoutStatusOf(answerTo, chain.answer.nameId),
      now,
    });
    ctx.log.info({ tenantId: tenant.id, appId: answerTo.appId }, "entra simulator: LogoutResponse sent");
    return redirectSaved(req, res, signed(answerTo, "SAMLResponse", response.xml, chain.answer.relayState));
  }
  await new Promise<void>((resolve) => session.save(() => resolve()));
  sendSimulatorView(res, "signed-out", {
    title: "Sign out",
    base: req.baseUrl,
    tenantName: tenant.name,
    results: chain.results,
    unanswered: chain.unanswered,
  });
}

/**
 * The redirect URL of a sign-out message to the app's Logout Url, signed with its active key, or
 * as the app's faults say: with the non-active certificate, or not at all.
 */
function signed(
  app: SimApp,
  param: "SAMLRequest" | "SAMLResponse",
  xml: string,
  relayState: string | null,
): string {
  const faults = app.faults;
  const key = faults.signWithNonActiveCertificate ? nonActiveOrActive(app) : activeCertificate(app);
  return signedRedirectUrl({
    target: app.logoutUrl,
    param,
    xml,
    relayState,
    signing: faults.noSignature
      ? null
      : { privateKeyPem: key.privateKeyPem, algorithm: app.signingAlgorithm },
  });
}

function nonActiveOrActive(app: SimApp): SimCertificate {
  try {
    return nonActiveCertificate(app);
  } catch {
    return activeCertificate(app);
  }
}

/**
 * Success, or under the Non-Success Status fault the fault's error (StatusCode, nested StatusCode,
 * StatusMessage), as Entra refuses an application's sign-out it cannot honour (e.g. Conditional
 * Access blocking the app): the same Status shape as in its SAML Responses.
 */
function logoutStatusOf(
  app: SimApp,
  nameId: string | null,
): { status: string; subStatus?: string; statusMessage?: string } {
  if (!app.faults.errorStatus) return { status: LOGOUT_STATUS.success };
  const fault = faultStatus(app.faults.errorStatus, {
    appName: app.displayName,
    appId: app.appId,
    upn: nameId ?? "",
  });
  return { status: fault.code, subStatus: fault.subCode, statusMessage: fault.message };
}

/** The tenant's Entra Identifier, or another tenant's under the wrong-Issuer fault. */
function issuerOf(app: SimApp, tenant: SimTenant): string {
  return defaultEntraIssuer(app.faults.wrongIssuer ? wrongTenantId(tenant.id) : tenant.id);
}

/** The session's applications of this tenant (the ones a sign-out must reach). */
function participantsOf(req: Request, tenant: SimTenant): SignOutParticipant[] {
  return (requireSession(req).entraSimParticipants ?? []).filter((p) => p.tenantId === tenant.id);
}

function signOutOfTenant(req: Request, tenant: SimTenant): void {
  const session = requireSession(req);
  if (session.entraSimUser?.tenantId === tenant.id) session.entraSimUser = undefined;
  session.entraSimParticipants = (session.entraSimParticipants ?? []).filter((p) => p.tenantId !== tenant.id);
}

/** Redirects once the session is stored: the next page (the app, then back here) depends on it. */
function redirectSaved(req: Request, res: Response, location: string): Promise<void> {
  return new Promise((resolve) => {
    requireSession(req).save(() => {
      res.redirect(302, location);
      resolve();
    });
  });
}
