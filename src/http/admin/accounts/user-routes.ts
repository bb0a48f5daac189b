import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../../context.js";
import type { UserInput } from "../../../directory/user-input.js";
import type { AccountRecord } from "../../../domain/account.js";
import type { UserRecord } from "../../../domain/user.js";
import { AppError, notFound } from "../../../errors.js";
import { platformOf } from "../../../platforms/index.js";
import { sendView } from "../../views.js";
import { accountPath, addFlash, formText, queryText, redirectWithFlash, takeFlash } from "./admin-helpers.js";
import { activateVerbOf, isUserStatus, statusLabelsOf } from "./user-wording.js";

const LIST_LIMIT = 200;

interface UserForm {
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  username: string;
}

type FieldErrors = Array<{ field: string; message: string }>;

function readUserForm(req: Request): UserForm {
  return {
    name: formText(req, "name", 500),
    firstName: formText(req, "firstName", 500),
    lastName: formText(req, "lastName", 500),
    email: formText(req, "email", 500),
    username: formText(req, "username", 500),
  };
}

/** Only the platform's own fields reach the directory (MiCloud: Name/Email/Username; CloudLink: First/Last/Email). */
function toUserInput(account: AccountRecord, form: UserForm): UserInput {
  return platformOf(account.platform).userModel === "name-and-username"
    ? { name: form.name, email: form.email, username: form.username }
    : { firstName: form.firstName, lastName: form.lastName, email: form.email };
}

function formOf(user: UserRecord): UserForm {
  return {
    name: user.name,
    firstName: user.firstName ?? "",
    lastName: user.lastName ?? "",
    email: user.email,
    username: user.username ?? "",
  };
}

/** A directory refusal (bad field, duplicate) as a message next to its field; anything else is rethrown. */
function fieldErrorsFrom(err: unknown): { errors: FieldErrors; status: number } {
  if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
  const field = typeof err.details.field === "string" ? err.details.field : "";
  return { errors: [{ field, message: err.message }], status: err.status };
}

/**
 * The users of an account as each portal has them: list with search and status filter, add, edit,
 * activate (register) / deactivate, set or clear a password, delete.
 */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();

  const requireUser = async (account: AccountRecord, userId: string): Promise<UserRecord> => {
    const user = await ctx.directory.get(account.id, userId);
    if (!user) throw notFound("User");
    return user;
  };

  const common = (account: AccountRecord) => ({
    account,
    platform: platformOf(account.platform),
    statusLabels: statusLabelsOf(account.platform),
    activateVerb: activateVerbOf(account.platform),
  });

  const showEdit = (
    req: Request,
    res: Response,
    account: AccountRecord,
    user: UserRecord,
    extra: { form?: UserForm; errors?: FieldErrors; passwordError?: string } = {},
    status = 200,
  ) =>
    sendView(
      res,
      "admin/users/edit",
      {
        title: user.name,
        flash: takeFlash(req),
        ...common(account),
        user,
        form: extra.form ?? formOf(user),
        errors: extra.errors ?? [],
        passwordError: extra.passwordError ?? "",
      },
      status,
    );

  router.get("/accounts/:id/users", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const query = queryText(req, "q").trim();
    const rawStatus = queryText(req, "status");
    const status = isUserStatus(rawStatus) ? rawStatus : "";
    const users = await ctx.directory.search({
      accountId: account.id,
      ...(query ? { query } : {}),
      ...(status ? { status } : {}),
      limit: LIST_LIMIT + 1,
    });
    const labels = statusLabelsOf(account.platform);
    sendView(res, "admin/users/list", {
      title: "Users",
      flash: takeFlash(req),
      ...common(account),
      users: users.slice(0, LIST_LIMIT),
      truncated: users.length > LIST_LIMIT,
      query,
      status,
      statuses: (["pending", "active", "disabled"] as const).map((value) => ({
        value,
        label: labels[value],
      })),
    });
  });

  router.get("/accounts/:id/users/new", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    sendView(res, "admin/users/new", {
      title: "Add user",
      flash: takeFlash(req),
      ...common(account),
      form: { name: "", firstName: "", lastName: "", email: "", username: "" },
      errors: [],
    });
  });

  router.post("/accounts/:id/users", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const form = readUserForm(req);
    try {
      const user = await ctx.directory.create(account, { ...toUserInput(account, form), status: "pending" });
      const verb = activateVerbOf(account.platform).toLowerCase();
      addFlash(
        req,
        "ok",
        `${user.name} added. ${verb === "activate" ? "Activate" : "Register"} the user before signing in.`,
      );
      await redirectWithFlash(req, res, accountPath(account, `/users/${encodeURIComponent(user.id)}`));
    } catch (err) {
      const { errors, status } = fieldErrorsFrom(err);
      sendView(res, "admin/users/new", { title: "Add user", ...common(account), form, errors }, status);
    }
  });

  router.get("/accounts/:id/users/:userId", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const user = await requireUser(account, req.params.userId);
    showEdit(req, res, account, user);
  });

  router.post("/accounts/:id/users/:userId", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const user = await requireUser(account, req.params.userId);
    const form = readUserForm(req);
    try {
      const updated = await ctx.directory.update(account, user.id, toUserInput(account, form));
      addFlash(req, "ok", `${updated.name} saved.`);
      await redirectWithFlash(req, res, accountPath(account, `/users/${encodeURIComponent(user.id)}`));
    } catch (err) {
      const { errors, status } = fieldErrorsFrom(err);
      showEdit(req, res, account, user, { form, errors }, status);
    }
  });

  router.post("/accounts/:id/users/:userId/status", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const user = await requireUser(account, req.params.userId);
    const status = formText(req, "status", 20);
    if (status !== "active" && status !== "disabled") {
      throw new AppError("INVALID_STATUS", "Status: choose active or disabled.", { status: 400 });
    }
    const updated = await ctx.directory.setStatus(account, user.id, status);
    const label = statusLabelsOf(account.platform)[updated.status];
    addFlash(req, "ok", `${updated.name} is now ${label.toLowerCase()}.`);
    // The list's buttons say back="list" so the admin stays on the list after (de)activating.
    const back = formText(req, "back", 10) === "list" ? "/users" : `/users/${encodeURIComponent(user.id)}`;
    await redirectWithFlash(req, res, accountPath(account, back));
  });

  router.post("/accounts/:id/users/:userId/password", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const user = await requireUser(account, req.params.userId);
    const clear = formText(req, "clear", 5) !== "";
    const password = formText(req, "password", 1024);
    if (!clear && password === "") {
      return showEdit(
        req,
        res,
        account,
        user,
        { passwordError: "Enter a new password (at least 8 characters), or use Clear password." },
        400,
      );
    }
    try {
      await ctx.directory.setPassword(account, user.id, clear ? null : password);
    } catch (err) {
      const { errors, status } = fieldErrorsFrom(err);
      return showEdit(
        req,
        res,
        account,
        user,
        { passwordError: errors[0]?.message ?? "The password was refused." },
        status,
      );
    }
    addFlash(req, "ok", clear ? "Password cleared." : "Password set.");
    await redirectWithFlash(req, res, accountPath(account, `/users/${encodeURIComponent(user.id)}`));
  });

  router.post("/accounts/:id/users/:userId/delete", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const user = await requireUser(account, req.params.userId);
    await ctx.directory.delete(account.id, user.id);
    addFlash(req, "ok", `${user.name} deleted.`);
    await redirectWithFlash(req, res, accountPath(account, "/users"));
  });

  return router;
}
