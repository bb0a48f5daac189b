import type { Express } from "express";
import request from "supertest";
import type { Diagnosis, Verdict } from "../../src/diagnostics/types.js";
import type { PlatformId } from "../../src/platforms/index.js";
import { postToAcs, startSsoLogin } from "../helpers/sso-flow.js";
import { signTestResponse, type TestResponseOptions } from "../helpers/test-idp.js";
import { TEST_PUBLIC_URL } from "../helpers/test-runtime.js";

/** Shared by the diagnostics and sign-in API tests. */
export const API_TOKEN = "test-admin-token-0123456789abcdef";

export interface AccountPaths {
  id: string;
  platform: PlatformId;
  acsPath: string;
  replyUrl: string;
  entityId: string;
  signOnPath: string;
}

export function accountPaths(platform: PlatformId, id: string): AccountPaths {
  const acsPath = `/${platform}/${id}/saml/acs`;
  return {
    id,
    platform,
    acsPath,
    replyUrl: `${TEST_PUBLIC_URL}${acsPath}`,
    entityId: `${TEST_PUBLIC_URL}/${platform}/${id}/saml/metadata`,
    signOnPath: platform === "micloud" ? "/micloud/portal" : "/cloudlink/accounts",
  };
}

export interface FailureBody {
  error: { code: string; cause: string; fix: string; traceId: string; expected?: string; actual?: string };
}

/** Starts a login in a fresh browser, signs a response with these overrides, posts it (JSON answer). */
export async function attemptSignIn(
  app: Express,
  account: AccountPaths,
  overrides: Partial<TestResponseOptions> = {},
) {
  const flow = await startSsoLogin(app, `${account.signOnPath}?account=${account.id}`);
  const response = signTestResponse({
    replyUrl: account.replyUrl,
    audience: account.entityId,
    inResponseTo: flow.request.id,
    ...overrides,
  });
  const res = await postToAcs(flow.agent, account.acsPath, response.base64, {
    binding: flow.binding,
    accept: "application/json",
  });
  return { res, flow, response, body: res.body as FailureBody };
}

/**
 * A valid signed response for this account answering `inResponseTo` (null: IdP-initiated), posted
 * by a fresh browser that started no login.
 */
export async function postSignedResponse(app: Express, account: AccountPaths, inResponseTo: string | null) {
  const response = signTestResponse({ replyUrl: account.replyUrl, audience: account.entityId, inResponseTo });
  return postRaw(app, account, response.base64);
}

/** Posts an already built SAMLResponse (base64) from a fresh browser that started a login. */
export async function postRaw(app: Express, account: AccountPaths, base64: string) {
  const res = await postToAcs(request.agent(app), account.acsPath, base64, { accept: "application/json" });
  return { res, body: res.body as FailureBody };
}

export interface SignInDetailBody {
  traceId: string;
  outcome: string;
  code: string | null;
  cause: string | null;
  fix: string | null;
  nameId: string | null;
  requestId: string | null;
  relayState: string | null;
  client: { ip: string | null; userAgent: string | null } | null;
  diagnosis: Diagnosis | null;
  xml: string | null;
  samlResponse: string | null;
  stoppedAtEntra: {
    minutesWaiting: number;
    possibleErrors: Array<{ code: string; when: string; fix: string }>;
  } | null;
  answeredBy: string[];
  lastSuccessTraceId: string | null;
  matchedUser: { id: string; name: string } | null;
  response: { claims: Array<{ name: string; values: string[] }> } | null;
}

/** The recorded sign-in, through the JSON API (as an admin's script would read it). */
export async function recordOf(app: Express, accountId: string, traceId: string): Promise<SignInDetailBody> {
  const res = await request(app)
    .get(`/api/v1/accounts/${accountId}/sign-ins/${traceId}`)
    .set("Authorization", `Bearer ${API_TOKEN}`);
  if (res.status !== 200) throw new Error(`GET sign-in ${traceId}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body as SignInDetailBody;
}

export function verdict(d: Diagnosis | null, id: string): Verdict {
  const v = d?.verdicts.find((x) => x.id === id);
  if (!v) throw new Error(`no verdict ${id} in ${JSON.stringify(d?.verdicts.map((x) => x.id))}`);
  return v;
}
