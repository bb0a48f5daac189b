import { isAcceptedCanonicalization, isAcceptedTransformChain } from "../../saml/signature-algorithms.js";
import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** One SignedInfo, one non-empty SignatureValue, nothing extra, Entra's canonicalization and transforms. */
export const signatureShapeCheck: Check = {
  id: "signature-shape",
  code: "SIGNATURE_INVALID",
  title: "Signature shape",
  expects: () => "one SignedInfo and SignatureValue, exclusive C14N, enveloped-signature transform",
  evaluate(f) {
    const r = responseOf(f);
    if (!r?.assertion || r.signatures.length === 0) return skip("no signature");
    const refuse = (actual: string, expected: string) =>
      fail("A signature has a shape Entra never produces.", actual, { expected });
    for (const sig of r.signatures) {
      if (sig.signedInfoCount !== 1)
        return refuse(`${sig.signedInfoCount} SignedInfo`, "exactly one SignedInfo");
      if (sig.signatureValues.length !== 1 || sig.signatureValues[0] === "") {
        return refuse(
          `${sig.signatureValues.length} SignatureValue, empty or repeated`,
          "exactly one non-empty SignatureValue",
        );
      }
      if (sig.extraChildren.length > 0)
        return refuse(sig.extraChildren.join(", "), "SignedInfo, SignatureValue and KeyInfo only");
      if (!isAcceptedCanonicalization(sig.canonicalizationMethod))
        return refuse(sig.canonicalizationMethod ?? "none", "exclusive C14N without comments");
      const chain = sig.transforms[0] ?? [];
      if (!isAcceptedTransformChain(chain))
        return refuse(chain.join(", ") || "none", "enveloped-signature, then exclusive C14N");
    }
    return pass("as Entra signs");
  },
};
