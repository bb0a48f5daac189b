import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** Mitel Connect supports SP-initiated SSO only: the response must answer a request. */
export const inResponseToCheck: Check = {
  id: "in-response-to",
  code: "UNSOLICITED_RESPONSE",
  title: "InResponseTo",
  expects: () => "the ID of the request that started the sign-in (SP-initiated)",
  evaluate(f) {
    const r = responseOf(f);
    if (!r?.assertion) return skip("no assertion");
    if (r.inResponseTo) return pass(r.inResponseTo);
    return fail(
      "The response answers no request (IdP-initiated sign-in is not supported).",
      "(none: IdP-initiated)",
    );
  },
};
