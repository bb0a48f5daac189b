import { Router } from "express";
import type { AppContext } from "../../../context.js";
import { FAILURE_CODES } from "../../../failure-codes.js";
import { annotateRecords } from "../../../sign-ins/sign-in-details.js";
import { parseSignInQuery, stringQuery } from "../../../sign-ins/sign-in-query.js";
import { sendView } from "../../views.js";
import { accountFromPath, detailDepsOf, formatTime, signInsPath } from "./shared.js";

/** GET /admin/accounts/:id/sign-ins: the account's sign-in log, newest first, with filters. */
export function signInListRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get("/accounts/:id/sign-ins", async (req, res) => {
    const account = await accountFromPath(ctx, req);
    const query = stringQuery(req.query as Record<string, unknown>);
    const filter = parseSignInQuery(account.id, query);
    // One more than a page tells whether there is a next page.
    const records = await ctx.signIns.search({ ...filter, limit: filter.limit + 1 });
    const page = await annotateRecords(detailDepsOf(ctx), account, records.slice(0, filter.limit));
    const base = signInsPath(account);
    const keep = new URLSearchParams(
      Object.entries({
        outcome: query.outcome,
        code: query.code,
        since: query.since,
        until: query.until,
      }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
    );
    const pageLink = (offset: number) => {
      const params = new URLSearchParams(keep);
      if (offset > 0) params.set("offset", String(offset));
      const text = params.toString();
      return text ? `${base}?${text}` : base;
    };
    sendView(res, "admin/sign-ins/list", {
      title: "Sign-in log",
      account,
      base,
      filters: {
        outcome: query.outcome ?? "",
        code: query.code ?? "",
        since: query.since ?? "",
        until: query.until ?? "",
      },
      codes: FAILURE_CODES,
      rows: page.map(({ record, stoppedAtEntra }) => ({
        traceId: record.traceId,
        when: formatTime(record.at),
        outcome: record.outcome,
        code: record.failureCode,
        cause: record.cause,
        nameId: record.nameId,
        stopped: stoppedAtEntra !== null,
        href: `${base}/${encodeURIComponent(record.traceId)}`,
      })),
      previous: filter.offset > 0 ? pageLink(Math.max(0, filter.offset - filter.limit)) : null,
      next: records.length > filter.limit ? pageLink(filter.offset + filter.limit) : null,
    });
  });
  return router;
}
