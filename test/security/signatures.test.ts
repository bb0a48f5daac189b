import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSigningCertificate } from "../../src/idp-simulator/keys/signing-certificate.js";
import { TEST_IDP } from "../helpers/test-idp.js";
import {
  ATTACKER,
  type AttackTarget,
  createAttackTarget,
  expectRefused,
  expectSignedIn,
  type Login,
  postResponse,
  signedFor,
  startLogin,
  unsignedFor,
} from "./support/acs-harness.js";
import { runWithoutPrecheck } from "./support/layers.js";
import { ALG, assertionById, naiveVerify, signElement, signLikeEntra } from "./support/sign.js";
import {
  all,
  assertionOf,
  child,
  edit,
  first,
  NS,
  ownSignature,
  parseXml,
  serializeXml,
  setNameId,
} from "./support/xml.js";

/**
 * Signature policy: the assertion must be signed (Entra's default), a Response signature is
 * verified whenever present and required where the account says so, only RSA with SHA-256/512 (SHA-1 where the account opts in), only the
 * configured certificates, one signature per element covering exactly that element.
 */
let target: AttackTarget;
let sha1Target: AttackTarget;
let signedResponseTarget: AttackTarget;

beforeAll(async () => {
  target = await createAttackTarget();
  sha1Target = await createAttackTarget({
    rt: target.rt,
    accountId: "sha1-micloud",
    sso: { allowSha1: true },
  });
  signedResponseTarget = await createAttackTarget({
    rt: target.rt,
    accountId: "signed-response-micloud",
    sso: { requireResponseSignature: true },
  });
});
afterAll(() => target.rt.dispose());

/** Both walls refuse: the full ACS with its code, and node-saml plus postchecks on their own. */
async function expectBothLayersRefuse(xmlFor: (login: Login) => string, code: string | readonly string[]) {
  const login = await startLogin(target);
  expectRefused(await postResponse(target, login, { xml: xmlFor(login) }), code);
  const again = await startLogin(target);
  const layered = await runWithoutPrecheck(target, again, xmlFor(again));
  expect(layered.stage).not.toBe("accepted");
}

const removeOwnSignature = (el: Element) => {
  const signature = ownSignature(el);
  if (!signature) throw new Error(`${el.localName} is not signed`);
  el.removeChild(signature);
};

describe("signatures removed", () => {
  it("assertion signature removed (assertion-only signing) → SIGNATURE_MISSING", async () => {
    await expectBothLayersRefuse(
      (login) => edit(signedFor(target, login).xml, (doc) => removeOwnSignature(assertionOf(doc))),
      "SIGNATURE_MISSING",
    );
  });

  it("assertion signature removed, Response signature kept → SIGNATURE_MISSING", async () => {
    await expectBothLayersRefuse(
      (login) =>
        edit(signedFor(target, login, { signing: { mode: "response-and-assertion" } }).xml, (doc) =>
          removeOwnSignature(assertionOf(doc)),
        ),
      "SIGNATURE_MISSING",
    );
  });

  it("only the Response signed (Entra's 'Sign SAML response') → SIGNATURE_MISSING: the account requires the assertion signature", async () => {
    await expectBothLayersRefuse(
      (login) => signedFor(target, login, { signing: { mode: "response" } }).xml,
      "SIGNATURE_MISSING",
    );
  });

  it("Response signature stripped: only what the assertion signature covers is left, and that still signs B.Simon in", async () => {
    const login = await startLogin(target);
    const xml = edit(signedFor(target, login, { signing: { mode: "response-and-assertion" } }).xml, (doc) =>
      removeOwnSignature(doc.documentElement),
    );
    expectSignedIn(await postResponse(target, login, { xml }));
  });

  it("Response signature stripped and the envelope edited → the edit is caught (Destination)", async () => {
    const login = await startLogin(target);
    const xml = edit(signedFor(target, login, { signing: { mode: "response-and-assertion" } }).xml, (doc) => {
      removeOwnSignature(doc.documentElement);
      doc.documentElement.setAttribute("Destination", "https://evil.example/acs");
    });
    expectRefused(await postResponse(target, login, { xml }), "DESTINATION_MISMATCH");
  });

  it("Response signature present but the envelope edited → SIGNATURE_INVALID (verified whenever present)", async () => {
    await expectBothLayersRefuse(
      (login) =>
        edit(signedFor(target, login, { signing: { mode: "response-and-assertion" } }).xml, (doc) =>
          doc.documentElement.setAttribute("IssueInstant", "2001-01-01T00:00:00.000Z"),
        ),
      "SIGNATURE_INVALID",
    );
  });
});

describe("an account that requires the Response to be signed (Require a signed Response)", () => {
  it("Entra's default, the assertion signed alone → SIGNATURE_MISSING, with the Signing Option to choose", async () => {
    const login = await startLogin(signedResponseTarget);
    const res = await postResponse(signedResponseTarget, login, signedFor(signedResponseTarget, login));
    expectRefused(res, "SIGNATURE_MISSING");
    expect(res.body).toContain("Sign SAML response and assertion");
    const [record] = await signedResponseTarget.rt.ctx.signIns.search({
      accountId: signedResponseTarget.accountId,
      outcome: "failure",
      limit: 1,
    });
    expect(record?.cause).toBe(
      "Entra signed only the assertion; this account requires the Response to be signed as well.",
    );
  });

  it("Response signature stripped from a response-and-assertion response → SIGNATURE_MISSING", async () => {
    const login = await startLogin(signedResponseTarget);
    const xml = edit(
      signedFor(signedResponseTarget, login, { signing: { mode: "response-and-assertion" } }).xml,
      (doc) => removeOwnSignature(doc.documentElement),
    );
    expectRefused(await postResponse(signedResponseTarget, login, { xml }), "SIGNATURE_MISSING");
  });

  it("response and assertion both signed → signed in", async () => {
    const login = await startLogin(signedResponseTarget);
    const response = signedFor(signedResponseTarget, login, { signing: { mode: "response-and-assertion" } });
    expectSignedIn(await postResponse(signedResponseTarget, login, response));
  });

  it("a signed Response with the assertion's signature removed is still refused: the assertion signature stays required", async () => {
    const login = await startLogin(signedResponseTarget);
    const xml = edit(
      signedFor(signedResponseTarget, login, { signing: { mode: "response-and-assertion" } }).xml,
      (doc) => removeOwnSignature(assertionOf(doc)),
    );
    expectRefused(await postResponse(signedResponseTarget, login, { xml }), "SIGNATURE_MISSING");
  });
});

describe("keys and certificates", () => {
  it("signed by a key whose certificate is only in KeyInfo, not configured → refused", async () => {
    const rogue = await generateSigningCertificate();
    const login = await startLogin(target);
    const xml = signLikeEntra(unsignedFor(target, login, { nameId: ATTACKER }), "assertion", rogue);
    // Positive control: the signature is sound for the certificate it carries; a verifier that
    // trusted KeyInfo would accept it.
    const doc = parseXml(xml);
    expect(naiveVerify(xml, ownSignature(assertionOf(doc)) as Element, { trustKeyInfo: true })).toBe(true);
    expectRefused(await postResponse(target, login, { xml }), ["CERTIFICATE_MISMATCH", "SIGNATURE_INVALID"]);
    const again = await startLogin(target);
    const layered = await runWithoutPrecheck(
      target,
      again,
      signLikeEntra(unsignedFor(target, again, { nameId: ATTACKER }), "assertion", rogue),
    );
    expect(layered.stage).toBe("node-saml");
  });

  it("signed by a rogue key while KeyInfo shows the configured certificate → SIGNATURE_INVALID", async () => {
    const rogue = await generateSigningCertificate();
    await expectBothLayersRefuse(
      (login) =>
        signLikeEntra(unsignedFor(target, login, { nameId: ATTACKER }), "assertion", {
          privateKeyPem: rogue.privateKeyPem,
          certificatePem: TEST_IDP.certificatePem,
        }),
      ["CERTIFICATE_MISMATCH", "SIGNATURE_INVALID"],
    );
  });
});

describe("algorithms", () => {
  const setAlgorithm = (xml: string, element: "SignatureMethod" | "DigestMethod", uri: string) =>
    edit(xml, (doc) => first(doc, element).setAttribute("Algorithm", uri));

  it("HMAC keyed with the public certificate (a classic forgery) → SIGNATURE_INVALID", async () => {
    const login = await startLogin(target);
    const hmacKey = TEST_IDP.certificatePem;
    const xml = signLikeEntra(unsignedFor(target, login, { nameId: ATTACKER }), "assertion", { hmacKey });
    expect(naiveVerify(xml, ownSignature(assertionOf(parseXml(xml))) as Element, { hmacKey })).toBe(true);
    expectRefused(await postResponse(target, login, { xml }), "SIGNATURE_INVALID");
    const again = await startLogin(target);
    const layered = await runWithoutPrecheck(
      target,
      again,
      signLikeEntra(unsignedFor(target, again, { nameId: ATTACKER }), "assertion", { hmacKey }),
    );
    expect(layered.stage).toBe("node-saml");
  });

  it.each([
    ["none", "none"],
    ["empty", ""],
    ["unknown", "urn:example:unknown-signature"],
    ["ECDSA (never used by Entra)", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"],
    ["DSA", "http://www.w3.org/2000/09/xmldsig#dsa-sha1"],
  ])("SignatureMethod %s → SIGNATURE_INVALID", async (_label, uri) => {
    await expectBothLayersRefuse(
      (login) => setAlgorithm(signedFor(target, login).xml, "SignatureMethod", uri),
      "SIGNATURE_INVALID",
    );
  });

  it("SignatureMethod swapped for another strong one (RSA-SHA512 over an RSA-SHA256 value) → SIGNATURE_INVALID", async () => {
    await expectBothLayersRefuse(
      (login) => setAlgorithm(signedFor(target, login).xml, "SignatureMethod", ALG.rsaSha512),
      "SIGNATURE_INVALID",
    );
  });

  it("unknown DigestMethod → SIGNATURE_INVALID", async () => {
    await expectBothLayersRefuse(
      (login) => setAlgorithm(signedFor(target, login).xml, "DigestMethod", "urn:example:md5"),
      "SIGNATURE_INVALID",
    );
  });

  it("empty SignatureValue → SIGNATURE_INVALID", async () => {
    await expectBothLayersRefuse(
      (login) =>
        edit(signedFor(target, login).xml, (doc) => {
          const value = first(doc, "SignatureValue");
          while (value.firstChild) value.removeChild(value.firstChild);
        }),
      "SIGNATURE_INVALID",
    );
  });

  it("RSA-SHA256 signature over a SHA-1 digest → WEAK_SIGNATURE_ALGORITHM", async () => {
    const login = await startLogin(target);
    const xml = signLikeEntra(unsignedFor(target, login), "assertion", { digestAlgorithm: ALG.sha1 });
    expectRefused(await postResponse(target, login, { xml }), "WEAK_SIGNATURE_ALGORITHM");
  });

  it("SHA-256 assertion inside a SHA-1 signed Response → WEAK_SIGNATURE_ALGORITHM", async () => {
    const login = await startLogin(target);
    const assertionSigned = signElement(unsignedFor(target, login), "assertion");
    const xml = signElement(assertionSigned, "response", {
      signatureAlgorithm: ALG.rsaSha1,
      digestAlgorithm: ALG.sha1,
    });
    expectRefused(await postResponse(target, login, { xml }), "WEAK_SIGNATURE_ALGORITHM");
  });
});

describe("SHA-1", () => {
  it.each(["assertion", "response-and-assertion"] as const)(
    "refused by default (%s) → WEAK_SIGNATURE_ALGORITHM",
    async (mode) => {
      const login = await startLogin(target);
      const response = signedFor(target, login, { signing: { mode, algorithm: "sha1" } });
      const outcome = await postResponse(target, login, response);
      expectRefused(outcome, "WEAK_SIGNATURE_ALGORITHM");
      expect(outcome.body).toContain("rsa-sha1");
    },
  );

  it.each(["assertion", "response-and-assertion"] as const)(
    "accepted where the account opted in (%s)",
    async (mode) => {
      const login = await startLogin(sha1Target);
      const response = signedFor(sha1Target, login, { signing: { mode, algorithm: "sha1" } });
      expectSignedIn(await postResponse(sha1Target, login, response));
    },
  );

  it("the opt-in does not open other algorithms (HMAC stays refused)", async () => {
    const login = await startLogin(sha1Target);
    const xml = signLikeEntra(unsignedFor(sha1Target, login, { nameId: ATTACKER }), "assertion", {
      hmacKey: TEST_IDP.certificatePem,
    });
    expectRefused(await postResponse(sha1Target, login, { xml }), "SIGNATURE_INVALID");
  });
});

describe("signature shape", () => {
  it("a Reference that points to another element (the Response's signature moved into the assertion) → SIGNATURE_INVALID", async () => {
    await expectBothLayersRefuse(
      (login) =>
        edit(signedFor(target, login, { signing: { mode: "response" }, nameId: ATTACKER }).xml, (doc) => {
          const signature = ownSignature(doc.documentElement) as Element;
          const assertion = assertionOf(doc);
          assertion.insertBefore(signature, child(assertion, "Subject", NS.assertion));
        }),
      "SIGNATURE_INVALID",
    );
  });

  it('a Reference to the whole document (URI="") → SIGNATURE_INVALID', async () => {
    await expectBothLayersRefuse(
      (login) => edit(signedFor(target, login).xml, (doc) => first(doc, "Reference").setAttribute("URI", "")),
      "SIGNATURE_INVALID",
    );
  });

  it("two SignedInfo (the second one pointing at an evil assertion) → SIGNATURE_INVALID", async () => {
    await expectBothLayersRefuse(
      (login) =>
        edit(signedFor(target, login).xml, (doc) => {
          const signedInfo = first(doc, "SignedInfo");
          const evil = signedInfo.cloneNode(true) as Element;
          first(evil, "Reference").setAttribute("URI", "#_evil");
          signedInfo.parentNode?.insertBefore(evil, signedInfo.nextSibling);
        }),
      "SIGNATURE_INVALID",
    );
  });

  it("two Signature elements in the assertion → SIGNATURE_INVALID", async () => {
    await expectBothLayersRefuse(
      (login) =>
        edit(signedFor(target, login).xml, (doc) => {
          const signature = ownSignature(assertionOf(doc)) as Element;
          signature.parentNode?.insertBefore(signature.cloneNode(true), signature);
        }),
      "SIGNATURE_INVALID",
    );
  });

  it("a Signature nested elsewhere (in the Subject) → SIGNATURE_INVALID", async () => {
    await expectBothLayersRefuse(
      (login) =>
        edit(signedFor(target, login).xml, (doc) => {
          const signature = ownSignature(assertionOf(doc)) as Element;
          first(doc, "Subject").appendChild(signature.cloneNode(true));
        }),
      "SIGNATURE_INVALID",
    );
  });

  it("an Object inside the Signature → SIGNATURE_INVALID (XSW8 hides the original assertion there)", async () => {
    // node-saml alone accepts this one (an unsigned Object changes nothing it reads); the precheck
    // refuses it because Entra never sends one and wrapping attacks use it as a hiding place.
    const login = await startLogin(target);
    const xml = edit(signedFor(target, login).xml, (doc) => {
      const object = doc.createElementNS(NS.dsig, "Object");
      object.appendChild(doc.createTextNode("x"));
      (ownSignature(assertionOf(doc)) as Element).appendChild(object);
    });
    expectRefused(await postResponse(target, login, { xml }), "SIGNATURE_INVALID");
  });

  it.each([
    ["an XPath transform", "http://www.w3.org/TR/1999/REC-xpath-19991116"],
    ["canonicalization with comments", "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"],
  ])("%s → SIGNATURE_INVALID", async (_label, uri) => {
    await expectBothLayersRefuse(
      (login) =>
        edit(signedFor(target, login).xml, (doc) =>
          (all(doc, "Transform")[1] as Element).setAttribute("Algorithm", uri),
        ),
      "SIGNATURE_INVALID",
    );
  });
});

describe("assertions", () => {
  it("two assertions, each validly signed (B.Simon first, the attacker second) → MULTIPLE_ASSERTIONS", async () => {
    const xmlFor = (login: Login) => {
      const unsigned = unsignedFor(target, login);
      const doc = parseXml(unsigned);
      const second = assertionOf(doc).cloneNode(true) as Element;
      second.setAttribute("ID", "_second_assertion");
      setNameId(second, ATTACKER);
      doc.documentElement.appendChild(second);
      const both = signElement(serializeXml(doc), {
        xpath: assertionById(assertionOf(doc).getAttribute("ID") ?? ""),
      });
      return signElement(both, { xpath: assertionById("_second_assertion") });
    };
    await expectBothLayersRefuse(xmlFor, "MULTIPLE_ASSERTIONS");
  });

  it("an EncryptedAssertion next to the signed plain assertion → MULTIPLE_ASSERTIONS", async () => {
    await expectBothLayersRefuse(
      (login) =>
        edit(signedFor(target, login).xml, (doc) => {
          const encrypted = doc.createElementNS(NS.assertion, "EncryptedAssertion");
          const data = doc.createElementNS("http://www.w3.org/2001/04/xmlenc#", "xenc:EncryptedData");
          encrypted.appendChild(data);
          doc.documentElement.appendChild(encrypted);
        }),
      "MULTIPLE_ASSERTIONS",
    );
  });

  it("an assertion hidden in the signed assertion's Advice → MULTIPLE_ASSERTIONS", async () => {
    const login = await startLogin(target);
    const xml = edit(unsignedFor(target, login), (doc) => {
      const assertion = assertionOf(doc);
      const advice = doc.createElementNS(NS.assertion, "Advice");
      const evil = assertion.cloneNode(true) as Element;
      evil.setAttribute("ID", "_advice_assertion");
      setNameId(evil, ATTACKER);
      advice.appendChild(evil);
      assertion.appendChild(advice);
    });
    expectRefused(
      await postResponse(target, login, { xml: signElement(xml, "assertion") }),
      "MULTIPLE_ASSERTIONS",
    );
  });

  it("only an EncryptedAssertion (Encrypted assertions off: no decryption key) → ASSERTION_DECRYPTION_FAILED", async () => {
    const login = await startLogin(target);
    const xml = edit(signedFor(target, login).xml, (doc) => {
      const encrypted = doc.createElementNS(NS.assertion, "EncryptedAssertion");
      doc.documentElement.replaceChild(encrypted, assertionOf(doc));
    });
    expectRefused(await postResponse(target, login, { xml }), "ASSERTION_DECRYPTION_FAILED");
  });
});
