import { certificateLabel } from "../../diagnostics/certificate-summary.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/**
 * The certificate in the signature's KeyInfo against the ones pasted here. node-saml checks the
 * signature with the configured certificates only, so this decides nothing on its own: it names
 * the cause (CERTIFICATE_MISMATCH) when node-saml refused the signature and Entra signed with a
 * certificate that is not configured. Its validity is told as it is at the evaluation time.
 */
export const signingCertificateCheck: Check = {
  id: "signing-certificate",
  code: "CERTIFICATE_MISMATCH",
  title: "Signing certificate",
  expects: (f) => f.signature?.configuredCertificates.map(certificateLabel).join("; ") || "(none configured)",
  evaluate(f) {
    const sig = f.signature;
    const keyInfo = sig?.keyInfoCertificate;
    if (!sig || !keyInfo) return skip("no certificate in the signature");
    const validity =
      keyInfo.validityState === "valid" || keyInfo.validityState === "expiring"
        ? null
        : `the certificate in the signature ${keyInfo.validity}`;
    const label = certificateLabel(keyInfo);
    if (sig.keyInfoMatchesConfigured) return pass(label, validity);
    const n = f.nodeSaml;
    if (n?.ok || (n && !n.ok && n.failure.code !== "SIGNATURE_INVALID")) {
      return pass(
        label,
        "the certificate in the signature is not one of those pasted here, but the signature verifies with a configured certificate (same key)",
      );
    }
    if (!n) return skip("the signature was not verified");
    return fail(
      "Entra signed with a certificate that is not the Signing Certificate configured here.",
      label,
      { hint: validity },
    );
  },
};
