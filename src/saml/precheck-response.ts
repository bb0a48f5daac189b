import type { ResponseFacts, SignatureFacts } from "./inspect-response.js";
import { failure, type SamlFailure } from "./saml-failure.js";
import { classifyAlgorithm } from "./signature-algorithms.js";

const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

export interface PrecheckSettings {
  allowSha1: boolean;
}

/**
 * Structural checks on the posted message before node-saml sees it. Each one only ever refuses:
 * shapes that Entra never sends and that signature-wrapping and parser-differential attacks
 * need (extra assertions, stray or doubled signatures, references to other elements, markup
 * inside the NameID), plus what node-saml would accept but we must not (weak algorithms).
 */
export function precheckResponse(facts: ResponseFacts, settings: PrecheckSettings): SamlFailure | null {
  return (
    checkMessageType(facts) ??
    checkStatus(facts) ??
    checkAssertionCount(facts) ??
    checkSignaturePlacement(facts) ??
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
  for (const sig of facts.signatures) {
    byParent[sig.parent]++;
    const expectedRef = sig.parent === "response" ? facts.id : assertion.id;
    if (
      sig.signedInfoCount !== 1 ||
      sig.referenceUris.length !== 1 ||
      sig.referenceUris[0] !== `#${expectedRef}`
    ) {
      return failure("SIGNATURE_INVALID", "A signature does not cover exactly the element it is placed in.", {
        check: "signature reference",
        expected: `one SignedInfo with one Reference to #${expectedRef}`,
        actual: `${sig.signedInfoCount} SignedInfo, references ${sig.referenceUris.join(", ") || "none"}`,
      });
    }
  }
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
