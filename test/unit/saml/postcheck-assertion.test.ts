import { describe, expect, it } from "vitest";
import { inspectResponse, type ResponseFacts } from "../../../src/saml/inspect-response.js";
import { postcheckAssertion } from "../../../src/saml/postcheck-assertion.js";
import { signTestResponse, TEST_IDP, type TestResponseOptions } from "../../helpers/test-idp.js";

/** The checks after node-saml, on facts of a response (the signed assertion and its envelope). */
const REPLY = "http://localhost:3999/micloud/a/saml/acs";
const NOW = Date.now();
const expectations = { replyUrl: REPLY, idpEntityId: TEST_IDP.entityId, now: NOW, clockSkewMs: 180_000 };

function facts(
  overrides: Partial<TestResponseOptions> = {},
  edit: (xml: string) => string = (x) => x,
): ResponseFacts {
  const xml = signTestResponse({
    replyUrl: REPLY,
    audience: "urn:sp",
    inResponseTo: "_req",
    now: new Date(NOW),
    ...overrides,
  }).xml;
  return inspectResponse(edit(xml));
}

const check = (envelope: ResponseFacts, signed = envelope.assertion, expect_ = expectations) => {
  if (!signed) throw new Error("no assertion");
  return postcheckAssertion(signed, envelope, expect_);
};

describe("postcheckAssertion", () => {
  it("accepts Entra's response and keeps the assertion until its latest NotOnOrAfter", () => {
    const envelope = facts();
    const result = check(envelope);
    expect(result).toMatchObject({
      ok: true,
      accepted: { requestId: "_req", assertionId: envelope.assertion?.id },
    });
    expect(result.ok && result.accepted.expiresAt).toBe(NOW + 60 * 60_000);
  });

  it.each<[string, Partial<TestResponseOptions>, ((xml: string) => string) | undefined, string]>([
    ["another assertion Issuer", { issuer: "https://sts.windows.net/other/" }, undefined, "ISSUER_MISMATCH"],
    ["another Destination", { destination: "https://evil.example/acs" }, undefined, "DESTINATION_MISMATCH"],
    ["another Recipient", { recipient: "https://evil.example/acs" }, undefined, "RECIPIENT_MISMATCH"],
    [
      "no signed InResponseTo",
      { inResponseTo: null },
      (x) => x.replace("<samlp:Response ", '<samlp:Response InResponseTo="_req" '),
      "UNSOLICITED_RESPONSE",
    ],
    [
      "a signed InResponseTo other than the envelope's",
      {},
      (x) => x.replace('InResponseTo="_req" xmlns:samlp', 'InResponseTo="_other" xmlns:samlp'),
      "UNKNOWN_REQUEST",
    ],
    ["an expired bearer confirmation", { subjectConfirmationMinutes: -10 }, undefined, "ASSERTION_EXPIRED"],
    [
      "a bearer confirmation without NotOnOrAfter",
      {},
      (x) => x.replace(/ NotOnOrAfter="[^"]+" Recipient=/, " Recipient="),
      "SAML_RESPONSE_MALFORMED",
    ],
    [
      "a bearer confirmation not valid yet",
      {},
      (x) =>
        x.replace(
          "<SubjectConfirmationData ",
          `<SubjectConfirmationData NotBefore="${new Date(NOW + 3600_000).toISOString()}" `,
        ),
      "ASSERTION_NOT_YET_VALID",
    ],
    [
      "a holder-of-key confirmation only",
      {},
      (x) => x.replace("cm:bearer", "cm:holder-of-key"),
      "BEARER_CONFIRMATION_MISSING",
    ],
  ])("%s → %s", (_label, overrides, edit, code) => {
    const envelope = facts(overrides, edit);
    expect(check(envelope)).toMatchObject({ ok: false, failure: { code } });
  });

  it("a signed Response must name its Destination", () => {
    const signedResponse = facts({ destination: null, signing: { mode: "response-and-assertion" } });
    expect(check(signedResponse)).toMatchObject({ ok: false, failure: { code: "DESTINATION_MISMATCH" } });
    const assertionOnly = facts({ destination: null });
    expect(check(assertionOnly).ok).toBe(true);
  });

  it("refuses when the verified assertion is not the one the response shows (parser differential)", () => {
    const envelope = facts();
    const other = facts({ nameId: "attacker@contoso.com" }).assertion;
    expect(check(envelope, other)).toMatchObject({
      ok: false,
      failure: { code: "SIGNATURE_INVALID", check: "signed assertion is the posted one" },
    });
  });

  it("the clock skew applies to the bearer window both ways", () => {
    const envelope = facts({ subjectConfirmationMinutes: -2 });
    expect(check(envelope).ok).toBe(true);
    expect(check(envelope, envelope.assertion, { ...expectations, clockSkewMs: 0 })).toMatchObject({
      ok: false,
      failure: { code: "ASSERTION_EXPIRED" },
    });
  });
});
