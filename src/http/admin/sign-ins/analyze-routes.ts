import { type Request, Router } from "express";
import type { AppContext } from "../../../context.js";
import { decodeSamlResponse } from "../../../saml/decode-saml-response.js";
import { inspectResponse } from "../../../saml/inspect-response.js";
import { analyzeResponse, normalisePastedResponse } from "../../../sign-in-engine/analyze.js";
import { parseTime } from "../../../sign-ins/sign-in-query.js";
import { analyzeDepsOf } from "../../analyze-deps.js";
import { sendView } from "../../views.js";
import { accountFromPath, signInsPath } from "./shared.js";

const MAX_PASTE = 400 * 1024;

interface AnalyzeForm {
  samlResponse: string;
  when: "now" | "issued" | "at";
  at: string;
}

function readForm(req: Request): AnalyzeForm {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const text = (name: string, max: number) =>
    typeof body[name] === "string" ? (body[name] as string).slice(0, max) : "";
  const when = text("when", 10);
  return {
    samlResponse: text("samlResponse", MAX_PASTE + 1),
    when: when === "issued" || when === "at" ? when : "now",
    at: text("at", 40),
  };
}

/** The response's own IssueInstant, to check an old capture as of when it was issued. */
function issueInstantOf(pasted: string): number | null {
  const decoded = decodeSamlResponse(normalisePastedResponse(pasted));
  if (!decoded.ok) return null;
  try {
    const facts = inspectResponse(decoded.xml);
    const t = Date.parse(facts.assertion?.issueInstant ?? facts.issueInstant ?? "");
    return Number.isFinite(t) ? t : null;
  } catch {
    return null;
  }
}

/**
 * Analyze: paste a SAMLResponse (SAML-tracer, the My Apps Secure Sign-in Extension) and run every
 * check against the account's current settings, now or at a chosen time. Nothing is recorded, no
 * session starts and no request ID is used.
 */
export function analyzeRoutes(ctx: AppContext): Router {
  const router = Router();
  const page = (account: Awaited<ReturnType<typeof accountFromPath>>, data: Record<string, unknown>) => ({
    title: "Analyze a SAML response",
    account,
    base: signInsPath(account),
    action: `/admin/accounts/${encodeURIComponent(account.id)}/analyze`,
    form: { samlResponse: "", when: "now", at: "" },
    errors: [] as string[],
    result: null,
    ...data,
  });

  router.get("/accounts/:id/analyze", async (req, res) => {
    const account = await accountFromPath(ctx, req);
    sendView(res, "admin/sign-ins/analyze", page(account, {}));
  });

  router.post("/accounts/:id/analyze", async (req, res) => {
    const account = await accountFromPath(ctx, req);
    const form = readForm(req);
    const errors: string[] = [];
    if (form.samlResponse.trim() === "")
      errors.push("SAMLResponse: paste the base64 value of the SAMLResponse form field (or the XML).");
    if (form.samlResponse.length > MAX_PASTE)
      errors.push("SAMLResponse: larger than 400 KB; Entra's responses are a few KB.");
    // undefined: now (the request's state is then current and decides as at the ACS).
    let at: number | undefined;
    if (errors.length === 0 && form.when === "at") {
      const t = parseTime(form.at);
      if (t === null || Number.isNaN(t))
        errors.push("Time: enter a date and time such as 2026-11-26T10:00:00Z (no zone means UTC).");
      else at = t;
    }
    if (errors.length === 0 && form.when === "issued") {
      const t = issueInstantOf(form.samlResponse);
      if (t === null) errors.push("Time: the response has no readable IssueInstant; choose Now or a time.");
      else at = t;
    }
    if (errors.length > 0) {
      sendView(res, "admin/sign-ins/analyze", page(account, { form, errors }), 400);
      return;
    }
    const result = await analyzeResponse(analyzeDepsOf(ctx), account, form.samlResponse, at);
    sendView(res, "admin/sign-ins/analyze", page(account, { form, result }));
  });
  return router;
}
