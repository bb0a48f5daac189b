import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** Each ID names one element: a signature's reference to a duplicated ID is ambiguous (XSW7, XSW8). */
export const uniqueIdsCheck: Check = {
  id: "unique-ids",
  code: "SIGNATURE_INVALID",
  title: "Unique IDs",
  expects: () => "every ID used once",
  evaluate(f) {
    const r = responseOf(f);
    if (!r?.assertion) return skip("no assertion");
    if (r.duplicateIds.length === 0) return pass("every ID used once");
    return fail(
      "Two elements of the response carry the same ID, so a signature could cover either.",
      `used more than once: ${r.duplicateIds.slice(0, 3).join(", ")}`,
    );
  },
};
