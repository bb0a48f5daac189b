import { type Request, Router } from "express";
import type { AppContext } from "../../../context.js";
import { reportMarkdown } from "../../../diagnostics/report-markdown.js";
import { buildReport } from "../../../diagnostics/sign-in-report.js";
import { notFound } from "../../../errors.js";
import { loadSignInDetail } from "../../../sign-ins/sign-in-details.js";
import { accountFromPath, detailDepsOf } from "./shared.js";

const ticked = (req: Request, name: string) => {
  const v = req.query[name];
  return v === "1" || v === "on" || v === "true";
};

/**
 * The shareable report of one sign-in, as Markdown or JSON. Claim values (and the NameID, user
 * names, client address) and the raw XML are left out unless the admin ticks them.
 */
export function signInReportRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get("/accounts/:id/sign-ins/:traceId/report.:format", async (req, res) => {
    const format = req.params.format;
    if (format !== "md" && format !== "json") throw notFound("This report format");
    const account = await accountFromPath(ctx, req);
    const detail = await loadSignInDetail(detailDepsOf(ctx), account, String(req.params.traceId ?? ""));
    if (!detail) throw notFound("This sign-in");
    const report = buildReport(
      detail.record,
      account,
      { includeClaimValues: ticked(req, "claims"), includeXml: ticked(req, "xml") },
      { stoppedAtEntra: detail.stoppedAtEntra, authnRequest: detail.authnRequest, now: ctx.now() },
    );
    const name = `sign-in-${detail.record.traceId}.${format}`;
    res.attachment(name);
    if (format === "json") {
      res.type("application/json").send(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    res.type("text/markdown; charset=utf-8").send(reportMarkdown(report));
  });
  return router;
}
