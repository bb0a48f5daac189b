import type { SamlConfig } from "@node-saml/node-saml";
import type { AccountLookup, UserLookup } from "../diagnostics/user-near-miss.js";
import type { AccountRecord } from "../domain/account.js";
import type { AuthnRequestRecord } from "../domain/authn-request.js";
import type { DecryptionKey } from "../saml/decrypt-assertion.js";
import type { AuthnRequestStore, ReplayStore } from "../storage/ports.js";

export type NodeSamlResult = { ok: true; profile: Record<string, unknown> } | { ok: false; error: unknown };

/**
 * What the engine reads and (in the ACS only) changes. The ACS passes the stores and node-saml
 * through passport; Analyze passes the same stores read-only and node-saml called directly.
 */
export interface EnginePorts {
  publicUrl: string;
  requests: Pick<AuthnRequestStore, "get">;
  directory: UserLookup;
  accounts: AccountLookup;
  /** The account's keys for an EncryptedAssertion (none while Encrypted assertions is off). */
  decryptionKeys(account: AccountRecord): Promise<DecryptionKey[]>;
  /** Runs node-saml on the posted SAMLResponse with these options; never throws. */
  validate(options: SamlConfig): Promise<NodeSamlResult>;
  /** ACS only: the effects of an accepted attempt and the posting browser's binding nonce. */
  acs?: {
    browserNonce: string | null;
    consume(accountId: string, id: string, now: number): Promise<AuthnRequestRecord | undefined>;
    replays: Pick<ReplayStore, "remember">;
  };
}
