import type { ResponseFacts, SignatureFacts } from "./inspect-response.js";
import { failure, type SamlFailure } from "./saml-failure.js";
import {
  classifyAlgorithm,
  isAcceptedCanonicalization,
  isAcceptedTransformChain,
} from "./signature-algorithms.js";

const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

export interface PrecheckSettings {
  allowSha1: boolean;
  /** The account requires the Response to be signed as well as the assertion. */
  requireResponseSignature?: boolean;
}

/**
 * Structural checks on the posted message before node-saml sees it. Each one only ever refuses:
 * shapes that Entra never sends and that signature-wrapping and parser-differential attacks
 * need (extra assertions, duplicated IDs, stray or doubled signatures, references to other
 * elements, unusual transforms, markup inside the NameID), plus what node-saml would accept but
 * we must not (weak algorithms). node-saml then decides on the signature itself; a message that
 * passes here is never accepted because of this step, only not refused yet.
 */
export function precheckResponse(facts: ResponseFacts, settings: PrecheckSettings): SamlFailure | null {
  return (
    checkMessageType(facts) ??
    checkStatus(facts) ??
    checkAssertionCount(facts) ??
    checkUniqueIds(facts) ??
    checkSignaturePlacement(facts) ??
    checkResponseSigned(facts, settings) ??
    checkSignatureShape(facts.signatures) ??
    checkAlgorithms(facts.signatures, settings) ??
    checkNameIdMarkup(facts)
  );
}

function checkMessageType(facts: ResponseFacts): SamlFailure | null {
  if (facts.isResponse) return null;
  return failure("SAML_MESSAGE_UNEXPECTED", `The ACS received a ${facts.rootName}, not a SAML Response.`, {
    check: "message type",
    expected: "samlp:Response",
    actual: facts.rootName,
  });
}

function checkStatus(facts: ResponseFacts): SamlFailure | null {
  if (facts.statusCode === SUCCESS) return null;
  const aadsts = facts.statusMessage?.match(/AADSTS\d+/)?.[0];
  return failure(
    "IDP_ERROR_STATUS",
    aadsts
      ? `Entra answered with an error instead of signing you in: ${aadsts}.`
      : `The identity provider answered with status ${shortStatus(facts.statusCode)} instead of Success.`,
    {
      check: "status",
      expected: "Success",
      actual: [shortStatus(facts.statusCode), shortStatus(facts.statusSubCode), facts.statusMessage]
        .filter(Boolean)
        .join(" / "),
    },
  );
}

function shortStatus(uri: string | null): string | null {
  return uri ? (uri.split(":").pop() ?? uri) : null;
}

function checkAssertionCount(facts: ResponseFacts): SamlFailure | null {
  const total = facts.assertionCount + facts.encryptedAssertionCount;
  if (total > 1 || facts.assertionsAnywhere > 1) {
    return failure(
      "MULTIPLE_ASSERTIONS",
      "The response holds more than one assertion; Entra always sends exactly one.",
      {
        check: "assertion count",
        expected: "1",
        actual: String(Math.max(total, facts.assertionsAnywhere)),
      },
    );
  }
  if (facts.encryptedAssertionCount === 1) {
    return failure(
      "SAML_RESPONSE_MALFORMED",
      "The assertion is encrypted; this service has no decryption key. Turn off token encryption for the app in Entra.",
      { check: "assertion", expected: "plain Assertion", actual: "EncryptedAssertion" },
    );
  }
  if (total === 0 || !facts.assertion) {
    return failure("SAML_RESPONSE_MALFORMED", "The response holds no assertion.", {
      check: "assertion",
      expected: "1 Assertion",
      actual: "none",
    });
  }
  return null;
}

/** Each ID names one element: a signature's reference to a duplicated ID is ambiguous (XSW7, XSW8). */
function checkUniqueIds(facts: ResponseFacts): SamlFailure | null {
  if (facts.duplicateIds.length === 0) return null;
  return failure(
    "SIGNATURE_INVALID",
    "Two elements of the response carry the same ID, so a signature could cover either.",
    {
      check: "unique IDs",
      expected: "every ID used once",
      actual: `used more than once: ${facts.duplicateIds.slice(0, 3).join(", ")}`,
    },
  );
}

/**
 * The assertion carries a signature; signatures sit only directly in the Response or the
 * Assertion, at most one each, and each one references the element it sits in.
 */
function checkSignaturePlacement(facts: ResponseFacts): SamlFailure | null {
  const assertion = facts.assertion;
  if (!assertion?.signed) {
    return failure("SIGNATURE_MISSING", "The assertion is not signed.", {
      check: "assertion signature",
      expected: "a Signature in the Assertion",
      actual: facts.responseSigned ? "only the Response is signed" : "no signature at all",
    });
  }
  const byParent = { response: 0, assertion: 0, other: 0 };
  for (const sig of facts.signatures) byParent[sig.parent]++;
  if (byParent.other > 0 || byParent.response > 1 || byParent.assertion > 1) {
    return failure(
      "SIGNATURE_INVALID",
      "The response has signatures in unexpected places or more than one per element.",
      {
        check: "signature placement",
        expected: "at most one Signature in the Response and one in the Assertion",
        actual: `${byParent.response} in the Response, ${byParent.assertion} in the Assertion, ${byParent.other} elsewhere`,
      },
    );
  }
  for (const sig of facts.signatures) {
    const expectedRef = `#${sig.parent === "response" ? facts.id : assertion.id}`;
    if (sig.referenceUris.length !== 1 || sig.referenceUris[0] !== expectedRef) {
      return failure("SIGNATURE_INVALID", "A signature does not cover exactly the element it is placed in.", {
        check: "signature reference",
        expected: `one Reference to ${expectedRef}`,
        actual: sig.referenceUris.length > 0 ? `references ${sig.referenceUris.join(", ")}` : "no Reference",
      });
    }
  }
  return null;
}

/**
 * Entra signs only the assertion unless its Signing Option says "Sign SAML response and
 * assertion"; an account that requires the Response signature refuses a response without one
 * (a Response signature that is present is verified by node-saml either way).
 */
function checkResponseSigned(facts: ResponseFacts, settings: PrecheckSettings): SamlFailure | null {
  if (!settings.requireResponseSignature || facts.responseSigned) return null;
  return failure("SIGNATURE_MISSING", "The Response is not signed, and this account requires it.", {
    check: "response signature",
    expected: "a Signature in the Response (Sign SAML response and assertion)",
    actual: "only the assertion is signed",
  });
}

/** One SignedInfo, one non-empty SignatureValue, nothing extra, Entra's canonicalization and transforms. */
function checkSignatureShape(signatures: SignatureFacts[]): SamlFailure | null {
  for (const sig of signatures) {
    const refuse = (check: string, expected: string, actual: string) =>
      failure("SIGNATURE_INVALID", "A signature has a shape Entra never produces.", {
        check,
        expected,
        actual,
      });
    if (sig.signedInfoCount !== 1)
      return refuse("SignedInfo", "exactly one SignedInfo", `${sig.signedInfoCount} SignedInfo`);
    if (sig.signatureValues.length !== 1 || sig.signatureValues[0] === "") {
      return refuse(
        "SignatureValue",
        "exactly one non-empty SignatureValue",
        `${sig.signatureValues.length} SignatureValue, empty or repeated`,
      );
    }
    if (sig.extraChildren.length > 0) {
      return refuse(
        "Signature content",
        "SignedInfo, SignatureValue and KeyInfo only",
        sig.extraChildren.join(", "),
      );
    }
    if (!isAcceptedCanonicalization(sig.canonicalizationMethod)) {
      return refuse(
        "canonicalization",
        "exclusive C14N without comments",
        sig.canonicalizationMethod ?? "none",
      );
    }
    const chain = sig.transforms[0] ?? [];
    if (!isAcceptedTransformChain(chain)) {
      return refuse("transforms", "enveloped-signature, then exclusive C14N", chain.join(", ") || "none");
    }
  }
  return null;
}

function checkAlgorithms(signatures: SignatureFacts[], settings: PrecheckSettings): SamlFailure | null {
  for (const sig of signatures) {
    for (const uri of [sig.signatureMethod, ...sig.digestMethods]) {
      const verdict = classifyAlgorithm(uri);
      if (verdict === "strong" || (verdict === "sha1" && settings.allowSha1)) continue;
      if (verdict === "sha1") {
        return failure(
          "WEAK_SIGNATURE_ALGORITHM",
          "The response is signed with SHA-1, which this account does not accept.",
          {
            check: "signature algorithm",
            expected: "RSA-SHA256",
            actual: uri ?? "",
          },
        );
      }
      return failure("SIGNATURE_INVALID", "The signature uses an algorithm this service does not accept.", {
        check: "signature algorithm",
        expected: "RSA-SHA256 (or RSA-SHA1 where allowed)",
        actual: uri ?? "none",
      });
    }
  }
  return null;
}

function checkNameIdMarkup(facts: ResponseFacts): SamlFailure | null {
  if (!facts.assertion?.nameIdHasMarkup) return null;
  return failure(
    "SAML_RESPONSE_MALFORMED",
    "The NameID contains a comment, processing instruction or element; an identity must be plain text.",
    { check: "NameID", expected: "plain text", actual: "text split by markup" },
  );
}
