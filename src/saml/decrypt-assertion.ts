/**
 * Our own reading of an EncryptedAssertion (XML Encryption), so that the engine's structural
 * checks see the assertion and the failure has its own code: which key decrypted it, or why none
 * could. node-saml still decrypts the posted response itself (decryptionPvk) for its decision;
 * this only ever refuses more. Protocol code: no Express.
 */
import { promisify } from "node:util";
import { XMLSerializer } from "@xmldom/xmldom";
import xmlenc from "xml-encryption";
import { childElements, descendants, NS, parseXmlStrict } from "./xml-dom.js";
import { SAML_MESSAGE_LIMITS } from "./xml-prescan.js";

const XMLENC_NS = "http://www.w3.org/2001/04/xmlenc#";

/** Content encryption node-saml's library decrypts; Entra uses AES-256 (Microsoft's token encryption page). */
export const DATA_ALGORITHMS: Readonly<Record<string, string>> = {
  "http://www.w3.org/2001/04/xmlenc#aes256-cbc": "AES-256-CBC",
  "http://www.w3.org/2009/xmlenc11#aes256-gcm": "AES-256-GCM",
  "http://www.w3.org/2001/04/xmlenc#aes128-cbc": "AES-128-CBC",
  "http://www.w3.org/2009/xmlenc11#aes128-gcm": "AES-128-GCM",
};
/** Key transport: RSA-OAEP only (RSA 1.5 is refused: padding-oracle attacks). */
export const KEY_ALGORITHMS: Readonly<Record<string, string>> = {
  "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p": "RSA-OAEP",
};

export interface DecryptionKey {
  id: string;
  privateKeyPem: string;
  /** How the key is named to the admin (its certificate's SHA-1 thumbprint). */
  label: string;
}

export type AssertionDecryption =
  | { state: "plain" }
  | {
      state: "decrypted";
      /** The response with the decrypted Assertion in place of the EncryptedAssertion. */
      xml: string;
      key: DecryptionKey;
      algorithms: string;
    }
  | { state: "failed"; reason: string; actual: string; algorithms: string | null };

const decrypt = promisify(xmlenc.decrypt) as (xml: string, options: xmlenc.DecryptOptions) => Promise<string>;

function algorithmsOf(encrypted: Element): { data: string | null; key: string | null } {
  const data = childElements(encrypted, "EncryptedData", XMLENC_NS)[0];
  const dataMethod = data ? childElements(data, "EncryptionMethod", XMLENC_NS)[0] : undefined;
  const keyMethod = descendants(encrypted, "EncryptedKey")
    .flatMap((k) => childElements(k, "EncryptionMethod", XMLENC_NS))
    .at(0);
  return {
    data: dataMethod?.getAttribute("Algorithm") ?? null,
    key: keyMethod?.getAttribute("Algorithm") ?? null,
  };
}

/**
 * The response's one EncryptedAssertion decrypted with the first of `keys` that opens it. Keys are
 * the account's published encryption keys (a rotation keeps the old one until it is removed).
 */
export async function decryptAssertion(xml: string, keys: DecryptionKey[]): Promise<AssertionDecryption> {
  const doc = parseXmlStrict(xml, SAML_MESSAGE_LIMITS);
  const root = doc.documentElement;
  const encrypted = root ? childElements(root, "EncryptedAssertion", NS.assertion) : [];
  // None, or several (the assertion-count check refuses those): nothing to decrypt here.
  if (!root || encrypted.length !== 1 || childElements(root, "Assertion", NS.assertion).length > 0) {
    return { state: "plain" };
  }
  const element = encrypted[0] as Element;
  const { data, key } = algorithmsOf(element);
  const dataName = data ? DATA_ALGORITHMS[data] : undefined;
  const keyName = key ? KEY_ALGORITHMS[key] : undefined;
  const algorithms = `${dataName ?? data ?? "(no EncryptionMethod)"} content, ${keyName ?? key ?? "(no EncryptedKey)"} key transport`;
  if (keys.length === 0) {
    return {
      state: "failed",
      reason:
        "The assertion is encrypted, and this account has no decryption key: Encrypted assertions is off. Turn it on (account page > Advanced) and upload its encryption certificate to Entra, or turn off Token encryption in Entra.",
      actual: "EncryptedAssertion, no decryption key",
      algorithms,
    };
  }
  if (!dataName || !keyName) {
    return {
      state: "failed",
      reason: `The assertion is encrypted with an algorithm this service does not accept (${algorithms}); Entra uses AES-256 with RSA-OAEP.`,
      actual: algorithms,
      algorithms,
    };
  }
  const text = new XMLSerializer().serializeToString(element);
  for (const candidate of keys) {
    let plain: string;
    try {
      plain = await decrypt(text, {
        key: candidate.privateKeyPem,
        disallowDecryptionWithInsecureAlgorithm: true,
        warnInsecureAlgorithm: false,
      });
    } catch {
      continue; // not this key (or not decryptable at all: said below once every key failed)
    }
    let assertion: Element | null;
    try {
      assertion = parseXmlStrict(plain, SAML_MESSAGE_LIMITS).documentElement;
    } catch (err) {
      return {
        state: "failed",
        reason: `The encrypted assertion decrypts to text that is not well-formed XML: ${(err as Error).message}`,
        actual: "decrypted content is not XML",
        algorithms,
      };
    }
    if (assertion?.localName !== "Assertion" || assertion.namespaceURI !== NS.assertion) {
      return {
        state: "failed",
        reason: "The encrypted content is not a SAML Assertion.",
        actual: `decrypted to <${assertion?.nodeName ?? "?"}>`,
        algorithms,
      };
    }
    root.replaceChild(doc.importNode(assertion, true), element);
    return {
      state: "decrypted",
      xml: new XMLSerializer().serializeToString(doc),
      key: candidate,
      algorithms,
    };
  }
  return {
    state: "failed",
    reason: `None of this account's ${keys.length === 1 ? "decryption key opens" : `${keys.length} decryption keys open`} the encrypted assertion: Entra encrypted it with a certificate this account does not have (or the content is damaged).`,
    actual: `not decryptable with ${keys.map((k) => k.label).join(", ")}`,
    algorithms,
  };
}
