import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSsoLogin } from "../helpers/sso-flow.js";
import { TEST_IDP } from "../helpers/test-idp.js";
import { createTestRuntime, createWiredAccount, type TestRuntime } from "../helpers/test-runtime.js";
import { API_TOKEN, accountPaths, attemptSignIn, recordOf } from "./diagnostics-helpers.js";

const ACCOUNT = accountPaths("cloudlink", "api-cloudlink");

let rt: TestRuntime;
let failureTrace = "";

const api = (path: string) =>
  request(rt.app).get(`/api/v1${path}`).set("Authorization", `Bearer ${API_TOKEN}`);

interface ListBody {
  signIns: Array<{
    traceId: string;
    outcome: string;
    code: string | null;
    at: string;
    stoppedAtEntra: boolean;
    fix: string | null;
  }>;
  limit: number;
  offset: number;
}

beforeAll(async () => {
  rt = await createTestRuntime();
  await createWiredAccount(rt, { id: ACCOUNT.id, platform: "cloudlink" });
  expect((await attemptSignIn(rt.app, ACCOUNT)).res.status).toBe(303);
  failureTrace = (await attemptSignIn(rt.app, ACCOUNT, { audience: `${ACCOUNT.entityId}/` })).body.error
    .traceId;
});
afterAll(() => rt.dispose());

describe("GET /api/v1/accounts/:id/sign-ins", () => {
  it("lists the log newest first, with code, cause and fix", async () => {
    const res = await api(`/accounts/${ACCOUNT.id}/sign-ins`);
    expect(res.status).toBe(200);
    const body = res.body as ListBody;
    expect(body.signIns.map((s) => s.outcome)).toEqual(["failure", "started", "success", "started"]);
    expect(body.signIns[0]).toMatchObject({
      traceId: failureTrace,
      code: "AUDIENCE_MISMATCH",
      stoppedAtEntra: false,
    });
    expect(body.signIns[0]?.fix).toContain("Identifier (Entity ID)");
    const times = body.signIns.map((s) => Date.parse(s.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("filters by outcome, code and time, and pages", async () => {
    const failures = (await api(`/accounts/${ACCOUNT.id}/sign-ins?outcome=failure`)).body as ListBody;
    expect(failures.signIns.map((s) => s.traceId)).toEqual([failureTrace]);
    const byCode = (await api(`/accounts/${ACCOUNT.id}/sign-ins?code=audience_mismatch`)).body as ListBody;
    expect(byCode.signIns).toHaveLength(1);
    const none = (await api(`/accounts/${ACCOUNT.id}/sign-ins?since=2999-01-01T00:00:00Z`)).body as ListBody;
    expect(none.signIns).toEqual([]);
    const until = (await api(`/accounts/${ACCOUNT.id}/sign-ins?until=${Date.now() + 60_000}`))
      .body as ListBody;
    expect(until.signIns).toHaveLength(4);
    const page = (await api(`/accounts/${ACCOUNT.id}/sign-ins?limit=2&offset=2`)).body as ListBody;
    expect(page).toMatchObject({ limit: 2, offset: 2 });
    expect(page.signIns.map((s) => s.outcome)).toEqual(["success", "started"]);
  });

  it("refuses bad filters with a 400 naming the parameter", async () => {
    for (const [query, field] of [
      ["outcome=sometimes", "outcome"],
      ["code=NOT_A_CODE", "code"],
      ["since=yesterday", "since"],
      ["limit=0", "limit"],
      ["limit=abc", "limit"],
      ["offset=-1", "offset"],
    ]) {
      const res = await api(`/accounts/${ACCOUNT.id}/sign-ins?${query}`);
      expect(res.status, query).toBe(400);
      expect((res.body as { error: { code: string; message: string } }).error).toMatchObject({
        code: "INVALID_FILTER",
      });
      expect((res.body as { error: { message: string } }).error.message.startsWith(`${field}:`)).toBe(true);
    }
  });

  it("needs the bearer token; an unknown account is 404", async () => {
    expect((await request(rt.app).get(`/api/v1/accounts/${ACCOUNT.id}/sign-ins`)).status).toBe(401);
    expect(
      (
        await request(rt.app)
          .get(`/api/v1/accounts/${ACCOUNT.id}/sign-ins`)
          .set("Authorization", "Bearer wrong-token")
      ).status,
    ).toBe(401);
    expect((await api("/accounts/nope/sign-ins")).status).toBe(404);
  });
});

describe("GET /api/v1/accounts/:id/sign-ins/:traceId", () => {
  it("returns everything recorded", async () => {
    const detail = await recordOf(rt.app, ACCOUNT.id, failureTrace);
    expect(detail).toMatchObject({ traceId: failureTrace, outcome: "failure", code: "AUDIENCE_MISMATCH" });
    expect(detail.diagnosis?.verdicts.length).toBeGreaterThan(15);
    expect(detail.diagnosis?.signature?.keyInfoCertificate?.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(detail.xml).toContain("<samlp:Response");
    expect(detail.samlResponse).toBeTruthy();
    expect(detail.lastSuccessTraceId).toBeTruthy();
    expect((await api(`/accounts/${ACCOUNT.id}/sign-ins/NOPE`)).status).toBe(404);
  });
});

describe("stopped at Entra: a started sign-in with no response after 10 minutes", () => {
  it("is flagged, listing the Entra errors the current settings could cause", async () => {
    const stuck = accountPaths("micloud", "api-stuck");
    await createWiredAccount(rt, { id: stuck.id, platform: "micloud" });
    const flow = await startSsoLogin(rt.app, `/micloud/portal?account=${stuck.id}`);
    const realNow = rt.ctx.now;
    try {
      rt.ctx.now = () => Date.now() + 9 * 60_000;
      const early = (await api(`/accounts/${stuck.id}/sign-ins`)).body as ListBody;
      expect(early.signIns[0]?.stoppedAtEntra).toBe(false);

      rt.ctx.now = () => Date.now() + 11 * 60_000;
      const list = (await api(`/accounts/${stuck.id}/sign-ins`)).body as ListBody;
      expect(list.signIns[0]).toMatchObject({ outcome: "started", stoppedAtEntra: true });
      const detail = await recordOf(rt.app, stuck.id, list.signIns[0]?.traceId ?? "");
      expect(detail.requestId).toBe(flow.request.id);
      expect(detail.stoppedAtEntra?.minutesWaiting).toBeGreaterThanOrEqual(11);
      const errors = detail.stoppedAtEntra?.possibleErrors ?? [];
      const byCode = (code: string) => errors.find((e) => e.code === code);
      expect(byCode("AADSTS700016")?.when).toContain(stuck.entityId);
      expect(byCode("AADSTS50011")?.when).toContain(stuck.replyUrl);
      expect(byCode("AADSTS50105")?.fix).toContain("Users and groups");
    } finally {
      rt.ctx.now = realNow;
    }
  });

  it("puts what the settings themselves show first: tenants that disagree, an http Reply URL", async () => {
    const odd = accountPaths("micloud", "api-odd");
    await createWiredAccount(rt, {
      id: odd.id,
      platform: "micloud",
      replyUrlOverride: "http://sso.contoso.com/micloud/api-odd/saml/acs",
      sso: { idpSignInUrl: "https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/saml2" },
    });
    await startSsoLogin(rt.app, `/micloud/portal?account=${odd.id}`);
    const realNow = rt.ctx.now;
    try {
      rt.ctx.now = () => Date.now() + 30 * 60_000;
      const list = (await api(`/accounts/${odd.id}/sign-ins`)).body as ListBody;
      const detail = await recordOf(rt.app, odd.id, list.signIns[0]?.traceId ?? "");
      const [first, second] = detail.stoppedAtEntra?.possibleErrors ?? [];
      expect(first?.code).toBe("AADSTS700016");
      expect(first?.when).toContain("00000000-1111-2222-3333-444444444444");
      expect(first?.when).toContain(TEST_IDP.tenantId);
      expect(second?.code).toBe("AADSTS50011");
      expect(second?.when).toContain("plain http");
    } finally {
      rt.ctx.now = realNow;
    }
  });

  it("is not flagged once a response came back, even a failed one", async () => {
    const realNow = rt.ctx.now;
    try {
      rt.ctx.now = () => Date.now() + 60 * 60_000;
      const list = (await api(`/accounts/${ACCOUNT.id}/sign-ins?outcome=started`)).body as ListBody;
      expect(list.signIns.length).toBe(2);
      expect(list.signIns.every((s) => !s.stoppedAtEntra)).toBe(true);
    } finally {
      rt.ctx.now = realNow;
    }
  });
});
