import { createSign, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSigningCertificate } from "../../../src/idp-simulator/keys/signing-certificate.js";
import { parseUploadedCertificate } from "../../../src/idp-simulator/keys/uploaded-certificate.js";
import {
  RSA_SHA256,
  verifyRedirectSignature,
} from "../../../src/idp-simulator/saml/verify-request-signature.js";
import type { SimUploadedCertificate } from "../../../src/idp-simulator/state/model.js";

/**
 * The simulator's check of an HTTP-Redirect AuthnRequest signature (Require verification
 * certificates): over the query exactly as sent, RSA-SHA256 only, with an uploaded certificate.
 * The signed queries are made here with node:crypto, as any SP would (not with node-saml).
 */
type Pair = Awaited<ReturnType<typeof generateSigningCertificate>>;
let uploaded: Pair;
let other: Pair;
beforeAll(async () => {
  [uploaded, other] = await Promise.all([generateSigningCertificate(), generateSigningCertificate()]);
});

const asUploaded = (pair: Pair): SimUploadedCertificate => ({
  thumbprint: pair.sha1Thumbprint,
  certificatePem: pair.certificatePem,
  subject: "CN=test",
  notAfter: pair.notAfter.getTime(),
  addedAt: 0,
  active: false,
});

/** "SAMLRequest=…&RelayState=…&SigAlg=…&Signature=…", encoded as given, signed by `pair`. */
function signedQuery(pair: Pair, options: { sigAlg?: string; relayState?: string } = {}): string {
  const parts = [`SAMLRequest=${encodeURIComponent("fZJdT8IwFIb/yt57b2x+uJ9T+Ao=")}`];
  if (options.relayState !== undefined) parts.push(`RelayState=${encodeURIComponent(options.relayState)}`);
  parts.push(`SigAlg=${encodeURIComponent(options.sigAlg ?? RSA_SHA256)}`);
  const signed = parts.join("&");
  const signature = createSign("RSA-SHA256").update(signed).sign(pair.privateKeyPem, "base64");
  return `${signed}&Signature=${encodeURIComponent(signature)}`;
}

describe("verifyRedirectSignature", () => {
  it("verifies with the uploaded certificate, RelayState included in the signed text", () => {
    const query = `${signedQuery(uploaded, { relayState: "/micloud/portal?x=1 2" })}&login_hint=b%40contoso.com`;
    expect(verifyRedirectSignature(query, [asUploaded(other), asUploaded(uploaded)])).toEqual({
      state: "verified",
      thumbprint: uploaded.sha1Thumbprint,
    });
  });

  it("an unsigned request is unsigned", () => {
    expect(verifyRedirectSignature("SAMLRequest=abc&RelayState=x", [asUploaded(uploaded)])).toEqual({
      state: "unsigned",
    });
  });

  it("signed by a key whose certificate is not uploaded: invalid, saying so", () => {
    const verdict = verifyRedirectSignature(signedQuery(other), [asUploaded(uploaded)]);
    expect(verdict).toMatchObject({ state: "invalid" });
    if (verdict.state === "invalid") expect(verdict.detail).toContain("not uploaded here");
  });

  it("a changed RelayState breaks the signature (the query as sent is what is signed)", () => {
    const query = signedQuery(uploaded, { relayState: "/micloud/portal" }).replace("portal", "teamwork");
    expect(verifyRedirectSignature(query, [asUploaded(uploaded)]).state).toBe("invalid");
  });

  it("only RSA-SHA256 is allowed, and a signature needs its SigAlg", () => {
    const sha1 = verifyRedirectSignature(
      signedQuery(uploaded, { sigAlg: "http://www.w3.org/2000/09/xmldsig#rsa-sha1" }),
      [asUploaded(uploaded)],
    );
    expect(sha1).toMatchObject({ state: "invalid" });
    if (sha1.state === "invalid") expect(sha1.detail).toContain("only RSA-SHA256");
    const noAlg = signedQuery(uploaded).replace(/&SigAlg=[^&]*/, "");
    expect(verifyRedirectSignature(noAlg, [asUploaded(uploaded)])).toMatchObject({ state: "invalid" });
  });
});

describe("parseUploadedCertificate", () => {
  it("takes the Base64 .cer with or without its armour, and bare DER in Base64", () => {
    const der = new X509Certificate(uploaded.certificatePem).raw.toString("base64");
    for (const text of [uploaded.certificatePem, uploaded.certificatePem.replace(/\n/g, "\r\n"), der]) {
      const parsed = parseUploadedCertificate(text);
      expect(parsed.ok && parsed.certificate.thumbprint).toBe(uploaded.sha1Thumbprint);
    }
  });

  it("refuses a private key, non-Base64 text and oversized input with a sentence", () => {
    expect(parseUploadedCertificate(uploaded.privateKeyPem)).toMatchObject({ ok: false });
    expect(parseUploadedCertificate("hello world")).toMatchObject({ ok: false });
    expect(parseUploadedCertificate("A".repeat(30_000))).toMatchObject({ ok: false });
  });
});
