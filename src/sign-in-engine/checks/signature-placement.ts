import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/**
 * Signatures sit only directly in the Response or the Assertion, at most one each, and each one
 * references exactly the element it sits in.
 */
export const signaturePlacementCheck: Check = {
  id: "signature-placement",
  code: "SIGNATURE_INVALID",
  title: "Each signature covers its own element",
  expects: () =>
    "at most one Signature in the Response and one in the Assertion, each referencing its element",
  evaluate(f) {
    const r = responseOf(f);
    const a = r?.assertion;
    if (!r || !a || r.signatures.length === 0) return skip("no signature");
    const byParent = { response: 0, assertion: 0, other: 0 };
    for (const sig of r.signatures) byParent[sig.parent]++;
    if (byParent.other > 0 || byParent.response > 1 || byParent.assertion > 1) {
      return fail(
        "The response has signatures in unexpected places or more than one per element.",
        `${byParent.response} in the Response, ${byParent.assertion} in the Assertion, ${byParent.other} elsewhere`,
      );
    }
    for (const sig of r.signatures) {
      const expectedRef = `#${sig.parent === "response" ? r.id : a.id}`;
      if (sig.referenceUris.length !== 1 || sig.referenceUris[0] !== expectedRef) {
        return fail(
          "A signature does not cover exactly the element it is placed in.",
          sig.referenceUris.length > 0 ? `references ${sig.referenceUris.join(", ")}` : "no Reference",
          { expected: `one Reference to ${expectedRef}` },
        );
      }
    }
    return pass("as expected");
  },
};
