import { type Request, Router } from "express";
import type { AppContext } from "../../context.js";
import type { AccountRecord } from "../../domain/account.js";
import { AppError, notFound } from "../../errors.js";
import { analyzeResponse } from "../../sign-in-engine/analyze.js";
import { annotateRecords, loadSignInDetail } from "../../sign-ins/sign-in-details.js";
import { signInDetailJson, signInSummaryJson } from "../../sign-ins/sign-in-json.js";
import {
  isRepresentableTime,
  parseSignInQuery,
  parseTime,
  stringQuery,
} from "../../sign-ins/sign-in-query.js";
import { analyzeDepsOf } from "../analyze-deps.js";
import { analyzeBody, signInListQuery } from "./accounts/api-schemas.js";

/** Largest SAMLResponse accepted for analysis (the JSON body limit is 512 KB). */
const MAX_ANALYZE_LENGTH = 400 * 1024;

async function accountOf(ctx: AppContext, req: Request): Promise<AccountRecord> {
  const id = String(req.params.id ?? "");
  const account = await ctx.accounts.get(id);
  if (!account) throw notFound(`Account "${id}"`);
  return account;
}

/**
 * The sign-in log and Analyze over JSON (bearer token applied by the API router):
 * GET /accounts/:id/sign-ins, GET /accounts/:id/sign-ins/:traceId, POST /accounts/:id/analyze.
 */
export function signInsApi(ctx: AppContext): Router {
  const router = Router();
  const detailDeps = () => ({ signIns: ctx.signIns, publicUrl: ctx.config.server.publicUrl, now: ctx.now });

  router.get("/accounts/:id/sign-ins", async (req, res) => {
    const account = await accountOf(ctx, req);
    const query = signInListQuery.safeParse(stringQuery(req.query as Record<string, unknown>));
    if (!query.success) throw invalidFilter(query.error.issues[0]?.path.join(".") ?? "query");
    const filter = parseSignInQuery(account.id, query.data);
    const records = await ctx.signIns.search(filter);
    const annotated = await annotateRecords(detailDeps(), account, records);
    res.json({
      accountId: account.id,
      limit: filter.limit,
      offset: filter.offset,
      signIns: annotated.map((a) => signInSummaryJson(a.record, a.stoppedAtEntra)),
    });
  });

  router.get("/accounts/:id/sign-ins/:traceId", async (req, res) => {
    const account = await accountOf(ctx, req);
    const detail = await loadSignInDetail(detailDeps(), account, String(req.params.traceId ?? ""));
    if (!detail) throw notFound(`Sign-in "${String(req.params.traceId)}"`);
    res.json(signInDetailJson(detail));
  });

  router.post("/accounts/:id/analyze", async (req, res) => {
    const account = await accountOf(ctx, req);
    const parsed = analyzeBody.safeParse(req.body ?? {});
    const body = parsed.success ? parsed.data : {};
    if (!parsed.success && parsed.error.issues.some((issue) => issue.path[0] === "at")) {
      throw invalidTime();
    }
    const samlResponse = body.samlResponse ?? body.SAMLResponse;
    if (samlResponse === undefined || samlResponse.trim() === "") {
      throw new AppError(
        "SAML_RESPONSE_MISSING",
        'Send the base64 SAMLResponse as JSON: {"samlResponse": "PHNhbWxw…"}.',
        {
          status: 400,
        },
      );
    }
    if (samlResponse.length > MAX_ANALYZE_LENGTH) {
      throw new AppError(
        "SAML_RESPONSE_TOO_LARGE",
        "The SAMLResponse is larger than 400 KB; Entra's are a few KB.",
        { status: 413 },
      );
    }
    const at = analyzeTime(body.at);
    const result = await analyzeResponse(analyzeDepsOf(ctx), account, samlResponse, at);
    res.json({ accountId: account.id, ...result });
  });

  return router;
}

/** `at`: ISO 8601 text or epoch milliseconds; absent means now (undefined). */
function analyzeTime(value: unknown): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const t = typeof value === "number" ? value : typeof value === "string" ? parseTime(value) : Number.NaN;
  if (t === null) return undefined;
  if (!isRepresentableTime(t)) throw invalidTime();
  return t;
}

function invalidTime(): AppError {
  return new AppError(
    "INVALID_TIME",
    "at: use an ISO 8601 time such as 2026-11-26T10:00:00Z, or epoch milliseconds between -8640000000000000 and 8640000000000000.",
    { status: 400 },
  );
}

function invalidFilter(field: string): AppError {
  return new AppError("INVALID_FILTER", `${field}: give it once, as text.`, {
    status: 400,
    details: { field },
  });
}
