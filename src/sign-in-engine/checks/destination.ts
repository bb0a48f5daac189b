import { identifierMistake } from "../../diagnostics/identifier-mistakes.js";
import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** Destination is the Reply URL; required when the Response is signed, as the SAML bindings demand. */
export const destinationCheck: Check = {
  id: "destination",
  code: "DESTINATION_MISMATCH",
  title: "Destination",
  expects: (f) => f.expectations.replyUrl,
  evaluate(f) {
    const r = responseOf(f);
    if (!r?.assertion || !f.nodeSaml) return skip("not reached");
    const expected = f.expectations.replyUrl;
    if (r.destination === expected) return pass(r.destination);
    if (r.destination === null && !r.responseSigned)
      return pass("(not sent; allowed: the Response is not signed)");
    return fail(
      "The response was addressed to another Reply URL.",
      r.destination ?? "(none, but the Response is signed and must name it)",
      { hint: r.destination ? identifierMistake(expected, r.destination, "sp") : null },
    );
  },
};
