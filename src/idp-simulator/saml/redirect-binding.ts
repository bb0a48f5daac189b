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
  /** null: sent unsigned (the no-signature fault). */
  signing: { privateKeyPem: string; algorithm: keyof typeof SIG_ALGS } | null;
}

export function signedRedirectUrl(message: RedirectMessage): string {
  const deflated = deflateRawSync(Buffer.from(message.xml, "utf8")).toString("base64");
  const parts = [`${message.param}=${encode(deflated)}`];
  if (message.relayState) parts.push(`RelayState=${encode(message.relayState)}`);
  let query = parts.join("&");
  if (message.signing) {
    const alg = SIG_ALGS[message.signing.algorithm];
    const signed = `${query}&SigAlg=${encode(alg.uri)}`;
    const signature = createSign(alg.hash)
      .update(signed, "utf8")
      .sign(message.signing.privateKeyPem, "base64");
    query = `${signed}&Signature=${encode(signature)}`;
  }
  const url = new URL(message.target);
  return `${url.origin}${url.pathname}${url.search ? `${url.search}&` : "?"}${query}`;
}

/** encodeURIComponent with lower-case hex escapes (%2f, not %2F). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
}
