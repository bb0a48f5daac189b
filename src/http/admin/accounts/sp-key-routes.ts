import type { Request, Response } from "express";
import { Router } from "express";
import type { SpKeyChange } from "../../../accounts/sp-keys/sp-key-service.js";
import type { AppContext } from "../../../context.js";
import type { SpKeyRecord } from "../../../domain/sp-key.js";
import { AppError } from "../../../errors.js";
import { accountPath, addFlash, redirectWithFlash } from "./admin-helpers.js";

/**
 * The account page's SP keys (mock only): a new key pair per use, make one active, remove one, and
 * the certificate download Entra takes (Verification certificates; Token encryption: a .cer,
 * Base64). The private key never leaves the service here.
 */
export function spKeyRoutes(ctx: AppContext): Router {
  const router = Router();
  const back = (id: string) => accountPath({ id }, "#sp-keys");

  const done = async (req: Request, res: Response, id: string, change: SpKeyChange, ok: string) => {
    addFlash(req, change.ok ? "ok" : "error", change.ok ? ok : change.message);
    await redirectWithFlash(req, res, back(id));
  };

  router.post("/accounts/:id/sp-keys", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const use = (req.body as Record<string, unknown>).use;
    if (use !== "signing" && use !== "encryption") {
      // Only a hand-made request sends anything else: the page has one button per use.
      throw new AppError("BAD_REQUEST", "Key use (use): choose signing or encryption.", {
        status: 400,
        details: { field: "use" },
      });
    }
    const change = await ctx.spKeys.create(account.id, use);
    await done(
      req,
      res,
      account.id,
      change,
      change.ok && change.key?.active
        ? `New ${use} key created; it is active.`
        : `New ${use} key created. Upload its certificate to Entra, then make it active: the current key stays published until you remove it.`,
    );
  });

  router.post("/accounts/:id/sp-keys/:keyId/activate", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    await done(
      req,
      res,
      account.id,
      await ctx.spKeys.activate(account.id, req.params.keyId),
      "Key made active.",
    );
  });

  router.post("/accounts/:id/sp-keys/:keyId/remove", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    await done(req, res, account.id, await ctx.spKeys.remove(account, req.params.keyId), "Key removed.");
  });

  router.get("/accounts/:id/sp-keys/:keyId/certificate", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const key = (await ctx.spKeys.list(account.id)).find((k) => k.id === req.params.keyId);
    if (!key) {
      res.status(404).type("text").send("No such key in this account.");
      return;
    }
    sendCertificate(res, account.id, key);
  });

  return router;
}

/** The certificate as a Base64 .cer (PEM armour, CRLF), the form Entra's certificate uploads take. */
export function sendCertificate(res: Response, accountId: string, key: SpKeyRecord): void {
  const body = key.certificatePem.replace(/\r?\n/g, "\r\n");
  res.attachment(`${accountId}-${key.use}-${key.id.slice(0, 8)}.cer`);
  res.set("Cache-Control", "no-store");
  res.type("application/pkix-cert").send(Buffer.from(body));
}
