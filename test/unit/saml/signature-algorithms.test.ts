import { describe, expect, it } from "vitest";
import {
  C14N,
  classifyAlgorithm,
  DIGEST_SHA1,
  DIGEST_SHA256,
  DIGEST_SHA512,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  isAcceptedCanonicalization,
  isAcceptedTransformChain,
  RSA_SHA1,
  RSA_SHA256,
  RSA_SHA512,
} from "../../../src/saml/signature-algorithms.js";

describe("signature algorithms", () => {
  it.each([
    [RSA_SHA256, "strong"],
    [RSA_SHA512, "strong"],
    [DIGEST_SHA256, "strong"],
    [DIGEST_SHA512, "strong"],
    [RSA_SHA1, "sha1"],
    [DIGEST_SHA1, "sha1"],
    ["http://www.w3.org/2000/09/xmldsig#hmac-sha1", "unsupported"],
    ["http://www.w3.org/2001/04/xmldsig-more#hmac-sha256", "unsupported"],
    ["http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", "unsupported"],
    ["http://www.w3.org/2000/09/xmldsig#dsa-sha1", "unsupported"],
    ["http://www.w3.org/2001/04/xmldsig-more#md5", "unsupported"],
    ["none", "unsupported"],
    ["", "unsupported"],
    [null, "unsupported"],
    [`${RSA_SHA256} `, "unsupported"],
  ])("%j is %s", (uri, verdict) => {
    expect(classifyAlgorithm(uri)).toBe(verdict);
  });

  it("canonicalization: C14N and exclusive C14N without comments only", () => {
    expect(isAcceptedCanonicalization(EXC_C14N)).toBe(true);
    expect(isAcceptedCanonicalization(C14N)).toBe(true);
    expect(isAcceptedCanonicalization(`${EXC_C14N}WithComments`)).toBe(false);
    expect(isAcceptedCanonicalization(`${C14N}#WithComments`)).toBe(false);
    expect(isAcceptedCanonicalization(null)).toBe(false);
  });

  it("transforms: enveloped-signature, then at most one canonicalization", () => {
    expect(isAcceptedTransformChain([ENVELOPED_SIGNATURE, EXC_C14N])).toBe(true);
    expect(isAcceptedTransformChain([ENVELOPED_SIGNATURE])).toBe(true);
    expect(isAcceptedTransformChain([EXC_C14N, ENVELOPED_SIGNATURE])).toBe(false);
    expect(isAcceptedTransformChain([EXC_C14N])).toBe(false);
    expect(isAcceptedTransformChain([])).toBe(false);
    expect(isAcceptedTransformChain([ENVELOPED_SIGNATURE, EXC_C14N, EXC_C14N])).toBe(false);
    expect(
      isAcceptedTransformChain([ENVELOPED_SIGNATURE, "http://www.w3.org/TR/1999/REC-xpath-19991116"]),
    ).toBe(false);
  });
});
