import { assertionOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** The assertion ID is remembered until it expires (replay, across restarts and replicas). */
export const replayCheck: Check = {
  id: "replay",
  code: "RESPONSE_REPLAYED",
  title: "Assertion used once",
  expects: () => "a new assertion ID",
  requestState: true,
  evaluate(f) {
    if (!f.replay) return skip("not reached");
    if (f.replay === "assumed") return skip("the request it answers is unused, so the assertion is too");
    if (f.replay === "first") return pass("first use");
    return fail("This assertion was already used for a sign-in.", assertionOf(f)?.id ?? "(none)");
  },
};
