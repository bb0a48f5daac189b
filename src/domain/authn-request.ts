/** An AuthnRequest this service issued; the ACS consumes it once. */
export interface AuthnRequestRecord {
  id: string;
  accountId: string;
  /** SHA-256 (hex) of the browser-binding nonce kept in a cookie; null when not bound. */
  browserBindingHash: string | null;
  relayState: string | null;
  loginHint: string | null;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
}
