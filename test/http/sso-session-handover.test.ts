import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionStoreCalls } from "../helpers/session-store-spy.js";
import { followSignInTicket, postToAcs, startSsoLogin } from "../helpers/sso-flow.js";
import { signTestResponse } from "../helpers/test-idp.js";
import {
  createTestRuntime,
  createWiredAccount,
  TEST_PUBLIC_URL,
  type TestRuntime,
} from "../helpers/test-runtime.js";
import { operatorAgent } from "./admin-support.js";

/**
 * The ACS POST is cross-site, so it carries no session cookie; the identity reaches the
 * browser's own session through a one-time ticket. These tests pin what that must keep.
 */
let rt: TestRuntime;
const micloud = {
  acs: "/micloud/hand-micloud/saml/acs",
  entity: `${TEST_PUBLIC_URL}/micloud/hand-micloud/saml/metadata`,
};
const cloudlink = {
  acs: "/cloudlink/hand-cloudlink/saml/acs",
  entity: `${TEST_PUBLIC_URL}/cloudlink/hand-cloudlink/saml/metadata`,
};

beforeAll(async () => {
  rt = await createTestRuntime();
  await createWiredAccount(rt, { id: "hand-micloud", platform: "micloud" });
  await createWiredAccount(rt, { id: "hand-cloudlink", platform: "cloudlink" });
});
afterAll(() => rt.dispose());

async function signIn(agent: ReturnType<typeof request.agent>, path: string, target: typeof micloud) {
  const flow = await startSsoLogin(rt.app, path, agent);
  const response = signTestResponse({
    replyUrl: `${TEST_PUBLIC_URL}${target.acs}`,
    audience: target.entity,
    inResponseTo: flow.request.id,
  });
  const acs = await postToAcs(agent, target.acs, response.base64, { binding: flow.binding });
  return { acs, binding: flow.binding };
}

describe("sign-in hand-over from the ACS to the browser's session", () => {
  it("keeps the operator signed in to /admin and a sign-in to the other platform", async () => {
    const agent = await operatorAgent(rt.app);
    expect((await agent.get("/admin/accounts").redirects(0)).status).toBe(200);

    const first = await signIn(agent, "/micloud/portal?account=hand-micloud", micloud);
    expect((await followSignInTicket(agent, first.acs, first.binding)).headers.location).toBe(
      "/micloud/portal",
    );
    const second = await signIn(agent, "/cloudlink/accounts?account=hand-cloudlink", cloudlink);
    expect((await followSignInTicket(agent, second.acs, second.binding)).headers.location).toBe(
      "/cloudlink/accounts",
    );

    expect((await agent.get("/admin/accounts").redirects(0)).status).toBe(200);
    expect((await agent.get("/micloud/portal")).text).toMatch(/data-nameid>B\.Simon@contoso\.com</);
    expect((await agent.get("/cloudlink/accounts")).text).toMatch(/data-nameid>B\.Simon@contoso\.com</);
  });

  it("changes the session id at sign-in (no session fixation)", async () => {
    const agent = await operatorAgent(rt.app);
    const before = await agent.get("/admin");
    const sidBefore = (before.request as unknown as { cookies?: string }).cookies ?? "";
    const { acs, binding } = await signIn(agent, "/micloud/portal?account=hand-micloud", micloud);
    const completed = await followSignInTicket(agent, acs, binding);
    const setCookie = (completed.headers["set-cookie"] as unknown as string[] | undefined)?.find((c) =>
      c.startsWith("mms_session="),
    );
    expect(setCookie).toBeTruthy();
    expect(sidBefore).not.toContain(setCookie?.split(";")[0] ?? "missing");
  });

  it("a ticket works once, and only in the browser that started the sign-in", async () => {
    const agent = request.agent(rt.app);
    const { acs, binding } = await signIn(agent, "/micloud/portal?account=hand-micloud", micloud);
    const location = acs.headers.location as string;

    const otherBrowser = await request(rt.app).get(location).set("Accept", "application/json");
    expect(otherBrowser.status).toBe(400);
    expect(otherBrowser.body.error.code).toBe("SIGN_IN_TICKET_INVALID");

    const again = await agent
      .get(location)
      .set("Cookie", binding ?? "")
      .set("Accept", "application/json");
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe("SIGN_IN_TICKET_INVALID");
    expect((await agent.get("/micloud/portal")).text).not.toContain("data-nameid");
  });

  it("refuses a malformed or unknown ticket with a clear 400", async () => {
    for (const ticket of ["", "short", "x".repeat(40), "../../etc/passwd"]) {
      const res = await request(rt.app)
        .get(`/micloud/hand-micloud/saml/complete?ticket=${encodeURIComponent(ticket)}`)
        .set("Accept", "application/json");
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("SIGN_IN_TICKET_INVALID");
    }
  });

  it("the ACS POST neither loads nor writes a session, even when the browser sends its cookie", async () => {
    const agent = await operatorAgent(rt.app);
    const flow = await startSsoLogin(rt.app, "/micloud/portal?account=hand-micloud", agent);
    const response = signTestResponse({
      replyUrl: `${TEST_PUBLIC_URL}${micloud.acs}`,
      audience: micloud.entity,
      inResponseTo: flow.request.id,
    });
    const { result: acs, calls } = await sessionStoreCalls(rt.ctx.storage.sessions, () =>
      postToAcs(agent, micloud.acs, response.base64, { binding: flow.binding }),
    );
    expect(acs.status).toBe(303);
    expect(acs.headers["set-cookie"] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^mms_session=/)]),
    );
    // The hand-over ticket is stored with set(); the browser's own session is not read.
    expect(calls).toEqual(["set"]);
    expect((await followSignInTicket(agent, acs, flow.binding)).headers.location).toBe("/micloud/portal");
    expect((await agent.get("/admin/accounts").redirects(0)).status).toBe(200);
  });
});
