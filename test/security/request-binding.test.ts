import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime } from "../helpers/test-runtime.js";
import {
  ATTACKER,
  type AttackTarget,
  createAttackTarget,
  expectRefused,
  expectSignedIn,
  freshAgent,
  postResponse,
  signedFor,
  startLogin,
} from "./support/acs-harness.js";
import { runWithoutPrecheck } from "./support/layers.js";
import { edit } from "./support/xml.js";

/**
 * InResponseTo grafting and login CSRF: the InResponseTo inside the signed assertion must name a
 * request this service issued for this account, unexpired, used once, and started by the browser
 * that posts the response (its binding cookie).
 */
let target: AttackTarget;
let other: AttackTarget;
beforeAll(async () => {
  target = await createAttackTarget();
  other = await createAttackTarget({ rt: target.rt, accountId: "other-micloud" });
});
afterAll(() => target.rt.dispose());

describe("InResponseTo grafting", () => {
  it("an unsolicited signed assertion with a real request ID grafted onto the envelope → UNSOLICITED_RESPONSE", async () => {
    const login = await startLogin(target);
    const graft = (xml: string) =>
      edit(xml, (doc) => doc.documentElement.setAttribute("InResponseTo", login.request.id));
    const xml = graft(signedFor(target, null).xml);
    expectRefused(await postResponse(target, login, { xml }), "UNSOLICITED_RESPONSE");
    // node-saml alone accepts this (the envelope's ID is valid and the assertion names none): only
    // our check that the *signed* InResponseTo is present refuses it.
    const again = await startLogin(target);
    const layered = await runWithoutPrecheck(
      target,
      again,
      edit(signedFor(target, null).xml, (doc) =>
        doc.documentElement.setAttribute("InResponseTo", again.request.id),
      ),
    );
    expect(layered).toEqual({ stage: "after node-saml", refused: "UNSOLICITED_RESPONSE" });
  });

  it("a request issued for another account (same browser, same IdP) → UNKNOWN_REQUEST", async () => {
    const otherLogin = await startLogin(other);
    const login = await startLogin(target);
    const response = signedFor(target, login, { inResponseTo: otherLogin.request.id, nameId: ATTACKER });
    expectRefused(
      await postResponse(target, login, response, { binding: otherLogin.binding }),
      "UNKNOWN_REQUEST",
    );
  });

  it("an old signed assertion with the envelope pointed at a fresh request → UNKNOWN_REQUEST", async () => {
    const old = await startLogin(target);
    const oldResponse = signedFor(target, old);
    const fresh = await startLogin(target);
    const xml = edit(oldResponse.xml, (doc) =>
      doc.documentElement.setAttribute("InResponseTo", fresh.request.id),
    );
    expectRefused(await postResponse(target, fresh, { xml }), "UNKNOWN_REQUEST");
  });

  it("a request ID never issued → UNKNOWN_REQUEST", async () => {
    const login = await startLogin(target);
    expectRefused(
      await postResponse(target, login, signedFor(target, login, { inResponseTo: "_never_issued" })),
      "UNKNOWN_REQUEST",
    );
  });

  it("a request that expired (older than server.requestTtlMinutes) → UNKNOWN_REQUEST", async () => {
    // The service's clock, frozen and then moved past the request's lifetime (the global Date
    // is left alone: the engine reads only the injected clock).
    let clock = Date.now();
    const rt = await createTestRuntime({ now: () => clock });
    try {
      const timed = await createAttackTarget({ rt, accountId: "timed-micloud" });
      const login = await startLogin(timed);
      clock += (rt.ctx.config.server.requestTtlMinutes + 1) * 60_000;
      const response = signedFor(timed, login, { now: new Date(clock) });
      expectRefused(await postResponse(timed, login, response), "UNKNOWN_REQUEST");
    } finally {
      await rt.dispose();
    }
  });
});

describe("bound to the browser that started it (login CSRF)", () => {
  it("posted by a browser without the binding cookie → REQUEST_NOT_FROM_THIS_BROWSER; the real browser can still finish", async () => {
    const login = await startLogin(target);
    const response = signedFor(target, login);
    const stranger = freshAgent(target);
    expectRefused(
      await postResponse(target, login, response, { agent: stranger, binding: null }),
      "REQUEST_NOT_FROM_THIS_BROWSER",
    );
    expectSignedIn(await postResponse(target, login, response));
  });

  it("login CSRF: the attacker's own response posted from the victim's browser → REQUEST_NOT_FROM_THIS_BROWSER", async () => {
    const attackerLogin = await startLogin(target);
    const attackerResponse = signedFor(target, attackerLogin, { nameId: ATTACKER });
    const victimLogin = await startLogin(target);
    const outcome = await postResponse(target, victimLogin, attackerResponse);
    expectRefused(outcome, "REQUEST_NOT_FROM_THIS_BROWSER");
    expect(outcome.signedInAs).not.toContain(ATTACKER);
  });

  it("a tampered binding cookie counts as none → REQUEST_NOT_FROM_THIS_BROWSER", async () => {
    const login = await startLogin(target);
    const outcome = await postResponse(target, login, signedFor(target, login), {
      binding: "mms_sso_binding=<script>",
    });
    expectRefused(outcome, "REQUEST_NOT_FROM_THIS_BROWSER");
  });

  it("a request stored without a browser binding never completes → REQUEST_NOT_FROM_THIS_BROWSER", async () => {
    const login = await startLogin(target);
    const now = Date.now();
    await target.rt.ctx.storage.authnRequests.save({
      id: "_unbound_request",
      accountId: target.accountId,
      browserBindingHash: null,
      relayState: null,
      loginHint: null,
      createdAt: now,
      expiresAt: now + 60_000,
    });
    const outcome = await postResponse(
      target,
      login,
      signedFor(target, login, { inResponseTo: "_unbound_request" }),
    );
    expectRefused(outcome, "REQUEST_NOT_FROM_THIS_BROWSER");
  });

  it("the binding cookie is HttpOnly, Secure, SameSite=None and lives as long as a request", async () => {
    const res = await request(target.rt.app).get(`/micloud/portal?account=${target.accountId}`).redirects(0);
    const cookie = ((res.headers["set-cookie"] as unknown as string[]) ?? []).find((c) =>
      c.startsWith("mms_sso_binding="),
    );
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; SameSite=None/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).toMatch(new RegExp(`Max-Age=${target.rt.ctx.config.server.requestTtlMinutes * 60}\\b`));
  });
});
