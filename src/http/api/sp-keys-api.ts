import { type Response, Router } from "express";
import type { z } from "zod";
import { type SpKeyChange, viewOf } from "../../accounts/sp-keys/sp-key-service.js";
import type { AppContext } from "../../context.js";
import type { SpKeyRecord } from "../../domain/sp-key.js";
import { notFound } from "../../errors.js";
import { sendCertificate } from "../admin/accounts/sp-key-routes.js";
import { apiErrorHandler, parseBody, sendInvalid } from "./accounts/api-errors.js";
import { createSpKeyBody } from "./accounts/api-schemas.js";
import type { spKeyResponse } from "./openapi/response-schemas.js";

/** The SP key pairs of an account over JSON (mock only); the same rules as the console's SP keys. */
export function spKeysApi(ctx: AppContext): Router {
  const router = Router();
  const certificateUrl = (accountId: string, keyId: string) =>
    `/api/v1/accounts/${encodeURIComponent(accountId)}/sp-keys/${keyId}/certificate`;
  const json = (key: SpKeyRecord): z.output<typeof spKeyResponse> => {
    const view = viewOf(key);
    return {
      id: view.id,
      use: view.use,
      active: view.active,
      subject: view.subject,
      sha1Thumbprint: view.sha1Thumbprint,
      validFrom: view.validFrom.toISOString(),
      validTo: view.validTo.toISOString(),
      createdAt: new Date(view.createdAt).toISOString(),
      certificateUrl: certificateUrl(key.accountId, key.id),
    };
  };
  const list = async (accountId: string) => ({ keys: (await ctx.spKeys.list(accountId)).map(json) });
  const refused = (res: Response, change: Extract<SpKeyChange, { ok: false }>) => {
    if (change.status === 404) throw notFound("Key");
    sendInvalid(res, "INVALID_SP_KEY", change.message, [{ field: "keyId", message: change.message }]);
  };

  router.get("/accounts/:id/sp-keys", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    res.json(await list(account.id));
  });

  router.post("/accounts/:id/sp-keys", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const body = parseBody(createSpKeyBody, req.body, res);
    if (!body) return;
    const change = await ctx.spKeys.create(account.id, body.use);
    if (!change.ok) {
      sendInvalid(res, "INVALID_SP_KEY", change.message, [{ field: "use", message: change.message }]);
      return;
    }
    const created = (await ctx.spKeys.list(account.id)).find((k) => k.id === change.key?.id);
    if (!created) throw notFound("Key");
    res.status(201).location(certificateUrl(account.id, created.id)).json(json(created));
  });

  router.post("/accounts/:id/sp-keys/:keyId/activate", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const change = await ctx.spKeys.activate(account.id, req.params.keyId);
    if (!change.ok) return refused(res, change);
    res.json(await list(account.id));
  });

  router.delete("/accounts/:id/sp-keys/:keyId", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const change = await ctx.spKeys.remove(account, req.params.keyId);
    if (!change.ok) return refused(res, change);
    res.status(204).end();
  });

  router.get("/accounts/:id/sp-keys/:keyId/certificate", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const key = (await ctx.spKeys.list(account.id)).find((k) => k.id === req.params.keyId);
    if (!key) throw notFound("Key");
    sendCertificate(res, account.id, key);
  });

  router.use(apiErrorHandler);
  return router;
}
