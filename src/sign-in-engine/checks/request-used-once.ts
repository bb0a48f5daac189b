import { iso } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** The request is consumed atomically: exactly one response per request, across replicas. */
export const requestUsedOnceCheck: Check = {
  id: "request-used-once",
  code: "RESPONSE_REPLAYED",
  title: "Request ID used once",
  expects: () => "an unused request ID, consumed by this sign-in",
  requestState: true,
  evaluate(f) {
    const c = f.consumed;
    if (!c) return skip("not reached");
    if (c.state === "assumed") return skip("Analyze consumes nothing");
    if (c.state === "consumed")
      return pass(`${c.record.id}: used by this sign-in at ${iso(c.record.consumedAt ?? f.at)}`);
    return fail("This response's request was already used for a sign-in.", `used just now, at ${iso(f.at)}`);
  },
};
