import type { Request, Response } from "express";
import { AppError, type SamlFailure } from "../errors.js";
import { isPlatformId, platformOf } from "../platforms/index.js";
import { wantsJson } from "./client-info.js";
import { sendView } from "./views.js";

export interface FailurePage {
  failure: SamlFailure;
  traceId: string;
  fix?: string;
  /** A sign-out's failure (the Single Logout endpoint) is worded as one. */
  signOut?: boolean;
}

/**
 * The user-facing failure: the code (in a data-error-code element), a one-line cause, the fix and
 * the trace id to quote. Admins see the detail (every check, certificates, near-misses) in the
 * sign-in log; JSON clients (tests, scripts) also get the failed check's expected and actual.
 */
export function sendSignInFailure(req: Request, res: Response, page: FailurePage): void {
  const { failure, traceId } = page;
  // Every sign-in route starts with its platform (/micloud/…, /cloudlink/…): word it as that one.
  const platform = req.path.split("/")[1];
  const wording = isPlatformId(platform) ? platformOf(platform).wording : undefined;
  const { status, fix: registryFix } = AppError.fromFailure(failure, wording);
  const fix = page.fix ?? registryFix;
  if (wantsJson(req)) {
    res.status(status).json({
      error: {
        code: failure.code,
        cause: failure.reason,
        fix,
        traceId,
        expected: failure.expected,
        actual: failure.actual,
      },
    });
    return;
  }
  const shown = { code: failure.code, reason: failure.reason };
  const brand = wording?.productName;
  const title = page.signOut ? "Sign-out failed" : "Sign-in failed";
  const heading = page.signOut ? "We couldn't sign you out of Microsoft Entra ID" : "We couldn't sign you in";
  sendView(res, "sign-in-failed", { title, heading, brand, failure: shown, fix, traceId }, status);
}
