import type { UserRecord } from "../domain/user.js";
import { assertionOf } from "./attempt.js";
import type { EngineResult } from "./run-engine.js";

export interface SignedInIdentity {
  accountId: string;
  userId: string;
  userName: string;
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | null;
  authnInstant: string | null;
  claims: Array<{ name: string; values: string[] }>;
  requestId: string;
  relayState: string | null;
  signedInAt: number;
  /** How the user signed in: SAML SSO, or a Mitel password where the account allows it. */
  method: "sso" | "password";
}

/** The identity an accepted attempt signs in: from the signed assertion, the consumed request and the user. */
export function identityOf(result: EngineResult): SignedInIdentity | null {
  const f = result.facts;
  const signed = f.nodeSaml?.ok ? f.nodeSaml.signed : null;
  const user: UserRecord | undefined = f.user;
  const consumed = f.consumed?.state === "consumed" ? f.consumed.record : null;
  if (result.outcome !== "accepted" || !signed || !user || !consumed || assertionOf(f) !== signed)
    return null;
  return {
    accountId: f.account.id,
    userId: user.id,
    userName: user.name,
    nameId: (signed.nameId ?? "").trim(),
    nameIdFormat: signed.nameIdFormat,
    sessionIndex: signed.sessionIndex,
    authnInstant: signed.authnInstant,
    claims: signed.attributes,
    requestId: consumed.id,
    relayState: consumed.relayState,
    signedInAt: f.at,
    method: "sso",
  };
}
