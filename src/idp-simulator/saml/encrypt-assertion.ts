/**
 * Token encryption as Entra applies it: the signed Assertion becomes an EncryptedAssertion whose
 * EncryptedData holds the assertion under a fresh AES-256 key (Microsoft: "Microsoft Entra ID uses
 * AES-256 to encrypt the SAML assertion data"), and whose EncryptedKey holds that key under the
 * uploaded certificate's RSA public key with RSA-OAEP (MGF1, SHA-1 digest: XML Encryption 1.0's
 * rsa-oaep-mgf1p). Microsoft does not document the cipher mode or the key transport; AES-256-CBC
 * and rsa-oaep-mgf1p are what .NET's EncryptedXml (Entra's stack) writes by default and what SPs
 * report receiving.
 *
 * Written here with node:crypto rather than with xml-encryption, the library node-saml decrypts
 * with: the same library on both sides would let one bug pass itself off as interoperability.
 */
import { constants, createCipheriv, publicEncrypt, randomBytes, X509Certificate } from "node:crypto";

export const XMLENC_NS = "http://www.w3.org/2001/04/xmlenc#";
export const AES256_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";
export const RSA_OAEP_MGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
const SHA1_DIGEST = "http://www.w3.org/2000/09/xmldsig#sha1";
const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const SAML_ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}

/**
 * `assertionXml` is the complete Assertion element as it will be read after decryption (signed
 * already, with its namespace declarations on itself). Returns the EncryptedAssertion element.
 */
export function encryptAssertion(assertionXml: string, certificatePem: string): string {
  const publicKey = new X509Certificate(certificatePem).publicKey;
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  // XML Encryption's CBC padding puts the pad length in the last byte; PKCS#7 padding is one form of it.
  const cipherText = Buffer.concat([iv, cipher.update(assertionXml, "utf8"), cipher.final()]);
  const wrappedKey = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
    key,
  );
  return (
    `<EncryptedAssertion xmlns="${SAML_ASSERTION_NS}">` +
    `<xenc:EncryptedData xmlns:xenc="${XMLENC_NS}" Type="${XMLENC_NS}Element">` +
    `<xenc:EncryptionMethod Algorithm="${AES256_CBC}"/>` +
    `<KeyInfo xmlns="${DSIG_NS}">` +
    `<e:EncryptedKey xmlns:e="${XMLENC_NS}">` +
    `<e:EncryptionMethod Algorithm="${RSA_OAEP_MGF1P}"><DigestMethod Algorithm="${SHA1_DIGEST}"/></e:EncryptionMethod>` +
    `<KeyInfo><X509Data><X509Certificate>${pemBody(certificatePem)}</X509Certificate></X509Data></KeyInfo>` +
    `<e:CipherData><e:CipherValue>${wrappedKey.toString("base64")}</e:CipherValue></e:CipherData>` +
    `</e:EncryptedKey>` +
    `</KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${cipherText.toString("base64")}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedData>` +
    `</EncryptedAssertion>`
  );
}
