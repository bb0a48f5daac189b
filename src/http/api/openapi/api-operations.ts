import type { z } from "zod";
import {
  analyzeBody,
  createAccountBody,
  createSpKeyBody,
  createUserBody,
  exportQuery,
  patchAccountBody,
  patchUserBody,
  putSsoBody,
  signInListQuery,
  userListQuery,
} from "../accounts/api-schemas.js";
import {
  accountListResponse,
  accountResponse,
  accountWithWarningsResponse,
  analyzeResponseBody,
  certificateFileResponse,
  openApiDocumentResponse,
  seedFileResponse,
  signInDetailResponse,
  signInListResponse,
  spKeyListResponse,
  spKeyResponse,
  userListResponse,
  userResponse,
} from "./response-schemas.js";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** One /api/v1 route as the document describes it; the path is Express's (`:id`). */
export interface ApiOperation {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  tag: "accounts" | "users" | "sign-ins" | "export" | "meta";
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Status → schema; null = no content. */
  ok: { status: number; schema: z.ZodType | null; description: string; contentType?: string };
  /** No bearer token needed. */
  public?: boolean;
}

/**
 * Every route the API router serves, with the zod schemas its handler validates with; the test
 * walks the router and fails on a route missing here.
 */
export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApi",
    summary: "This document",
    tag: "meta",
    ok: { status: 200, schema: openApiDocumentResponse, description: "The OpenAPI 3.1 document" },
    public: true,
  },
  {
    method: "get",
    path: "/export",
    operationId: "exportSeedFile",
    summary: "Everything as a seed file (YAML, the format CONFIG_FILE seeds read); no passwords",
    tag: "export",
    query: exportQuery,
    ok: {
      status: 200,
      schema: seedFileResponse,
      description: "The seed file; applied to an empty instance it recreates accounts, settings and users",
      contentType: "application/yaml",
    },
  },
  {
    method: "get",
    path: "/accounts",
    operationId: "listAccounts",
    summary: "List accounts with their SSO settings, SP values and checklist",
    tag: "accounts",
    ok: { status: 200, schema: accountListResponse, description: "The accounts" },
  },
  {
    method: "post",
    path: "/accounts",
    operationId: "createAccount",
    summary: "Create an account",
    tag: "accounts",
    body: createAccountBody,
    ok: { status: 201, schema: accountResponse, description: "Created (Location names it)" },
  },
  {
    method: "get",
    path: "/accounts/:id",
    operationId: "getAccount",
    summary: "One account",
    tag: "accounts",
    ok: { status: 200, schema: accountResponse, description: "The account" },
  },
  {
    method: "patch",
    path: "/accounts/:id",
    operationId: "patchAccount",
    summary: "Change an account's name, overrides, URL profile or signature options",
    tag: "accounts",
    body: patchAccountBody,
    ok: { status: 200, schema: accountResponse, description: "The changed account" },
  },
  {
    method: "delete",
    path: "/accounts/:id",
    operationId: "deleteAccount",
    summary: "Delete an account with its users and sign-in log",
    tag: "accounts",
    ok: { status: 204, schema: null, description: "Deleted" },
  },
  {
    method: "put",
    path: "/accounts/:id/sso",
    operationId: "putSsoSettings",
    summary: "Replace the SSO settings, validated exactly as the console's form",
    tag: "accounts",
    body: putSsoBody,
    ok: { status: 200, schema: accountWithWarningsResponse, description: "Saved, with any warnings" },
  },
  {
    method: "get",
    path: "/accounts/:id/sp-keys",
    operationId: "listSpKeys",
    summary: "The account's SP key pairs (mock only: signed AuthnRequests, encrypted assertions)",
    tag: "accounts",
    ok: { status: 200, schema: spKeyListResponse, description: "The keys, without private keys" },
  },
  {
    method: "post",
    path: "/accounts/:id/sp-keys",
    operationId: "createSpKey",
    summary: "Generate a key pair; the first of its use is active, later ones wait to be made active",
    tag: "accounts",
    body: createSpKeyBody,
    ok: { status: 201, schema: spKeyResponse, description: "The new key" },
  },
  {
    method: "post",
    path: "/accounts/:id/sp-keys/:keyId/activate",
    operationId: "activateSpKey",
    summary: "Make a key the active one of its use (the others stay published: the rotation's overlap)",
    tag: "accounts",
    ok: { status: 200, schema: spKeyListResponse, description: "The keys after the change" },
  },
  {
    method: "delete",
    path: "/accounts/:id/sp-keys/:keyId",
    operationId: "deleteSpKey",
    summary: "Remove a key (not the active one while its use is on)",
    tag: "accounts",
    ok: { status: 204, schema: null, description: "Removed" },
  },
  {
    method: "get",
    path: "/accounts/:id/sp-keys/:keyId/certificate",
    operationId: "getSpKeyCertificate",
    summary: "A key's certificate as Entra's Verification certificates / Token encryption upload takes it",
    tag: "accounts",
    ok: {
      status: 200,
      schema: certificateFileResponse,
      description: "The .cer file",
      contentType: "application/pkix-cert",
    },
  },
  {
    method: "get",
    path: "/accounts/:id/users",
    operationId: "listUsers",
    summary: "Search an account's users (up to 1,000)",
    tag: "users",
    query: userListQuery,
    ok: { status: 200, schema: userListResponse, description: "The users" },
  },
  {
    method: "post",
    path: "/accounts/:id/users",
    operationId: "createUser",
    summary: "Create a user (fields as the platform's user form)",
    tag: "users",
    body: createUserBody,
    ok: { status: 201, schema: userResponse, description: "Created (Location names it)" },
  },
  {
    method: "get",
    path: "/accounts/:id/users/:userId",
    operationId: "getUser",
    summary: "One user",
    tag: "users",
    ok: { status: 200, schema: userResponse, description: "The user" },
  },
  {
    method: "patch",
    path: "/accounts/:id/users/:userId",
    operationId: "patchUser",
    summary: "Change a user's fields, status or password",
    tag: "users",
    body: patchUserBody,
    ok: { status: 200, schema: userResponse, description: "The changed user" },
  },
  {
    method: "delete",
    path: "/accounts/:id/users/:userId",
    operationId: "deleteUser",
    summary: "Delete a user",
    tag: "users",
    ok: { status: 204, schema: null, description: "Deleted" },
  },
  {
    method: "get",
    path: "/accounts/:id/sign-ins",
    operationId: "listSignIns",
    summary: "The account's sign-in log, newest first",
    tag: "sign-ins",
    query: signInListQuery,
    ok: { status: 200, schema: signInListResponse, description: "One page of the log" },
  },
  {
    method: "get",
    path: "/accounts/:id/sign-ins/:traceId",
    operationId: "getSignIn",
    summary: "One sign-in with everything recorded",
    tag: "sign-ins",
    ok: { status: 200, schema: signInDetailResponse, description: "The sign-in" },
  },
  {
    method: "post",
    path: "/accounts/:id/analyze",
    operationId: "analyzeResponse",
    summary: "Check a SAMLResponse against the account's settings without signing anyone in",
    tag: "sign-ins",
    body: analyzeBody,
    ok: { status: 200, schema: analyzeResponseBody, description: "The verdicts" },
  },
];
