import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ATTACKER,
  type AttackTarget,
  createAttackTarget,
  expectRefused,
  expectSignedIn,
  postResponse,
  startLogin,
  unsignedFor,
} from "./support/acs-harness.js";
import { signLikeEntra } from "./support/sign.js";
import { assertionOf, edit, first } from "./support/xml.js";

/**
 * Issue 10, items 10 and 11: checks nobody made (an old IssueInstant, an ended session, SAML 1.1)
 * and a check no test guarded (the Issuer of the signed assertion under a correct Response
 * Issuer). Each response is validly signed, so only the check in question can refuse it.
 */
let target: AttackTarget;
beforeAll(async () => {
  target = await createAttackTarget({ accountId: "engine-findings" });
});
afterAll(() => target.rt.dispose());

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

async function postEdited(
  change: (doc: Document) => void,
  mode: "assertion" | "response-and-assertion" = "assertion",
  nameId?: string,
) {
  const login = await startLogin(target);
  const xml = signLikeEntra(edit(unsignedFor(target, login, nameId ? { nameId } : {}), change), mode);
  return postResponse(target, login, { xml });
}

describe("the control: the same edit path signs in when nothing is wrong", () => {
  it("an unedited, re-signed response signs B.Simon in", async () => {
    expectSignedIn(await postEdited(() => {}));
  });
});

describe("issue 10, item 10: new checks with stable codes", () => {
  it("an assertion issued a day ago, with NotBefore/NotOnOrAfter rewritten to be valid → ASSERTION_TOO_OLD", async () => {
    const outcome = await postEdited((doc) => {
      const a = assertionOf(doc);
      a.setAttribute("IssueInstant", new Date(Date.now() - 24 * 3600_000).toISOString());
      first(a, "Conditions").setAttribute("NotBefore", minutesFromNow(-5));
      first(a, "Conditions").setAttribute("NotOnOrAfter", minutesFromNow(60));
      first(a, "SubjectConfirmationData").setAttribute("NotOnOrAfter", minutesFromNow(60));
    });
    expectRefused(outcome, "ASSERTION_TOO_OLD");
    expect(JSON.parse(outcome.body).error.fix).toMatch(/Entra issues a fresh one for every sign-in/);
  });

  it("an AuthnStatement SessionNotOnOrAfter in the past → SESSION_EXPIRED", async () => {
    const outcome = await postEdited((doc) =>
      first(assertionOf(doc), "AuthnStatement").setAttribute("SessionNotOnOrAfter", minutesFromNow(-30)),
    );
    expectRefused(outcome, "SESSION_EXPIRED");
  });

  it("a SessionNotOnOrAfter in the future is fine", async () => {
    expectSignedIn(
      await postEdited((doc) =>
        first(assertionOf(doc), "AuthnStatement").setAttribute("SessionNotOnOrAfter", minutesFromNow(480)),
      ),
    );
  });

  it.each([
    ["the Response", (doc: Document) => doc.documentElement.setAttribute("Version", "1.1")],
    ["the Assertion", (doc: Document) => assertionOf(doc).setAttribute("Version", "1.1")],
  ])('Version="1.1" on %s → UNSUPPORTED_SAML_VERSION', async (_where, change) => {
    expectRefused(await postEdited(change, "response-and-assertion"), "UNSUPPORTED_SAML_VERSION");
  });
});

describe("issue 10, item 11: the Issuer of the signed assertion is checked on its own", () => {
  it("an assertion signed with another tenant's Issuer under a correct Response Issuer → ISSUER_MISMATCH", async () => {
    const outcome = await postEdited(
      (doc) => {
        first(assertionOf(doc), "Issuer").textContent = "https://sts.windows.net/another-tenant/";
      },
      "assertion",
      ATTACKER,
    );
    expectRefused(outcome, "ISSUER_MISMATCH");
    expect(JSON.parse(outcome.body).error.actual).toBe("https://sts.windows.net/another-tenant/");
  });
});
