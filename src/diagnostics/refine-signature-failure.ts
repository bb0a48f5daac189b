import { failure, type SamlFailure } from "../saml/saml-failure.js";
import { certificateLabel } from "./certificate-summary.js";
import type { SignatureInfo } from "./types.js";

/**
 * node-saml says only "Invalid signature". When the certificate in the signature's KeyInfo is
 * not one the account trusts, the cause is a certificate mismatch (Entra signs with another
 * certificate than the one pasted here), not a damaged signature: give it its own code, naming
 * both thumbprints. The rejection itself is unchanged.
 */
export function refineSignatureFailure(f: SamlFailure, signature: SignatureInfo): SamlFailure {
  if (f.code !== "SIGNATURE_INVALID" || f.check !== "signature") return f;
  const signedWith = signature.keyInfoCertificate;
  if (!signedWith || signature.keyInfoMatchesConfigured !== false) return f;
  const trusted = signature.configuredCertificates.map(certificateLabel).join("; ") || "(none)";
  return failure(
    "CERTIFICATE_MISMATCH",
    "Entra signed with a certificate that is not the Signing Certificate configured here.",
    { check: "signing certificate", expected: trusted, actual: certificateLabel(signedWith) },
  );
}
