/**
 * A sign-in that stopped at Entra lists the Entra errors the settings could cause likeliest first:
 * the app's configuration (Identifier, Reply URL) while no sign-in has worked with the current
 * settings; the user (not assigned, not in the tenant) once one has.
 */
import { describe, expect, it } from "vitest";
import {
  possibleEntraErrors,
  STOPPED_AFTER_MS,
  stoppedAtEntra,
} from "../../../src/diagnostics/stopped-at-entra.js";
import type { AccountRecord } from "../../../src/domain/account.js";
import { signInRecord } from "../../helpers/sign-in-record.js";
import { TEST_IDP } from "../../helpers/test-idp.js";
import { makeAccount } from "../accounts/support.js";

const SETTINGS_SAVED_AT = Date.parse("2026-11-26T09:00:00Z");
const STARTED_AT = Date.parse("2026-11-26T10:00:00Z");
const NOW = STARTED_AT + STOPPED_AFTER_MS + 60_000;

const account: AccountRecord = {
  ...makeAccount("micloud", {
    enabled: true,
    idpSignInUrl: TEST_IDP.signInUrl,
    idpEntityId: TEST_IDP.entityId,
    idpCertificates: [TEST_IDP.certificatePem],
  }),
  id: "stopped-micloud",
  displayName: "Stopped",
  updatedAt: SETTINGS_SAVED_AT,
};

const started = signInRecord(
  "t-started",
  { loginHint: "B.Simon@contoso.com" },
  { outcome: "started", requestId: "_r1", at: STARTED_AT, accountId: account.id },
);

function codes(lastSuccessAt: number | null): string[] {
  const lastSuccess = lastSuccessAt === null ? null : signInRecord("t-ok", {}, { at: lastSuccessAt });
  const stopped = stoppedAtEntra(started, [], NOW, account, "http://localhost:3000", lastSuccess);
  expect(stopped).not.toBeNull();
  return stopped?.possibleErrors.map((e) => e.code) ?? [];
}

describe("stopped at Entra: likeliest cause first", () => {
  it("no sign-in has worked yet: the app's Identifier, then its Reply URL", () => {
    expect(codes(null).slice(0, 2)).toEqual(["AADSTS700016", "AADSTS50011"]);
  });

  it("a success before the settings were last saved does not count: still the app first", () => {
    expect(codes(SETTINGS_SAVED_AT - 1)[0]).toBe("AADSTS700016");
  });

  it("a success with the current settings: the user is likeliest (not assigned, then not in the tenant)", () => {
    const ordered = codes(SETTINGS_SAVED_AT + 1);
    expect(ordered.slice(0, 2)).toEqual(["AADSTS50105", "AADSTS50034"]);
    // Nothing is dropped: the app's causes follow.
    expect(ordered).toContain("AADSTS700016");
    expect(new Set(ordered)).toEqual(new Set(codes(null)));
  });

  it("says why the first is likeliest", () => {
    const ok = signInRecord("t-ok", {}, { at: SETTINGS_SAVED_AT + 1 });
    expect(stoppedAtEntra(started, [], NOW, account, "http://localhost:3000", ok)?.likeliest).toContain(
      "succeeded with these settings",
    );
    expect(stoppedAtEntra(started, [], NOW, account, "http://localhost:3000")?.likeliest).toContain(
      "No sign-in has succeeded",
    );
  });
});

describe("request signing among the Entra errors that can stop a sign-in (mock only)", () => {
  const errorsFor = (signAuthnRequests: boolean) =>
    possibleEntraErrors(
      { ...account, sso: { ...account.sso, signAuthnRequests } },
      "http://localhost:3000",
      null,
    ).map((e) => e.code);

  it("unsigned requests: AADSTS76021 if Entra requires verification certificates", () => {
    expect(errorsFor(false)).toContain("AADSTS76021");
    expect(errorsFor(false)).not.toContain("AADSTS76023");
  });

  it("signed requests: AADSTS76023 if Entra does not hold the active key's certificate", () => {
    expect(errorsFor(true)).toContain("AADSTS76023");
    expect(errorsFor(true)).not.toContain("AADSTS76021");
  });
});
