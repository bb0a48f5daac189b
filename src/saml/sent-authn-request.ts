/**
 * What the sign-in log keeps of an AuthnRequest this service sent: the SAMLRequest exactly as sent
 * (HTTP-Redirect: deflated, base64; about half the size of its XML), where it went, and whether
 * the redirect was signed (SigAlg and Signature query parameters). Taken from the redirect URL
 * node-saml built, so it shows what the browser carried whatever options built it. Bounded: a
 * SAMLRequest longer than MAX_SENT_SAML_REQUEST (no AuthnRequest of ours comes near) is not kept.
 */
export const MAX_SENT_SAML_REQUEST = 8 * 1024;

export interface SentAuthnRequest {
  binding: "HTTP-Redirect";
  /** The Sign-in URL it was sent to, without the query. */
  destination: string;
  /** The SAMLRequest parameter as sent; null when it was over MAX_SENT_SAML_REQUEST. */
  samlRequest: string | null;
  signed: boolean;
  sigAlg: string | null;
}

export function sentAuthnRequestOf(redirectUrl: string): SentAuthnRequest | null {
  let url: URL;
  try {
    url = new URL(redirectUrl);
  } catch {
    return null;
  }
  const samlRequest = url.searchParams.get("SAMLRequest");
  if (samlRequest === null) return null;
  const sigAlg = url.searchParams.get("SigAlg");
  return {
    binding: "HTTP-Redirect",
    destination: `${url.origin}${url.pathname}`,
    samlRequest: samlRequest.length <= MAX_SENT_SAML_REQUEST ? samlRequest : null,
    signed: sigAlg !== null && Boolean(url.searchParams.get("Signature")),
    sigAlg,
  };
}
