import { afterAll, beforeAll, describe, it } from "vitest";
import { TEST_PUBLIC_URL } from "../helpers/test-runtime.js";
import {
  type AttackTarget,
  createAttackTarget,
  expectRefused,
  expectSignedIn,
  type Login,
  postResponse,
  signedFor,
  startLogin,
  unsignedFor,
} from "./support/acs-harness.js";
import { signLikeEntra } from "./support/sign.js";
import { all, edit, first, NS } from "./support/xml.js";

/**
 * What a validly signed assertion must also say before it signs anyone in: Success status, a
 * bearer confirmation for our Reply URL within its time window, our Entity ID as Audience, the
 * configured IdP as Issuer, our Reply URL as Destination. Each case is signed by the test IdP, so
 * only the check under test can refuse it.
 */
let target: AttackTarget;
beforeAll(async () => {
  target = await createAttackTarget();
});
afterAll(() => target.rt.dispose());

const HOLDER_OF_KEY = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";
const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** Edits the unsigned response for this login, then signs it like Entra (assertion, or both). */
async function signedAfter(
  change: (doc: Document) => void,
  mode: "assertion" | "response-and-assertion" = "assertion",
): Promise<{ login: Login; xml: string }> {
  const login = await startLogin(target);
  return { login, xml: signLikeEntra(edit(unsignedFor(target, login), change), mode) };
}

const confirmationData = (doc: Document) => first(doc, "SubjectConfirmationData");

describe("Status", () => {
  it.each(["assertion", "response-and-assertion"] as const)(
    "not Success, with a valid signed assertion (%s) → IDP_ERROR_STATUS",
    async (mode) => {
      const { login, xml } = await signedAfter((doc) => {
        first(doc, "StatusCode").setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:Requester");
      }, mode);
      expectRefused(await postResponse(target, login, { xml }), "IDP_ERROR_STATUS");
    },
  );

  it("Success nested under an error code → IDP_ERROR_STATUS", async () => {
    const { login, xml } = await signedAfter((doc) => {
      const code = first(doc, "StatusCode");
      const nested = doc.createElementNS(NS.protocol, "samlp:StatusCode");
      nested.setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:Success");
      code.setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:Responder");
      code.appendChild(nested);
    });
    expectRefused(await postResponse(target, login, { xml }), "IDP_ERROR_STATUS");
  });
});

describe("SubjectConfirmation", () => {
  it("control: Entra's bearer confirmation signs in", async () => {
    const { login, xml } = await signedAfter(() => undefined);
    expectSignedIn(await postResponse(target, login, { xml }));
  });

  it("holder-of-key instead of bearer → BEARER_CONFIRMATION_MISSING", async () => {
    const { login, xml } = await signedAfter((doc) =>
      first(doc, "SubjectConfirmation").setAttribute("Method", HOLDER_OF_KEY),
    );
    expectRefused(await postResponse(target, login, { xml }), "BEARER_CONFIRMATION_MISSING");
  });

  it("no SubjectConfirmation at all → BEARER_CONFIRMATION_MISSING", async () => {
    const { login, xml } = await signedAfter((doc) => {
      const confirmation = first(doc, "SubjectConfirmation");
      confirmation.parentNode?.removeChild(confirmation);
    });
    expectRefused(await postResponse(target, login, { xml }), "BEARER_CONFIRMATION_MISSING");
  });

  it("SubjectConfirmationData expired while Conditions are still valid → ASSERTION_EXPIRED", async () => {
    const { login, xml } = await signedAfter((doc) =>
      confirmationData(doc).setAttribute("NotOnOrAfter", minutesFromNow(-10)),
    );
    expectRefused(await postResponse(target, login, { xml }), "ASSERTION_EXPIRED");
  });

  it("SubjectConfirmationData not valid yet → refused", async () => {
    const { login, xml } = await signedAfter((doc) =>
      confirmationData(doc).setAttribute("NotBefore", minutesFromNow(30)),
    );
    expectRefused(await postResponse(target, login, { xml }), [
      "ASSERTION_NOT_YET_VALID",
      "ASSERTION_EXPIRED",
    ]);
  });

  it("bearer SubjectConfirmationData without NotOnOrAfter → SAML_RESPONSE_MALFORMED (a bearer assertion must expire)", async () => {
    const { login, xml } = await signedAfter((doc) => confirmationData(doc).removeAttribute("NotOnOrAfter"));
    expectRefused(await postResponse(target, login, { xml }), "SAML_RESPONSE_MALFORMED");
  });

  it("a valid holder-of-key confirmation first, an expired bearer for our Reply URL second → ASSERTION_EXPIRED", async () => {
    const { login, xml } = await signedAfter((doc) => {
      const bearer = first(doc, "SubjectConfirmation");
      const other = bearer.cloneNode(true) as Element;
      other.setAttribute("Method", HOLDER_OF_KEY);
      bearer.parentNode?.insertBefore(other, bearer);
      (all(doc, "SubjectConfirmationData")[1] as Element).setAttribute("NotOnOrAfter", minutesFromNow(-10));
    });
    expectRefused(await postResponse(target, login, { xml }), "ASSERTION_EXPIRED");
  });

  it("the bearer's Recipient is another Reply URL → RECIPIENT_MISMATCH", async () => {
    const { login, xml } = await signedAfter((doc) =>
      confirmationData(doc).setAttribute("Recipient", "https://evil.example/acs"),
    );
    expectRefused(await postResponse(target, login, { xml }), "RECIPIENT_MISMATCH");
  });

  it("the bearer has no Recipient → RECIPIENT_MISMATCH", async () => {
    const { login, xml } = await signedAfter((doc) => confirmationData(doc).removeAttribute("Recipient"));
    expectRefused(await postResponse(target, login, { xml }), "RECIPIENT_MISMATCH");
  });
});

describe("Conditions", () => {
  it("expired (issued three hours ago) → ASSERTION_EXPIRED", async () => {
    const login = await startLogin(target);
    const outcome = await postResponse(
      target,
      login,
      signedFor(target, login, { now: new Date(Date.now() - 3 * 3600_000) }),
    );
    expectRefused(outcome, "ASSERTION_EXPIRED");
  });

  it("not valid yet → ASSERTION_NOT_YET_VALID", async () => {
    const login = await startLogin(target);
    const outcome = await postResponse(
      target,
      login,
      signedFor(target, login, { validityOffsetMinutes: { notBefore: 30, notOnOrAfter: 90 } }),
    );
    expectRefused(outcome, "ASSERTION_NOT_YET_VALID");
  });

  it("another Audience → AUDIENCE_MISMATCH", async () => {
    const login = await startLogin(target);
    const outcome = await postResponse(
      target,
      login,
      signedFor(target, login, { audience: `${TEST_PUBLIC_URL}/other` }),
    );
    expectRefused(outcome, "AUDIENCE_MISMATCH");
  });

  it("no AudienceRestriction → AUDIENCE_MISMATCH", async () => {
    const { login, xml } = await signedAfter((doc) => {
      const restriction = first(doc, "AudienceRestriction");
      restriction.parentNode?.removeChild(restriction);
    });
    expectRefused(await postResponse(target, login, { xml }), "AUDIENCE_MISMATCH");
  });
});

describe("Issuer and Destination", () => {
  it("the assertion signed by the right key but issued by another tenant → ISSUER_MISMATCH", async () => {
    const login = await startLogin(target);
    const outcome = await postResponse(
      target,
      login,
      signedFor(target, login, { issuer: "https://sts.windows.net/00000000-0000-0000-0000-000000000000/" }),
    );
    expectRefused(outcome, "ISSUER_MISMATCH");
  });

  it("only the (unsigned) Response Issuer changed → ISSUER_MISMATCH", async () => {
    const login = await startLogin(target);
    const xml = edit(signedFor(target, login).xml, (doc) => {
      const issuer = first(doc, "Issuer"); // the Response's, first in document order
      issuer.replaceChild(doc.createTextNode("https://evil.example/"), issuer.firstChild as Node);
    });
    expectRefused(await postResponse(target, login, { xml }), "ISSUER_MISMATCH");
  });

  it("another Destination → DESTINATION_MISMATCH", async () => {
    const login = await startLogin(target);
    const outcome = await postResponse(
      target,
      login,
      signedFor(target, login, { destination: `${target.replyUrl}x` }),
    );
    expectRefused(outcome, "DESTINATION_MISMATCH");
  });

  it("a signed Response without Destination → DESTINATION_MISMATCH (signed messages must name it)", async () => {
    const login = await startLogin(target);
    const outcome = await postResponse(
      target,
      login,
      signedFor(target, login, { destination: null, signing: { mode: "response-and-assertion" } }),
    );
    expectRefused(outcome, "DESTINATION_MISMATCH");
  });
});
