/**
 * The HTTP-Redirect binding as the simulator sends it (SAML bindings §3.4.4.1): the message
 * deflated and base64-encoded, then `SAMLRequest|SAMLResponse=…[&RelayState=…]&SigAlg=…`
 * signed with the application's active signing key, the signature appended. The query is encoded
 * with lower-case percent escapes, as Entra's sign-out URLs are (SPs that re-encode the query
 * before verifying fail on them; an SP must verify the bytes as they arrived).
 * Simulator-side code: its own signing with node:crypto, nothing from the SP.
 */
import { createSign } from "node:crypto";
import { deflateRawSync } from "node:zlib";

const SIG_ALGS = {
  sha256: { uri: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", hash: "RSA-SHA256" },
  sha1: { uri: "http://www.w3.org/2000/09/xmldsig#rsa-sha1", hash: "RSA-SHA1" },
} as const;

export interface RedirectMessage {
  /** Where the browser goes: the application's Logout Url. */
  target: string;
  param: "SAMLRequest" | "SAMLResponse";
  xml: string;
  relayState: string | null;
  signing: { privateKeyPem: string; algorithm: keyof typeof SIG_ALGS };
}

export function signedRedirectUrl(message: RedirectMessage): string {
  const alg = SIG_ALGS[message.signing.algorithm];
  const parts = [
    `${message.param}=${encode(deflateRawSync(Buffer.from(message.xml, "utf8")).toString("base64"))}`,
  ];
  if (message.relayState) parts.push(`RelayState=${encode(message.relayState)}`);
  parts.push(`SigAlg=${encode(alg.uri)}`);
  const signed = parts.join("&");
  const signature = createSign(alg.hash).update(signed, "utf8").sign(message.signing.privateKeyPem, "base64");
  const url = new URL(message.target);
  const query = `${signed}&Signature=${encode(signature)}`;
  return `${url.origin}${url.pathname}${url.search ? `${url.search}&` : "?"}${query}`;
}

/** encodeURIComponent with lower-case hex escapes (%2f, not %2F). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
}
