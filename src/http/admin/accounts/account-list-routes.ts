import { type Request, type Response, Router } from "express";
import { ssoStateOf } from "../../../accounts/account-summary.js";
import type { AppContext } from "../../../context.js";
import { AppError } from "../../../errors.js";
import { allPlatforms, isPlatformId, PLATFORM_IDS, platformOf } from "../../../platforms/index.js";
import { seedFileOf, sendSeedFile } from "../../api/export-api.js";
import { sendView } from "../../views.js";
import { accountPath, addFlash, formText, redirectWithFlash, takeFlash } from "./admin-helpers.js";

interface CreateForm {
  platform: string;
  id: string;
  displayName: string;
}

/** Accounts: the list (platform, name, SSO state, users, last sign-in), create and delete. */
export function accountListRoutes(ctx: AppContext): Router {
  const router = Router();

  const showList = async (
    req: Request,
    res: Response,
    extra: { form?: CreateForm; errors?: Array<{ field: string; message: string }> } = {},
    status = 200,
  ) => {
    const accounts = await ctx.accounts.list();
    const rows = await Promise.all(
      accounts.map(async (account) => {
        const [userCount, latestSignIn] = await Promise.all([
          ctx.directory.count(account.id),
          ctx.signIns.latest(account.id),
        ]);
        return {
          account,
          platformName: platformOf(account.platform).wording.productName,
          ssoState: ssoStateOf(account),
          userCount,
          latestSignIn,
          latestWhen: latestSignIn
            ? `${new Date(latestSignIn.at).toISOString().replace("T", " ").slice(0, 16)} UTC`
            : "",
        };
      }),
    );
    sendView(
      res,
      "admin/accounts/list",
      {
        title: "Accounts",
        flash: takeFlash(req),
        rows,
        // The create form lists every platform; the first is chosen unless the operator chose another.
        platforms: allPlatforms(),
        form: pickablePlatform(extra.form ?? { platform: PLATFORM_IDS[0], id: "", displayName: "" }),
        errors: extra.errors ?? [],
      },
      status,
    );
  };

  router.get("/", (_req, res) => res.redirect(302, "/admin/accounts"));
  router.get("/accounts", (req, res) => showList(req, res));
  // Not under /accounts/: "export" is a valid account id.
  router.get("/export/seed.yaml", async (_req, res) => {
    sendSeedFile(res, await seedFileOf(ctx), true, ctx.now());
  });

  router.post("/accounts", async (req, res) => {
    const form: CreateForm = {
      platform: formText(req, "platform", 20),
      id: formText(req, "id", 100).trim(),
      displayName: formText(req, "displayName", 200),
    };
    if (!isPlatformId(form.platform)) {
      return showList(
        req,
        res,
        { form, errors: [{ field: "platform", message: `Platform: choose ${platformNames()}.` }] },
        400,
      );
    }
    try {
      const account = await ctx.accounts.create({
        id: form.id,
        platform: form.platform,
        displayName: form.displayName,
      });
      addFlash(
        req,
        "ok",
        `Account ${account.displayName} (${account.id}) created. Follow the setup checklist below.`,
      );
      await redirectWithFlash(req, res, accountPath(account));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const field = typeof err.details.field === "string" ? err.details.field : "id";
      return showList(req, res, { form, errors: [{ field, message: err.message }] }, err.status);
    }
  });

  router.post("/accounts/:id/delete", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    await ctx.accounts.delete(account.id);
    addFlash(req, "ok", `Account ${account.displayName} (${account.id}) deleted.`);
    await redirectWithFlash(req, res, "/admin/accounts");
  });

  return router;
}

/** A form whose platform is not one of ours shows the first platform chosen. */
function pickablePlatform(form: CreateForm): CreateForm {
  return isPlatformId(form.platform) ? form : { ...form, platform: PLATFORM_IDS[0] };
}

/** "MiCloud Connect or CloudLink": every platform's product name. */
function platformNames(): string {
  const names = allPlatforms().map((p) => p.wording.productName);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names.join("");
}
