import { classifyAlgorithm } from "../saml/signature-algorithms.js";
import { certificateLabel } from "./certificate-summary.js";
import type { CheckInputs } from "./check-inputs.js";
import type { Verdict, VerdictStatus } from "./types.js";
import { verdict } from "./verdict.js";

/** Assertion signed, signature placement, algorithms, the KeyInfo certificate, the signature value. */
export function signatureChecks(input: CheckInputs): Verdict[] {
  const { facts, signature, expectations: exp } = input;
  const a = facts.assertion;
  const out: Verdict[] = [];
  out.push(
    verdict(
      "assertion-signed",
      "Assertion signed",
      "SIGNATURE_MISSING",
      a?.signed ? "pass" : "fail",
      "a Signature in the Assertion",
      a?.signed
        ? `signed (${signature.signedElement === "both" ? "response and assertion" : signature.signedElement})`
        : facts.responseSigned
          ? "only the Response is signed"
          : "no signature at all",
    ),
  );

  // Only where the account asks for it: Entra's default signs the assertion alone.
  if (exp.requireResponseSignature) {
    out.push(
      verdict(
        "response-signed",
        "Response signed",
        "SIGNATURE_MISSING",
        facts.responseSigned ? "pass" : "fail",
        "a Signature in the Response (this account requires it)",
        facts.responseSigned ? "signed" : "only the assertion is signed",
      ),
    );
  }

  const placementProblems: string[] = [];
  const perParent = { response: 0, assertion: 0, other: 0 };
  for (const sig of facts.signatures) {
    perParent[sig.parent]++;
    const target = sig.parent === "response" ? facts.id : a?.id;
    if (
      sig.signedInfoCount !== 1 ||
      sig.referenceUris.length !== 1 ||
      sig.referenceUris[0] !== `#${target}`
    ) {
      placementProblems.push(
        `a ${sig.parent} signature references ${sig.referenceUris.join(", ") || "nothing"}`,
      );
    }
  }
  if (perParent.other > 0 || perParent.response > 1 || perParent.assertion > 1) {
    placementProblems.push(
      `${perParent.response} in the Response, ${perParent.assertion} in the Assertion, ${perParent.other} elsewhere`,
    );
  }
  out.push(
    verdict(
      "signature-placement",
      "Each signature covers its own element",
      "SIGNATURE_INVALID",
      facts.signatures.length === 0 ? "skip" : placementProblems.length === 0 ? "pass" : "fail",
      "one Signature per signed element, referencing that element",
      facts.signatures.length === 0 ? "no signature" : placementProblems.join("; ") || "as expected",
    ),
  );

  const algorithms = facts.signatures.flatMap((s) => [s.signatureMethod, ...s.digestMethods]);
  const verdicts = algorithms.map((uri) => ({ uri, v: classifyAlgorithm(uri) }));
  const bad = verdicts.find((x) => x.v === "unsupported");
  const weak = verdicts.find((x) => x.v === "sha1");
  const algorithmStatus: VerdictStatus =
    algorithms.length === 0 ? "skip" : bad || (weak && !exp.allowSha1) ? "fail" : "pass";
  out.push(
    verdict(
      "algorithm",
      "Signature algorithm",
      bad ? "SIGNATURE_INVALID" : "WEAK_SIGNATURE_ALGORITHM",
      algorithmStatus,
      exp.allowSha1 ? "RSA-SHA256 (SHA-1 allowed for this account)" : "RSA-SHA256",
      signature.signatures.map((s) => `${s.element}: ${s.algorithmName}`).join("; ") || "(none)",
    ),
  );

  const keyInfo = signature.keyInfoCertificate;
  const configured = signature.configuredCertificates.map(certificateLabel).join("; ") || "(none configured)";
  // A KeyInfo certificate that is not configured only matters when the signature fails: the
  // signature is checked against the configured certificates, never against KeyInfo.
  const sameKeyOtherCertificate =
    signature.keyInfoMatchesConfigured === false && signature.verification === "valid";
  const certificateHint = sameKeyOtherCertificate
    ? "the certificate in the signature is not one of those pasted here, but the signature verifies with a configured certificate (same key)"
    : keyInfo && keyInfo.validityState !== "valid" && keyInfo.validityState !== "expiring"
      ? `the certificate in the signature ${keyInfo.validity}`
      : null;
  out.push(
    verdict(
      "signing-certificate",
      "Signing certificate",
      "CERTIFICATE_MISMATCH",
      keyInfo === null
        ? "skip"
        : signature.keyInfoMatchesConfigured || sameKeyOtherCertificate
          ? "pass"
          : "fail",
      configured,
      keyInfo ? certificateLabel(keyInfo) : "(no certificate in the signature)",
      certificateHint,
    ),
  );
  out.push(
    verdict(
      "signature",
      "Signature value",
      "SIGNATURE_INVALID",
      signature.verification === "valid" ? "pass" : signature.verification === "invalid" ? "fail" : "skip",
      "verifies with a configured certificate",
      signature.verificationDetail,
    ),
  );
  return out;
}
