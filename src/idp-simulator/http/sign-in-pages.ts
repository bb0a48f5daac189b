/** The two pages the SAML endpoint answers with besides the response: Entra's error page and its sign-in page. */
import type { Request, Response } from "express";
import { type EntraError, entraTimestamp } from "../saml/entra-errors.js";
import { newGuid } from "../state/ids.js";
import { isAssigned, type SimApp, type SimTenant } from "../state/model.js";
import type { SimulatorContext } from "./context.js";
import { csrfToken } from "./csrf.js";
import { sendSimulatorView } from "./views.js";

export interface ErrorContext {
  tenantId?: string;
  appName?: string;
  upn?: string;
}

/** Entra's "Sorry, but we're having trouble signing you in." with the AADSTS error. */
export function showEntraError(
  ctx: SimulatorContext,
  req: Request,
  res: Response,
  error: EntraError,
  context: ErrorContext = {},
): void {
  const requestId = newGuid();
  const correlationId = newGuid();
  const timestamp = entraTimestamp(new Date(ctx.now()));
  ctx.log.warn(
    { code: error.code, requestId, correlationId, ...context, note: error.note },
    `entra simulator: ${error.code}`,
  );
  sendSimulatorView(
    res,
    "error",
    {
      title: "Sign in to your account",
      base: req.baseUrl,
      error,
      requestId,
      correlationId,
      timestamp,
      appName: context.appName ?? null,
    },
    error.httpStatus,
  );
}

export interface SignInView {
  tenant: SimTenant;
  app: SimApp;
  pendingToken: string;
  username: string;
  message: string | null;
  /** Not an error: why the page is shown although the user has a session (ForceAuthn). */
  notice?: string | null;
  status?: number;
}

/** "Sign in to your account": who to sign in as, for which application. */
export function renderSignIn(req: Request, res: Response, view: SignInView): void {
  sendSimulatorView(
    res,
    "sign-in",
    {
      title: "Sign in to your account",
      base: req.baseUrl,
      csrfToken: csrfToken(req),
      action: `${req.baseUrl}/${view.tenant.id}/saml2/sign-in`,
      pending: view.pendingToken,
      username: view.username,
      message: view.message,
      notice: view.notice ?? null,
      appName: view.app.displayName,
      tenantName: view.tenant.name,
      users: view.tenant.users.map((user) => ({
        upn: user.userPrincipalName,
        displayName: user.displayName,
        assigned: isAssigned(view.app, user),
      })),
      assignmentRequired: view.app.assignmentRequired,
    },
    view.status ?? 200,
  );
}
