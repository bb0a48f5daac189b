import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../../context.js";
import type { AccountRecord } from "../../../domain/account.js";
import type { UserRecord } from "../../../domain/user.js";
import { platformOf } from "../../../platforms/index.js";
import { RehearsalService } from "../../../rehearsal/rehearsal-service.js";
import { isScenarioId, REHEARSAL_SCENARIOS, SCENARIO_IDS } from "../../../rehearsal/scenarios.js";
import { sendView } from "../../views.js";
import { accountPath, addFlash, formText, redirectWithFlash, takeFlash } from "./admin-helpers.js";

/** Users offered on the page (the first ones of the account, by name). */
const MAX_USERS = 200;

/**
 * Rehearse failures: the account's page that puts both sides (this account and its application
 * in the Entra simulator) into one of the common misconfigurations for a chosen user, links to
 * "Test this application", and puts everything back.
 */
export function rehearsalRoutes(ctx: AppContext): Router {
  const router = Router();
  const service = ctx.simulator
    ? new RehearsalService({
        kv: ctx.storage.keyValues,
        accounts: ctx.accounts,
        directory: ctx.directory,
        simulator: ctx.simulator,
        now: ctx.now,
      })
    : null;

  const loginOf = (account: AccountRecord, user: UserRecord) =>
    platformOf(account.platform).loginField === "username" ? (user.username ?? user.email) : user.email;

  const show = async (
    req: Request,
    res: Response,
    account: AccountRecord,
    errors: Array<{ field: string; message: string }> = [],
    status = 200,
  ) => {
    const users = await ctx.directory.search({ accountId: account.id, limit: MAX_USERS });
    const entra = ctx.simulator ? await ctx.simulator.view(account.id) : null;
    const current = service ? await service.current(account.id) : null;
    sendView(
      res,
      "admin/accounts/rehearsal",
      {
        title: `Rehearse failures · ${account.displayName}`,
        account,
        flash: takeFlash(req),
        errors,
        simulatorOn: service !== null,
        entra,
        users: users.map((user) => ({ id: user.id, login: loginOf(account, user), status: user.status })),
        chosenUser: formText(req, "user", 100) || current?.userId || users[0]?.id || "",
        scenarios: SCENARIO_IDS.map((id) => ({ id, ...REHEARSAL_SCENARIOS[id] })),
        current: current
          ? {
              ...current,
              title: REHEARSAL_SCENARIOS[current.scenario].title,
              shows: REHEARSAL_SCENARIOS[current.scenario].shows,
            }
          : null,
        base: accountPath(account),
        // The first Sign-on URL with ?account=: starts SSO at once, without the username step.
        directSignOnUrl: `${ctx.config.server.publicUrl}${platformOf(account.platform).apps[0]?.path ?? ""}?account=${encodeURIComponent(account.id)}`,
      },
      status,
    );
  };

  router.get("/accounts/:id/rehearsal", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    await show(req, res, account);
  });

  router.post("/accounts/:id/rehearsal", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const scenario = formText(req, "scenario", 100);
    const userId = formText(req, "user", 100);
    const errors: Array<{ field: string; message: string }> = [];
    if (!service || !(await ctx.simulator?.view(account.id))) {
      errors.push({
        field: "simulator",
        message: "This account has no application in the Entra simulator: rehearsals need it.",
      });
    }
    if (!isScenarioId(scenario))
      errors.push({ field: "scenario", message: "Choose one of the listed scenarios." });
    const user = userId ? await ctx.directory.get(account.id, userId) : undefined;
    if (!user) errors.push({ field: "user", message: "Choose a user of this account." });
    if (errors.length > 0 || !service || !user || !isScenarioId(scenario)) {
      return show(req, res, account, errors, 400);
    }
    const login = loginOf(account, user);
    await service.apply(account, user, login, scenario);
    ctx.log.info({ accountId: account.id, scenario, userId: user.id }, "rehearsal set up");
    addFlash(
      req,
      "ok",
      `Set up: ${REHEARSAL_SCENARIOS[scenario].title}, for ${login}. Try the sign-in, then put things back.`,
    );
    await redirectWithFlash(req, res, accountPath(account, "/rehearsal"));
  });

  router.post("/accounts/:id/rehearsal/restore", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const restored = service ? await service.restore(account) : false;
    if (restored) ctx.log.info({ accountId: account.id }, "rehearsal put back");
    addFlash(
      req,
      restored ? "ok" : "warn",
      restored ? "Everything is back as it was." : "Nothing to put back.",
    );
    await redirectWithFlash(req, res, accountPath(account, "/rehearsal"));
  });

  return router;
}
