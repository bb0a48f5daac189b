import { Router } from "express";
import { summariseAccount } from "../../accounts/account-summary.js";
import {
  checkReplyUrlOverride,
  checkSpEntityIdOverride,
  checkUrlProfile,
} from "../../accounts/settings/advanced-settings.js";
import { saveSsoSettings } from "../../accounts/settings/save-sso-settings.js";
import { checkIdpLogoutUrl } from "../../accounts/settings/single-sign-out.js";
import type { AppContext } from "../../context.js";
import type { UserInput } from "../../directory/user-input.js";
import type { AccountPatch, AccountRecord, SsoSettings } from "../../domain/account.js";
import { checkDisplayName } from "../../domain/display-name.js";
import type { UserRecord } from "../../domain/user.js";
import { notFound } from "../../errors.js";
import { platformOf } from "../../platforms/index.js";
import { httpOriginsOf, saveSsoDepsOf, summaryDepsOf } from "../admin/accounts/admin-helpers.js";
import {
  apiErrorHandler,
  type FieldProblem,
  parseBody,
  sendInvalid,
  zodProblems,
} from "./accounts/api-errors.js";
import { accountJson, userJson } from "./accounts/api-json.js";
import {
  createAccountBody,
  createUserBody,
  patchAccountBody,
  patchUserBody,
  putSsoBody,
  userListQuery,
} from "./accounts/api-schemas.js";

const USER_LIST_LIMIT = 1000;

/**
 * Accounts and users over JSON (/api/v1, bearer token applied by api/index.ts). The same rules as
 * the console: PUT /accounts/:id/sso is validated exactly like the settings form.
 */
export function accountsApi(ctx: AppContext): Router {
  const router = Router();
  const summary = (account: AccountRecord) => summariseAccount(summaryDepsOf(ctx), account);
  const requireUser = async (account: AccountRecord, userId: string): Promise<UserRecord> => {
    const user = await ctx.directory.get(account.id, userId);
    if (!user) throw notFound("User");
    return user;
  };

  router.get("/accounts", async (_req, res) => {
    const accounts = await ctx.accounts.list();
    res.json({ accounts: await Promise.all(accounts.map(async (a) => accountJson(await summary(a)))) });
  });

  router.post("/accounts", async (req, res) => {
    const body = parseBody(createAccountBody, req.body, res);
    if (!body) return;
    const problems: FieldProblem[] = [];
    const nameError = body.displayName.trim() ? checkDisplayName(body.displayName) : null;
    if (nameError) problems.push({ field: "displayName", message: nameError });
    const entityId = checkSpEntityIdOverride(body.spEntityIdOverride ?? "");
    if (entityId.error) problems.push({ field: "spEntityIdOverride", message: entityId.error });
    const reply = checkReplyUrlOverride(body.replyUrlOverride ?? "");
    if (reply.error) problems.push({ field: "replyUrlOverride", message: reply.error });
    const profile = checkUrlProfile(body.urlProfile);
    if (profile.error) problems.push({ field: "urlProfile", message: profile.error });
    if (problems.length) return sendInvalid(res, "INVALID_ACCOUNT", "The account was not created.", problems);
    const account = await ctx.accounts.create({
      id: body.id.trim(),
      platform: body.platform,
      displayName: body.displayName,
      spEntityIdOverride: entityId.value,
      replyUrlOverride: reply.value,
      urlProfile: profile.value,
    });
    res
      .status(201)
      .location(`/api/v1/accounts/${encodeURIComponent(account.id)}`)
      .json(accountJson(await summary(account)));
  });

  router.get("/accounts/:id", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    res.json(accountJson(await summary(account)));
  });

  router.patch("/accounts/:id", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const body = parseBody(patchAccountBody, req.body, res);
    if (!body) return;
    const problems: FieldProblem[] = [];
    const patch: AccountPatch = {};
    if (body.displayName !== undefined) {
      const error = checkDisplayName(body.displayName);
      if (error) problems.push({ field: "displayName", message: error });
      else patch.displayName = body.displayName.trim();
    }
    if (body.spEntityIdOverride !== undefined) {
      const check = checkSpEntityIdOverride(body.spEntityIdOverride ?? "");
      if (check.error) problems.push({ field: "spEntityIdOverride", message: check.error });
      else patch.spEntityIdOverride = check.value;
    }
    if (body.replyUrlOverride !== undefined) {
      const check = checkReplyUrlOverride(body.replyUrlOverride ?? "");
      if (check.error) problems.push({ field: "replyUrlOverride", message: check.error });
      else patch.replyUrlOverride = check.value;
    }
    if (body.urlProfile !== undefined) {
      const check = checkUrlProfile(body.urlProfile);
      if (check.error) problems.push({ field: "urlProfile", message: check.error });
      else patch.urlProfile = check.value;
    }
    const options = signatureOptionsOf(body);
    const logout = logoutUrlOf(body, httpOriginsOf(ctx));
    if (logout.problem) problems.push(logout.problem);
    Object.assign(options, logout.option);
    if (Object.keys(options).length > 0) patch.sso = options;
    if (problems.length) return sendInvalid(res, "INVALID_ACCOUNT", "The account was not changed.", problems);
    const updated = await ctx.accounts.update(account.id, patch);
    await ctx.spKeys.ensureKeysFor(updated);
    res.json(accountJson(await summary(updated)));
  });

  router.delete("/accounts/:id", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    await ctx.accounts.delete(account.id);
    res.status(204).end();
  });

  router.put("/accounts/:id/sso", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const body = parseBody(putSsoBody, req.body, res);
    if (!body) return;
    // The mock-only Logout URL is checked first: a wrong one refuses the whole request, nothing saved.
    const logout = logoutUrlOf(body, httpOriginsOf(ctx));
    if (logout.problem) {
      return sendInvalid(
        res,
        "INVALID_SSO_SETTINGS",
        "The SSO settings were not saved.",
        [logout.problem],
        [],
      );
    }
    const saved = await saveSsoSettings(
      saveSsoDepsOf(ctx),
      account,
      {
        enabled: body.enabled,
        idpSignInUrl: body.idpSignInUrl,
        idpEntityId: body.idpEntityId,
        idpCertificate: body.idpCertificate ?? (body.idpCertificates ?? []).join("\n"),
        mitelCredentialsAllowed: body.mitelCredentialsAllowed,
      },
      { ...signatureOptionsOf(body), ...logout.option },
    );
    if (!saved.ok) {
      return sendInvalid(
        res,
        "INVALID_SSO_SETTINGS",
        "The SSO settings were not saved.",
        saved.errors,
        saved.warnings,
      );
    }
    res.json({ ...accountJson(await summary(saved.account)), warnings: saved.warnings });
  });

  router.get("/accounts/:id/users", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const parsed = userListQuery.safeParse(req.query);
    if (!parsed.success) {
      return sendInvalid(
        res,
        "INVALID_QUERY",
        "The query has invalid parameters.",
        zodProblems(parsed.error.issues),
      );
    }
    const query = (parsed.data.q ?? "").trim().slice(0, 200);
    const status = parsed.data.status;
    const users = await ctx.directory.search({
      accountId: account.id,
      ...(query ? { query } : {}),
      ...(status ? { status } : {}),
      limit: USER_LIST_LIMIT,
    });
    res.json({ users: users.map(userJson) });
  });

  router.post("/accounts/:id/users", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const body = parseBody(createUserBody, req.body, res);
    if (!body) return;
    const { password, ...input } = body;
    const user = await ctx.directory.create(account, { ...input, ...(password ? { password } : {}) });
    res
      .status(201)
      .location(`/api/v1/accounts/${encodeURIComponent(account.id)}/users/${encodeURIComponent(user.id)}`)
      .json(userJson(user));
  });

  router.get("/accounts/:id/users/:userId", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    res.json(userJson(await requireUser(account, req.params.userId)));
  });

  router.patch("/accounts/:id/users/:userId", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const user = await requireUser(account, req.params.userId);
    const body = parseBody(patchUserBody, req.body, res);
    if (!body) return;
    const { password, status, ...fields } = body;
    let updated = user;
    if (Object.keys(fields).length > 0) {
      // The directory validates a whole user, so unchanged fields are taken from the stored one.
      const merged: UserInput =
        platformOf(account.platform).userModel === "name-and-username"
          ? {
              name: fields.name ?? user.name,
              email: fields.email ?? user.email,
              username: fields.username ?? user.username ?? "",
            }
          : {
              firstName: fields.firstName ?? user.firstName ?? "",
              lastName: fields.lastName ?? user.lastName ?? "",
              email: fields.email ?? user.email,
            };
      updated = await ctx.directory.update(account, user.id, merged);
    }
    if (status) updated = await ctx.directory.setStatus(account, user.id, status);
    if (password !== undefined) updated = await ctx.directory.setPassword(account, user.id, password);
    res.json(userJson(updated));
  });

  router.delete("/accounts/:id/users/:userId", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const user = await requireUser(account, req.params.userId);
    await ctx.directory.delete(account.id, user.id);
    res.status(204).end();
  });

  router.use(apiErrorHandler);
  return router;
}

/** Mock-only single sign-out: Entra's Logout URL when the body sets it, checked as the console does. */
function logoutUrlOf(
  body: { idpLogoutUrl?: string | undefined },
  httpOrigins: string[],
): { option: Partial<SsoSettings>; problem: { field: string; message: string } | null } {
  if (body.idpLogoutUrl === undefined) return { option: {}, problem: null };
  const check = checkIdpLogoutUrl(body.idpLogoutUrl, httpOrigins);
  if (check.error) return { option: {}, problem: { field: "idpLogoutUrl", message: check.error } };
  return { option: { idpLogoutUrl: check.value }, problem: null };
}

/** The account's signature and request options a request sets; absent ones stay as they are. */
function signatureOptionsOf(body: {
  allowSha1?: boolean | undefined;
  requireResponseSignature?: boolean | undefined;
  forceAuthn?: boolean | undefined;
  nameIdPolicyFormat?: SsoSettings["nameIdPolicyFormat"] | undefined;
  signAuthnRequests?: boolean | undefined;
  encryptedAssertions?: boolean | undefined;
}): Partial<SsoSettings> {
  return {
    ...(body.signAuthnRequests !== undefined ? { signAuthnRequests: body.signAuthnRequests } : {}),
    ...(body.encryptedAssertions !== undefined ? { encryptedAssertions: body.encryptedAssertions } : {}),
    ...(body.forceAuthn !== undefined ? { forceAuthn: body.forceAuthn } : {}),
    ...(body.nameIdPolicyFormat !== undefined ? { nameIdPolicyFormat: body.nameIdPolicyFormat } : {}),
    ...(body.allowSha1 !== undefined ? { allowSha1: body.allowSha1 } : {}),
    ...(body.requireResponseSignature !== undefined
      ? { requireResponseSignature: body.requireResponseSignature }
      : {}),
  };
}
