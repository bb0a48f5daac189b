/**
 * POST /{tenant}/saml2/sign-in: the person chose who to sign in as. A list of named steps, each
 * either passing its result on or answering the browser (Entra's error page, or the sign-in page
 * again): open the pending request → find its tenant and application → read the username →
 * find the user → check the assignment → issue the response → send the auto-posting page.
 */
import type { Request, RequestHandler, Response } from "express";
import { domainOf, entraErrors } from "../saml/entra-errors.js";
import { type IssuedResponse, issueResponse } from "../saml/issue-response.js";
import { findUserByUpn, isAssigned, type SimApp, type SimTenant, type SimUser } from "../state/model.js";
import type { SimulatorContext } from "./context.js";
import { requireSession } from "./csrf.js";
import { bodyField, routeParam } from "./form-fields.js";
import { openPendingRequest, type PendingRequest } from "./pending-request.js";
import { renderSignIn, showEntraError } from "./sign-in-pages.js";
import { sendSimulatorView } from "./views.js";

/** A step's result: its value, or how to answer the browser instead. */
type Step<T> = { ok: true; value: T } | { ok: false; answer: (res: Response) => void };
const pass = <T>(value: T): Step<T> => ({ ok: true, value });
const answer = (respond: (res: Response) => void): Step<never> => ({ ok: false, answer: respond });

interface Flow {
  pending: PendingRequest;
  tenant: SimTenant;
  app: SimApp;
}

export function signInHandler(ctx: SimulatorContext): RequestHandler {
  return async (req, res) => {
    const flow = await openFlow(ctx, req);
    if (!flow.ok) return flow.answer(res);
    const username = readUsername(req, flow.value);
    if (!username.ok) return username.answer(res);
    const user = findUser(ctx, req, flow.value, username.value);
    if (!user.ok) return user.answer(res);
    const assigned = checkAssignment(ctx, req, flow.value, user.value);
    if (!assigned.ok) return assigned.answer(res);
    const issued = await issue(ctx, flow.value, user.value);
    requireSession(req).entraSimUser = { tenantId: flow.value.tenant.id, objectId: user.value.objectId };
    rememberParticipant(req, flow.value, issued);
    sendResponsePage(req, res, flow.value, user.value, issued);
  };
}

/** The sealed pending request (expired or tampered: Entra's flow errors), its tenant and application. */
async function openFlow(ctx: SimulatorContext, req: Request): Promise<Step<Flow>> {
  const { state } = ctx;
  const opened = openPendingRequest(state.secret, bodyField(req, "pending") ?? "", ctx.now());
  if (!opened.ok) {
    const error = opened.reason === "expired" ? entraErrors.flowExpired() : entraErrors.invalidFlow();
    return answer((res) => showEntraError(ctx, req, res, error));
  }
  const pending = opened.pending;
  const tenant =
    pending.tenantId === routeParam(req, "tenantId") ? await state.getTenant(pending.tenantId) : undefined;
  if (!tenant) return answer((res) => showEntraError(ctx, req, res, entraErrors.invalidFlow()));
  const app = await state.getApp(tenant.id, pending.appObjectId);
  if (!app) {
    return answer((res) =>
      showEntraError(ctx, req, res, entraErrors.applicationGone(), { tenantId: tenant.id }),
    );
  }
  return pass({ pending, tenant, app });
}

/** The picked account or the typed username; empty: the sign-in page again, with Entra's prompt. */
function readUsername(req: Request, flow: Flow): Step<string> {
  const username = (bodyField(req, "pick") ?? bodyField(req, "username") ?? "").trim();
  if (username !== "") return pass(username);
  return answer((res) =>
    renderSignIn(req, res, {
      tenant: flow.tenant,
      app: flow.app,
      pendingToken: bodyField(req, "pending") ?? "",
      username: "",
      message: "Enter a valid email address, phone number, or Skype name.",
      status: 400,
    }),
  );
}

/**
 * A user of this tenant. Otherwise AADSTS50020 when the username's domain is another
 * organisation's (not a guest here), else AADSTS50034.
 */
function findUser(ctx: SimulatorContext, req: Request, flow: Flow, username: string): Step<SimUser> {
  const user = findUserByUpn(flow.tenant, username);
  if (user) return pass(user);
  const tenantDomains = new Set([
    flow.tenant.primaryDomain.toLowerCase(),
    ...flow.tenant.users.map((u) => domainOf(u.userPrincipalName)),
  ]);
  const domain = domainOf(username);
  const error =
    domain !== "" && !tenantDomains.has(domain)
      ? entraErrors.userFromOtherTenant(username, flow.tenant.name, flow.app.displayName, flow.app.appId)
      : entraErrors.userNotFound(username, flow.tenant.id);
  return answer((res) =>
    showEntraError(ctx, req, res, error, {
      tenantId: flow.tenant.id,
      appName: flow.app.displayName,
      upn: username,
    }),
  );
}

/** With "Assignment required?" on, only assigned users (AADSTS50105 otherwise). */
function checkAssignment(ctx: SimulatorContext, req: Request, flow: Flow, user: SimUser): Step<true> {
  if (!flow.app.assignmentRequired || isAssigned(flow.app, user)) return pass(true);
  const { app, tenant } = flow;
  return answer((res) =>
    showEntraError(
      ctx,
      req,
      res,
      entraErrors.userNotAssigned(app.displayName, app.appId, user.userPrincipalName),
      {
        tenantId: tenant.id,
        appName: app.displayName,
        upn: user.userPrincipalName,
      },
    ),
  );
}

/** The signed SAML Response (with the application's faults), logged. */
async function issue(ctx: SimulatorContext, flow: Flow, user: SimUser): Promise<IssuedResponse> {
  const { tenant, app, pending } = flow;
  const signingApp = await withNonActiveCertificateIfNeeded(ctx, app);
  const issued = issueResponse({
    tenant,
    app: signingApp,
    user,
    requestId: pending.requestId,
    requestedNameIdFormat: pending.nameIdPolicyFormat,
    now: new Date(ctx.now()),
    secret: ctx.state.secret,
  });
  ctx.log.info(
    {
      tenantId: tenant.id,
      appId: app.appId,
      upn: user.userPrincipalName,
      requestId: pending.requestId,
      responseId: issued.response.responseId,
      postTo: issued.postTo,
      signedWith: issued.signedWith?.thumbprint ?? null,
      encryptedFor: issued.encryptedFor,
      faults: app.faults,
    },
    "entra simulator: SAML response issued",
  );
  return issued;
}

/**
 * An application the browser is now signed in to, with the NameID and SessionIndex (the assertion
 * ID) a LogoutRequest to it must name. A response without an assertion signs nobody in.
 */
function rememberParticipant(req: Request, flow: Flow, issued: IssuedResponse): void {
  const sessionIndex = issued.response.assertionId;
  if (!sessionIndex) return;
  const session = requireSession(req);
  const others = (session.entraSimParticipants ?? []).filter((p) => p.appObjectId !== flow.app.id);
  session.entraSimParticipants = [
    ...others.slice(-19),
    {
      tenantId: flow.tenant.id,
      appObjectId: flow.app.id,
      nameId: issued.nameId,
      nameIdFormat: issued.nameIdFormat,
      sessionIndex,
    },
  ];
}

/** The "Working..." page whose form posts the response to the Reply URL by itself. */
function sendResponsePage(
  req: Request,
  res: Response,
  flow: Flow,
  user: SimUser,
  issued: IssuedResponse,
): void {
  // The response page posts to another origin: no form-action for this page (and no
  // upgrade-insecure-requests, which would turn an http://localhost Reply URL into https).
  // Chromium checks form-action along the whole redirect chain after the POST, and a Reply URL
  // may redirect to yet another origin, as Mitel's authentication.api.mitel.io does back to the
  // portal; Entra's page does not stop that, so neither does the simulator's.
  res.set(
    "Content-Security-Policy",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  );
  sendSimulatorView(res, "post-response", {
    title: "Working...",
    base: req.baseUrl,
    postTo: issued.postTo,
    samlResponse: issued.response.base64,
    relayState: flow.pending.relayState,
    appName: flow.app.displayName,
    upn: user.userPrincipalName,
    responseXml: issued.response.xml,
  });
}

/**
 * The non-active-certificate fault needs a second key. Normally it was made when the fault was saved;
 * if it is missing (say, the inactive certificate was removed since), make a stray one now.
 */
async function withNonActiveCertificateIfNeeded(ctx: SimulatorContext, app: SimApp): Promise<SimApp> {
  if (!app.faults.signWithNonActiveCertificate || app.certificates.length > 1 || app.strayCertificate) {
    return app;
  }
  const stray = await ctx.state.newCertificate(false);
  const updated = await ctx.state.updateApp(app.tenantId, app.id, (current) => ({
    ...current,
    strayCertificate: current.strayCertificate ?? stray,
  }));
  return updated ?? { ...app, strayCertificate: stray };
}
