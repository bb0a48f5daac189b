import type { DirectoryService } from "../directory/directory-service.js";
import { inspectAssertion, type ResponseFacts } from "../saml/inspect-response.js";
import { postcheckAssertion } from "../saml/postcheck-assertion.js";
import { failure, type SamlFailure } from "../saml/saml-failure.js";
import { parseXmlStrict } from "../saml/xml-dom.js";
import { sha256Hex } from "../security/random-ids.js";
import type { AccountRecord, AuthnRequestStore, ReplayStore, UserRecord } from "../storage/ports.js";

/** What node-saml handed back after verifying the signature, timing and audience. */
export interface VerifiedProfile {
  nameID?: string;
  nameIDFormat?: string;
  sessionIndex?: string;
  getAssertionXml?: () => string;
}

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

export type CompletionResult =
  | { ok: true; identity: SignedInIdentity; user: UserRecord }
  | {
      ok: false;
      failure: SamlFailure;
      requestId: string | null;
      nameId: string | null;
      nameIdFormat: string | null;
    };

export interface CompletionDeps {
  directory: DirectoryService;
  authnRequests: AuthnRequestStore;
  replays: ReplayStore;
  now: () => number;
}

export interface CompletionInput {
  account: AccountRecord;
  replyUrl: string;
  envelope: ResponseFacts;
  profile: VerifiedProfile;
  /** The browser-binding nonce from this browser's cookie, if it sent one. */
  browserNonce: string | null;
}

/**
 * The ACS steps after node-saml accepted the signature: our own checks on the signed assertion,
 * one-time use of the request ID (bound to the browser that started it), replay of the
 * assertion ID, then the platform's user match. Any failure means no session.
 */
export async function completeSignIn(
  deps: CompletionDeps,
  input: CompletionInput,
): Promise<CompletionResult> {
  const { account, envelope, profile } = input;
  const fail = (f: SamlFailure, requestId: string | null = null) => ({
    ok: false as const,
    failure: f,
    requestId,
    nameId: profile.nameID ?? null,
    nameIdFormat: profile.nameIDFormat ?? null,
  });

  const assertionXml = profile.getAssertionXml?.();
  if (!assertionXml)
    return fail(failure("SAML_RESPONSE_MALFORMED", "No signed assertion was returned by validation."));
  const signed = inspectAssertion(parseXmlStrict(assertionXml).documentElement);

  const checked = postcheckAssertion(signed, envelope, {
    replyUrl: input.replyUrl,
    idpEntityId: account.sso.idpEntityId,
  });
  if (!checked.ok) return fail(checked.failure, envelope.inResponseTo);
  const { requestId, assertionId, expiresAt } = checked.accepted;

  const now = deps.now();
  const request = await deps.authnRequests.consume(account.id, requestId, now);
  if (!request) {
    const existing = await deps.authnRequests.get(account.id, requestId);
    return fail(
      existing?.consumedAt
        ? failure("RESPONSE_REPLAYED", "This response's request was already used for a sign-in.", {
            check: "request ID used once",
            expected: "an unused request ID",
            actual: `${requestId} (used at ${new Date(existing.consumedAt).toISOString()})`,
          })
        : failure(
            "UNKNOWN_REQUEST",
            "The response answers a request this account did not issue, or one that expired.",
            {
              check: "InResponseTo",
              expected: "an unexpired request ID issued by this account",
              actual: requestId,
            },
          ),
      requestId,
    );
  }
  if (
    request.browserBindingHash &&
    (!input.browserNonce || sha256Hex(input.browserNonce) !== request.browserBindingHash)
  ) {
    return fail(
      failure(
        "REQUEST_NOT_FROM_THIS_BROWSER",
        "The sign-in was started in another browser than the one that posted the response.",
        {
          check: "request bound to browser",
          expected: "the browser that started the sign-in",
          actual: input.browserNonce ? "a different browser" : "a browser without the sign-in cookie",
        },
      ),
      requestId,
    );
  }
  if (!(await deps.replays.remember(account.id, assertionId, expiresAt))) {
    return fail(
      failure("RESPONSE_REPLAYED", "This assertion was already used for a sign-in.", {
        check: "assertion used once",
        expected: "a new assertion ID",
        actual: assertionId,
      }),
      requestId,
    );
  }

  const nameId = (signed.nameId ?? "").trim();
  if (!nameId) {
    return fail(
      failure("NAMEID_MISSING", "The assertion carries no NameID.", { check: "NameID", actual: "(none)" }),
      requestId,
    );
  }
  const user = await deps.directory.findForLogin(account, nameId);
  if (!user) {
    return fail(
      failure(
        "USER_NOT_FOUND",
        `No user of this account has ${account.platform === "micloud" ? "Username" : "Email"} ${nameId}.`,
        {
          check: "user match",
          expected:
            account.platform === "micloud"
              ? "a user whose Username equals the NameID"
              : "a user whose Email equals the NameID",
          actual: nameId,
        },
      ),
      requestId,
    );
  }
  if (user.status !== "active") {
    return fail(
      failure(
        "USER_NOT_ACTIVE",
        `The user ${nameId} exists but is ${user.status === "pending" ? "not activated yet" : "disabled"}.`,
        {
          check: "user status",
          expected: "active",
          actual: user.status,
        },
      ),
      requestId,
    );
  }
  return {
    ok: true,
    user,
    identity: {
      accountId: account.id,
      userId: user.id,
      userName: user.name,
      nameId,
      nameIdFormat: signed.nameIdFormat,
      sessionIndex: signed.sessionIndex,
      authnInstant: signed.authnInstant,
      claims: signed.attributes,
      requestId,
      relayState: request.relayState,
      signedInAt: now,
      method: "sso",
    },
  };
}
