import { describe, expect, it } from "vitest";
import { computeSetupChecklist, looksLikeUpn } from "../../../src/accounts/settings/setup-checklist.js";
import type { AccountRecord } from "../../../src/domain/account.js";
import type { SignInRecord } from "../../../src/domain/sign-in-record.js";
import type { UserRecord } from "../../../src/domain/user.js";
import { platformOf } from "../../../src/platforms/index.js";
import { ENTRA_CERT, EXPIRED_CERT, IDENTIFIER, LOGIN_URL, makeAccount, makeUser, NOW } from "./support.js";

const configured = {
  integrationAdded: true,
  enabled: true,
  idpSignInUrl: LOGIN_URL,
  idpEntityId: IDENTIFIER,
  idpCertificates: [ENTRA_CERT],
};

function checklist(account: AccountRecord, users: UserRecord[] = [], latestSignIn?: SignInRecord, now = NOW) {
  return computeSetupChecklist({ account, platform: platformOf(account.platform), users, latestSignIn, now });
}

const states = (list: ReturnType<typeof checklist>) =>
  Object.fromEntries(list.steps.map((s) => [s.key, s.state]));

function signIn(fields: Partial<SignInRecord>): SignInRecord {
  return {
    traceId: "TRACE12345",
    accountId: "test-micloud",
    at: Date.parse("2026-05-31T12:00:00Z"),
    outcome: "success",
    failureCode: null,
    cause: null,
    fix: null,
    details: {},
    nameId: "B.Simon@contoso.com",
    nameIdFormat: null,
    userId: null,
    requestId: null,
    relayState: null,
    samlResponse: null,
    ...fields,
  };
}

describe("setup checklist", () => {
  it("a fresh MiCloud account: every step to do, not ready", () => {
    const list = checklist(makeAccount("micloud"));
    expect(states(list)).toEqual({
      "sso-feature": "todo",
      certificate: "todo",
      "sign-in-url": "todo",
      "entity-id": "todo",
      "sso-enabled": "todo",
      users: "todo",
      "last-sign-in": "info",
    });
    expect(list.ready).toBe(false);
    expect(list.steps[0]?.detail).toMatch(/Phone System > Add-On Features > Single Sign-On > Activate/);
  });

  it("a fresh CloudLink account starts with the integration step", () => {
    const step = checklist(makeAccount("cloudlink")).steps[0];
    expect(step?.label).toBe("Add the Microsoft Entra Single Sign On integration");
    expect(step?.detail).toMatch(
      /\+ Add new > 3rd party > Add next to "Microsoft Entra Single Sign On" > Done/,
    );
  });

  it("all green once configured, enabled and with an active UPN-shaped user", () => {
    const list = checklist(makeAccount("micloud", configured), [makeUser()]);
    expect(list.ready).toBe(true);
    expect(list.steps.filter((s) => s.key !== "last-sign-in").every((s) => s.state === "ok")).toBe(true);
    expect(list.steps.find((s) => s.key === "certificate")?.detail).toMatch(
      /1 certificate, 579 days to expiry/,
    );
  });

  it("users: pending users are named; CloudLink matches on Email, MiCloud on Username", () => {
    const pending = checklist(makeAccount("micloud", configured), [makeUser({ status: "pending" })]);
    expect(pending.steps.find((s) => s.key === "users")).toMatchObject({
      state: "todo",
      detail: expect.stringMatching(/B\.Simon@contoso\.com is not activated yet/),
    });
    const badUsername = checklist(makeAccount("micloud", configured), [makeUser({ username: "bsimon" })]);
    expect(badUsername.steps.find((s) => s.key === "users")?.detail).toMatch(
      /No active user has a Username shaped like an Entra UPN/,
    );
    const cloudlink = checklist(makeAccount("cloudlink", configured), [makeUser({ username: null })]);
    expect(cloudlink.steps.find((s) => s.key === "users")?.state).toBe("ok");
  });

  it("certificate: expired is an error, expiring soon a warning with the days left", () => {
    expect(
      states(
        checklist(makeAccount("micloud", { ...configured, idpCertificates: [EXPIRED_CERT] }), [makeUser()]),
      ).certificate,
    ).toBe("error");
    const soon = checklist(
      makeAccount("micloud", configured),
      [makeUser()],
      undefined,
      new Date("2027-12-20T00:00:00Z"),
    );
    expect(soon.steps.find((s) => s.key === "certificate")).toMatchObject({
      state: "warn",
      detail: expect.stringMatching(/12 days to expiry/),
    });
    expect(soon.ready).toBe(true);
  });

  it("an Entity ID from another tenant than the Sign-in URL makes every sign-in fail: red, not ready", () => {
    const list = checklist(
      makeAccount("micloud", {
        ...configured,
        idpEntityId: "https://sts.windows.net/11111111-2222-3333-4444-555555555555/",
      }),
      [makeUser()],
    );
    expect(list.steps.find((s) => s.key === "entity-id")).toMatchObject({
      state: "error",
      failureCode: "ISSUER_MISMATCH",
      detail: expect.stringMatching(/differs from the Sign-in URL's/),
    });
    expect(list.ready).toBe(false);
  });

  // Issue 10, item 3: saved with a warning, and every sign-in then fails with ISSUER_MISMATCH.
  it.each([
    ["without its trailing slash", IDENTIFIER.replace(/\/$/, "")],
    ["with two trailing slashes", `${IDENTIFIER}/`],
    [
      "as the v2.0 (OpenID Connect) issuer",
      IDENTIFIER.replace("sts.windows.net", "login.microsoftonline.com").replace(/\/$/, "/v2.0"),
    ],
    ["as the Login URL", LOGIN_URL],
  ])("an Entity ID %s keeps the checklist red", (_what, idpEntityId) => {
    const list = checklist(makeAccount("micloud", { ...configured, idpEntityId }), [makeUser()]);
    expect(list.steps.find((s) => s.key === "entity-id")).toMatchObject({
      state: "error",
      failureCode: "ISSUER_MISMATCH",
    });
    expect(list.ready).toBe(false);
  });

  it("an Entra value pasted as the Sign-in URL keeps the checklist red", () => {
    const list = checklist(makeAccount("micloud", { ...configured, idpSignInUrl: IDENTIFIER }), [makeUser()]);
    expect(list.steps.find((s) => s.key === "sign-in-url")?.state).toBe("error");
    expect(list.ready).toBe(false);
  });

  it("SHA-1 opt-in and Mitel credentials show as warnings", () => {
    const list = checklist(
      makeAccount("cloudlink", { ...configured, allowSha1: true, mitelCredentialsAllowed: true }),
      [makeUser()],
    );
    expect(states(list).sha1).toBe("warn");
    expect(list.steps.find((s) => s.key === "mitel-credentials")?.detail).toMatch(
      /Mitel recommends leaving it off/,
    );
    expect(list.ready).toBe(true);
  });

  it("last sign-in: success, failure with its code and link, started without a response", () => {
    const account = makeAccount("micloud", configured);
    const ok = checklist(account, [makeUser()], signIn({})).steps.at(-1);
    expect(ok).toMatchObject({ state: "ok", href: "/admin/accounts/test-micloud/sign-ins/TRACE12345" });
    const failed = checklist(
      account,
      [makeUser()],
      signIn({ outcome: "failure", failureCode: "USER_NOT_ACTIVE", cause: "B.Simon is not active." }),
    ).steps.at(-1);
    expect(failed).toMatchObject({
      state: "error",
      failureCode: "USER_NOT_ACTIVE",
      traceId: "TRACE12345",
      detail: expect.stringMatching(/with USER_NOT_ACTIVE: B\.Simon is not active\./),
    });
    const started = checklist(account, [makeUser()], signIn({ outcome: "started", nameId: null })).steps.at(
      -1,
    );
    expect(started?.state).toBe("warn");
  });

  it("looksLikeUpn", () => {
    expect(looksLikeUpn("B.Simon@contoso.com")).toBe(true);
    expect(looksLikeUpn("bsimon")).toBe(false);
    expect(looksLikeUpn("b simon@contoso.com")).toBe(false);
    expect(looksLikeUpn(null)).toBe(false);
  });
});
