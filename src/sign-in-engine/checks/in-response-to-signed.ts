import { assertionOf, responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";
import { ourBearer } from "./bearer.js";

/**
 * The InResponseTo inside the signed assertion (the envelope's is not signed when only the
 * assertion is): present, and equal to the envelope's in every SubjectConfirmationData.
 */
export const inResponseToSignedCheck: Check = {
  id: "in-response-to-signed",
  code: "UNKNOWN_REQUEST",
  title: "InResponseTo inside the signed assertion",
  expects: (f) => responseOf(f)?.inResponseTo ?? "the request ID",
  evaluate(f) {
    const bearer = ourBearer(f);
    const a = assertionOf(f);
    if (!bearer || !a) return skip("no bearer confirmation for this Reply URL");
    const envelope = responseOf(f)?.inResponseTo ?? null;
    if (!bearer.inResponseTo) {
      return fail(
        "The signed assertion answers no request (IdP-initiated sign-in is not supported).",
        "(none)",
        {
          code: "UNSOLICITED_RESPONSE",
        },
      );
    }
    // Every confirmation that names a request, bearer or not (ours among them), must name the
    // envelope's: a signed assertion answers one request.
    const [other] = a.subjectConfirmations
      .map((c) => c.inResponseTo)
      .filter((x): x is string => x !== null && x !== envelope);
    if (other !== undefined) {
      return fail("The signed assertion answers a different request than the response claims.", other);
    }
    return pass(bearer.inResponseTo);
  },
};
