import { Router } from "express";
import type { AppContext } from "../../../context.js";
import { type ComparisonRow, compareSignIns } from "../../../diagnostics/compare-sign-ins.js";
import { prettyXml } from "../../../diagnostics/pretty-xml.js";
import { readDetails } from "../../../diagnostics/record-details.js";
import type { SignInRecord } from "../../../domain/sign-in-record.js";
import { notFound } from "../../../errors.js";
import { MAX_FAILED_RESPONSE_CHARS, truncationOf } from "../../../sign-ins/record-bounds.js";
import { loadSignInDetail } from "../../../sign-ins/sign-in-details.js";
import { sendView } from "../../views.js";
import { accountFromPath, detailDepsOf, formatTime, signInsPath } from "./shared.js";

/**
 * One sign-in: the cause and fix, every check, the signature and certificates, times, the user
 * match, claims, the XML (escaped, pretty-printed, copy and download), the shareable report; and
 * "compare with the last successful sign-in".
 */
export function signInDetailRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get("/accounts/:id/sign-ins/:traceId", async (req, res) => {
    const account = await accountFromPath(ctx, req);
    const detail = await loadSignInDetail(detailDepsOf(ctx), account, String(req.params.traceId ?? ""));
    if (!detail) throw notFound("This sign-in");
    const { record, view } = detail;
    const base = signInsPath(account);
    const self = `${base}/${encodeURIComponent(record.traceId)}`;
    sendView(res, "admin/sign-ins/detail", {
      title: `Sign-in ${record.traceId}`,
      account,
      base,
      self,
      record,
      when: formatTime(record.at),
      view,
      diagnosis: view.diagnosis,
      xml: view.xml ? prettyXml(view.xml) : null,
      authnRequest: detail.authnRequest,
      ...logoutMessageOf(record),
      truncated: truncationOf(record),
      maxResponseKb: MAX_FAILED_RESPONSE_CHARS / 1024,
      stopped: detail.stoppedAtEntra,
      answeredBy: detail.answeredBy.map((r) => ({
        traceId: r.traceId,
        href: `${base}/${encodeURIComponent(r.traceId)}`,
        outcome: r.failureCode ?? r.outcome,
      })),
      started: detail.startedRecord
        ? {
            traceId: detail.startedRecord.traceId,
            href: `${base}/${encodeURIComponent(detail.startedRecord.traceId)}`,
          }
        : null,
      baseline: detail.baseline
        ? { traceId: detail.baseline.traceId, when: formatTime(detail.baseline.at) }
        : null,
      formatTime,
    });
  });

  router.get("/accounts/:id/sign-ins/:traceId/compare", async (req, res) => {
    const account = await accountFromPath(ctx, req);
    const detail = await loadSignInDetail(detailDepsOf(ctx), account, String(req.params.traceId ?? ""));
    if (!detail) throw notFound("This sign-in");
    const withId = typeof req.query.with === "string" ? req.query.with : "";
    const baseline = withId ? await ctx.signIns.get(account.id, withId) : detail.baseline;
    if (withId && !baseline) throw notFound(`Sign-in "${withId}"`);
    const base = signInsPath(account);
    const rows = baseline ? compareSignIns(detail.record, baseline) : [];
    sendView(res, "admin/sign-ins/compare", {
      title: `Compare ${detail.record.traceId}`,
      account,
      base,
      current: {
        traceId: detail.record.traceId,
        when: formatTime(detail.record.at),
        href: `${base}/${encodeURIComponent(detail.record.traceId)}`,
        code: detail.record.failureCode ?? detail.record.outcome,
      },
      baseline: baseline
        ? {
            traceId: baseline.traceId,
            when: formatTime(baseline.at),
            href: `${base}/${encodeURIComponent(baseline.traceId)}`,
          }
        : null,
      rows,
      summary: changeSummary(rows),
    });
  });

  router.get("/accounts/:id/sign-ins/:traceId/response.xml", async (req, res) => {
    const account = await accountFromPath(ctx, req);
    const record = await ctx.signIns.get(account.id, String(req.params.traceId ?? ""));
    const xml = record ? readDetails(record).xml : null;
    if (!record || xml === null) throw notFound("The XML of this sign-in");
    res
      .status(200)
      .type("application/xml")
      .attachment(`saml-response-${record.traceId}.xml`)
      .send(prettyXml(xml));
  });

  return router;
}

/** One sentence: what changed on Entra's side, what changed in this account's settings. */
function changeSummary(rows: ComparisonRow[]): { entra: string[]; here: string[] } {
  const changed = rows.filter((r) => r.changed && r.aspect !== "Outcome");
  return {
    entra: changed.filter((r) => !r.aspect.startsWith("Expected here:")).map((r) => r.aspect),
    here: changed
      .filter((r) => r.aspect.startsWith("Expected here:"))
      .map((r) => r.aspect.replace("Expected here: ", "")),
  };
}

/** A refused sign-out message kept in a record (sign-out/single-logout-endpoint.ts), indented. */
function logoutMessageOf(record: SignInRecord): { logoutXml: string | null; logoutKind: string | null } {
  const m = record.details.logoutMessage;
  if (typeof m !== "object" || m === null) return { logoutXml: null, logoutKind: null };
  const { xml, kind } = m as Record<string, unknown>;
  return {
    logoutXml: typeof xml === "string" ? prettyXml(xml) : null,
    logoutKind: typeof kind === "string" ? kind : null,
  };
}
