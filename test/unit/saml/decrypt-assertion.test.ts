import {
  constants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  X509Certificate,
} from "node:crypto";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import xmlenc from "xml-encryption";
import {
  type GeneratedSpKeyPair,
  generateSpKeyPair,
} from "../../../src/accounts/sp-keys/generate-sp-key-pair.js";
import { encryptAssertion } from "../../../src/idp-simulator/saml/encrypt-assertion.js";
import { decryptAssertion } from "../../../src/saml/decrypt-assertion.js";
import { signTestResponse } from "../../helpers/test-idp.js";

/**
 * Token encryption across the two sides: the simulator encrypts with its own node:crypto code, the
 * SP opens with xml-encryption (node-saml's library). A decryptor written here from the XML
 * Encryption spec checks the simulator's output on its own, so the pair cannot agree on a mistake.
 */
const REPLY = "https://sp.example/micloud/acme/saml/acs";
const AUDIENCE = "https://sp.example/micloud/acme/saml/metadata";

let spKey: GeneratedSpKeyPair;
let otherKey: GeneratedSpKeyPair;
beforeAll(async () => {
  [spKey, otherKey] = await Promise.all([
    generateSpKeyPair("acme", "encryption"),
    generateSpKeyPair("someone-else", "encryption"),
  ]);
});

const keyOf = (pair: GeneratedSpKeyPair, id: string) => ({
  id,
  privateKeyPem: pair.privateKeyPem,
  label: `key ${id}`,
});

function encryptedResponse(encrypt: (assertion: string) => string): string {
  return signTestResponse({
    replyUrl: REPLY,
    audience: AUDIENCE,
    inResponseTo: "_req",
    encryptAssertion: encrypt,
  }).xml;
}

/** Decrypts an EncryptedAssertion by the XML Encryption spec, with node:crypto only. */
function decryptBySpec(encryptedXml: string, privateKeyPem: string): string {
  const values = [...encryptedXml.matchAll(/<(?:\w+:)?CipherValue>([^<]+)</g)].map((m) => m[1] ?? "");
  const [wrappedKey, content] = values;
  const key = privateDecrypt(
    { key: createPrivateKey(privateKeyPem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
    Buffer.from(wrappedKey ?? "", "base64"),
  );
  const bytes = Buffer.from(content ?? "", "base64");
  const decipher = createDecipheriv("aes-256-cbc", key, bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString("utf8");
}

describe("the simulator's token encryption", () => {
  it("is AES-256-CBC content and RSA-OAEP key transport that a spec decryptor and xml-encryption both open", async () => {
    const assertion =
      '<Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a"><Issuer>x</Issuer></Assertion>';
    const encrypted = encryptAssertion(assertion, spKey.certificatePem);
    expect(encrypted).toContain('Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"');
    expect(encrypted).toContain('Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"');
    expect(encrypted).not.toContain("_a");
    expect(decryptBySpec(encrypted, spKey.privateKeyPem)).toBe(assertion);
    const decrypt = promisify(xmlenc.decrypt) as (xml: string, o: xmlenc.DecryptOptions) => Promise<string>;
    expect(await decrypt(encrypted, { key: spKey.privateKeyPem })).toBe(assertion);
  });
});

describe("decryptAssertion (the engine's reading of an EncryptedAssertion)", () => {
  it("opens the simulator's encrypted assertion with the right key and puts the assertion in its place", async () => {
    const xml = encryptedResponse((a) => encryptAssertion(a, spKey.certificatePem));
    expect(xml).toContain("EncryptedAssertion");
    const result = await decryptAssertion(xml, [keyOf(otherKey, "old"), keyOf(spKey, "current")]);
    expect(result.state).toBe("decrypted");
    if (result.state !== "decrypted") return;
    expect(result.key.id).toBe("current");
    expect(result.algorithms).toBe("AES-256-CBC content, RSA-OAEP key transport");
    expect(result.xml).not.toContain("EncryptedAssertion");
    expect(result.xml).toMatch(/<Assertion ID="_[^"]+"[^>]*xmlns="urn:oasis:names:tc:SAML:2.0:assertion">/);
  });

  it("names the keys it tried when the assertion was encrypted for another certificate", async () => {
    const xml = encryptedResponse((a) => encryptAssertion(a, otherKey.certificatePem));
    const result = await decryptAssertion(xml, [keyOf(spKey, "mine")]);
    expect(result).toMatchObject({ state: "failed", actual: "not decryptable with key mine" });
  });

  it("says there is no key when the account has none", async () => {
    const xml = encryptedResponse((a) => encryptAssertion(a, spKey.certificatePem));
    const result = await decryptAssertion(xml, []);
    expect(result).toMatchObject({ state: "failed", actual: "EncryptedAssertion, no decryption key" });
  });

  it("refuses RSA 1.5 key transport (padding oracle) even with the right key", async () => {
    const xml = encryptedResponse((a) =>
      encryptAssertion(a, spKey.certificatePem).replace("xmlenc#rsa-oaep-mgf1p", "xmlenc#rsa-1_5"),
    );
    const result = await decryptAssertion(xml, [keyOf(spKey, "mine")]);
    expect(result).toMatchObject({ state: "failed" });
    if (result.state === "failed") expect(result.reason).toContain("RSA-OAEP");
  });

  it("opens AES-256-GCM content, written here by the spec (not by either side's code)", async () => {
    const assertionXml = (plainXml: string) => {
      const key = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([iv, cipher.update(plainXml, "utf8"), cipher.final(), cipher.getAuthTag()]);
      const wrapped = publicEncrypt(
        {
          key: new X509Certificate(spKey.certificatePem).publicKey,
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: "sha1",
        },
        key,
      );
      const enc = "http://www.w3.org/2001/04/xmlenc#";
      return `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><xenc:EncryptedData xmlns:xenc="${enc}"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="${enc}rsa-oaep-mgf1p"/><xenc:CipherData><xenc:CipherValue>${wrapped.toString("base64")}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo><xenc:CipherData><xenc:CipherValue>${body.toString("base64")}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>`;
    };
    const result = await decryptAssertion(encryptedResponse(assertionXml), [keyOf(spKey, "mine")]);
    expect(result).toMatchObject({
      state: "decrypted",
      algorithms: "AES-256-GCM content, RSA-OAEP key transport",
    });
  });

  it("leaves a plain response alone", async () => {
    const xml = signTestResponse({ replyUrl: REPLY, audience: AUDIENCE, inResponseTo: "_req" }).xml;
    expect(await decryptAssertion(xml, [keyOf(spKey, "mine")])).toEqual({ state: "plain" });
  });
});
