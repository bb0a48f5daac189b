import request from "supertest";
import { expect } from "vitest";
import type { AccountRecord, SsoSettings } from "../../../src/domain/account.js";
import type { ResponseInput } from "../../../src/idp-simulator/saml/build-response.js";
import { cookieFrom, followSignInTicket, postToAcs, startSsoLogin } from "../../helpers/sso-flow.js";
import { signTestResponse, type TestResponseOptions } from "../../helpers/test-idp.js";
import {
  createTestRuntime,
  createWiredAccount,
  TEST_PUBLIC_URL,
  type TestRuntime,
} from "../../helpers/test-runtime.js";
import { toBase64 } from "./xml.js";

/**
 * One MiCloud Connect account wired to the test IdP with two active users: B.Simon (the victim,
 * whose validly signed responses the attacker starts from) and attacker@contoso.com (the identity
 * the attacker tries to sign in as). Both exist and are active, so a bypass would really sign in.
 */
export const VICTIM = "B.Simon@contoso.com";
export const ATTACKER = "attacker@contoso.com";

export interface AttackTarget {
  rt: TestRuntime;
  account: AccountRecord;
  accountId: string;
  acsPath: string;
  replyUrl: string;
  entityId: string;
  signOnPath: string;
}

export async function createAttackTarget(
  options: { accountId?: string; sso?: Partial<SsoSettings>; rt?: TestRuntime } = {},
): Promise<AttackTarget> {
  const rt = options.rt ?? (await createTestRuntime());
  const accountId = options.accountId ?? "target-micloud";
  const { account } = await createWiredAccount(rt, {
    id: accountId,
    platform: "micloud",
    sso: { ...options.sso },
  });
  await rt.ctx.directory.create(account, { name: "Mallory Attacker", email: ATTACKER, status: "active" });
  const acsPath = `/micloud/${accountId}/saml/acs`;
  return {
    rt,
    account,
    accountId,
    acsPath,
    replyUrl: `${TEST_PUBLIC_URL}${acsPath}`,
    entityId: `${TEST_PUBLIC_URL}/micloud/${accountId}/saml/metadata`,
    signOnPath: "/micloud/portal",
  };
}

export type Login = Awaited<ReturnType<typeof startSsoLogin>>;

/** A browser (supertest agent) that started SP-initiated SSO for the target account. */
export function startLogin(target: AttackTarget): Promise<Login> {
  return startSsoLogin(target.rt.app, `${target.signOnPath}?account=${target.accountId}`);
}

/** A validly signed Entra-shaped response answering this login (B.Simon unless told otherwise). */
export function signedFor(
  target: AttackTarget,
  login: { request: { id: string } } | null,
  overrides: Partial<TestResponseOptions> = {},
) {
  return signTestResponse({
    replyUrl: target.replyUrl,
    audience: target.entityId,
    inResponseTo: login ? login.request.id : null,
    ...overrides,
  });
}

/** Unsigned Entra-shaped XML for this login, to be edited and then signed by support/sign.ts. */
export function unsignedFor(
  target: AttackTarget,
  login: Login,
  overrides: Partial<Omit<ResponseInput, "signing">> = {},
) {
  return signedFor(target, login, { ...overrides, signing: { mode: "none" } }).xml;
}

export interface AcsOutcome {
  /** The ACS's own answer: 303 when it accepted the response, 4xx when it refused it. */
  status: number;
  code: string | undefined;
  /** Where the browser finally lands: the landing path after the sign-in ticket, or the ACS's Location. */
  location: string | undefined;
  body: string;
  /** The session cookie the browser holds after the sign-in ("mms_session=…"), if it got one. */
  session: string | null;
  /** NameIDs shown on the platform's pages afterwards in the same browser (empty: nobody signed in). */
  signedInAs: string[];
}

/**
 * Posts to the ACS from the browser that started the login, follows the one-time sign-in ticket
 * when the ACS accepted the response (as the browser does), then looks at who is signed in.
 */
export async function postResponse(
  target: AttackTarget,
  login: Login,
  response: { xml?: string; base64?: string },
  options: { relayState?: string; binding?: string | null; agent?: Login["agent"] } = {},
): Promise<AcsOutcome> {
  const base64 = response.base64 ?? toBase64(response.xml ?? "");
  const agent = options.agent ?? login.agent;
  const binding = options.binding === undefined ? login.binding : options.binding;
  const res = await postToAcs(agent, target.acsPath, base64, {
    binding,
    accept: "application/json",
    ...(options.relayState ? { relayState: options.relayState } : {}),
  });
  let location = res.headers.location as string | undefined;
  let session = cookieFrom(res, "mms_session");
  if (res.status === 303 && location?.includes("/saml/complete?ticket=")) {
    const landed = await followSignInTicket(agent, res, binding);
    location = landed.headers.location as string | undefined;
    session = cookieFrom(landed, "mms_session") ?? session;
  }
  return {
    status: res.status,
    code: (res.body as { error?: { code?: string } } | undefined)?.error?.code,
    location,
    body: res.text ?? "",
    session,
    signedInAs: await signedInNameIds(target, agent),
  };
}

/** The NameIDs of whoever the landing pages show as signed in for this browser. */
export async function signedInNameIds(target: AttackTarget, agent: Login["agent"]): Promise<string[]> {
  const page = await agent.get(target.signOnPath);
  return [...page.text.matchAll(/data-nameid>([^<]*)</g)].map((m) => m[1] ?? "");
}

/** The attack was refused with this code and nobody is signed in in that browser. */
export function expectRefused(outcome: AcsOutcome, code: string | readonly string[]): void {
  const codes = typeof code === "string" ? [code] : code;
  expect(outcome.status, outcome.body).toBeGreaterThanOrEqual(400);
  expect(outcome.status, outcome.body).toBeLessThan(500);
  expect(codes, outcome.body).toContain(outcome.code);
  expect(outcome.signedInAs).toEqual([]);
}

/** The control case: the unmodified response signs the victim in. */
export function expectSignedIn(outcome: AcsOutcome, nameId = VICTIM): void {
  expect(outcome.status, outcome.body).toBe(303);
  expect(outcome.signedInAs).toEqual([nameId]);
}

/** A fresh browser (no cookies at all). */
export function freshAgent(target: AttackTarget) {
  return request.agent(target.rt.app);
}
