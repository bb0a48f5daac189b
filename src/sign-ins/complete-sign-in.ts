import type { DirectoryService } from "../directory/directory-service.js";
import { inspectAssertion, type ResponseFacts } from "../saml/inspect-response.js";
import { postcheckAssertion } from "../saml/postcheck-assertion.js";
import { failure, type SamlFailure } from "../saml/saml-failure.js";
import { parseXmlStrict } from "../saml/xml-dom.js";
import { secretsEqual } from "../security/passwords.js";
import { sha256Hex } from "../security/random-ids.js";
import type {
  AccountRecord,
  AuthnRequestRecord,
  AuthnRequestStore,
  ReplayStore,
  UserRecord,
} from "../storage/ports.js";

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
  | { ok: true; identity: SignedInIdentity; user: UserRecord; request: AuthnRequestRecord }
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
  /** The clock skew node-saml was given; the bearer confirmation's window is checked with it too. */
  clockSkewMs?: number;
}

/** server.clockSkewSeconds' default, for callers that do not pass theirs. */
const DEFAULT_CLOCK_SKEW_MS = 180_000;

export interface CompletionInput {
  account: AccountRecord;
  replyUrl: string;
  envelope: ResponseFacts;
  profile: VerifiedProfile;
  /** The browser-binding nonce from this browser's cookie, if it sent one. */
  browserNonce: string | null;
}

type Refusal = { failure: SamlFailure; requestId: string | null };

/**
 * The ACS steps after node-saml accepted the signature, in order:
 * 1. our checks on the assertion node-saml verified (postcheck-assertion);
 * 2. the request it answers: issued for this account, unexpired, unused, and started by this
 *    browser (login CSRF) — checked before it is consumed, so a forged post cannot burn it;
 * 3. the request consumed atomically (exactly one response per request, across replicas);
 * 4. the assertion ID remembered until it expires (replay, across restarts and replicas);
 * 5. the platform's user match.
 * Any failure means no session.
 */
export async function completeSignIn(
  deps: CompletionDeps,
  input: CompletionInput,
): Promise<CompletionResult> {
  const { profile } = input;
  const outcome = await runCompletion(deps, input);
  if ("identity" in outcome)
    return { ok: true, identity: outcome.identity, user: outcome.user, request: outcome.request };
  return {
    ok: false,
    failure: outcome.failure,
    requestId: outcome.requestId,
    nameId: profile.nameID ?? null,
    nameIdFormat: profile.nameIDFormat ?? null,
  };
}

async function runCompletion(
  deps: CompletionDeps,
  input: CompletionInput,
): Promise<Refusal | { identity: SignedInIdentity; user: UserRecord; request: AuthnRequestRecord }> {
  const { account, envelope, profile } = input;
  const refuse = (f: SamlFailure, requestId: string | null = null): Refusal => ({ failure: f, requestId });

  const assertionXml = profile.getAssertionXml?.();
  if (!assertionXml)
    return refuse(failure("SAML_RESPONSE_MALFORMED", "No signed assertion was returned by validation."));
  const signed = inspectAssertion(parseXmlStrict(assertionXml).documentElement);

  const now = deps.now();
  const checked = postcheckAssertion(signed, envelope, {
    replyUrl: input.replyUrl,
    idpEntityId: account.sso.idpEntityId,
    now,
    clockSkewMs: deps.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS,
  });
  if (!checked.ok) return refuse(checked.failure, envelope.inResponseTo);
  const { requestId, assertionId, expiresAt } = checked.accepted;

  const request = await deps.authnRequests.get(account.id, requestId);
  const requestRefusal = checkRequest(request, requestId, now) ?? checkBrowser(request, input.browserNonce);
  if (requestRefusal) return refuse(requestRefusal, requestId);

  const consumed = await deps.authnRequests.consume(account.id, requestId, now);
  if (!consumed) return refuse(alreadyUsed(requestId, now), requestId);

  if (!(await deps.replays.remember(account.id, assertionId, expiresAt))) {
    return refuse(
      failure("RESPONSE_REPLAYED", "This assertion was already used for a sign-in.", {
        check: "assertion used once",
        expected: "a new assertion ID",
        actual: assertionId,
      }),
      requestId,
    );
  }

  const matched = await matchUser(deps.directory, account, signed.nameId);
  if ("failure" in matched) return refuse(matched.failure, requestId);
  const { user, nameId } = matched;
  return {
    user,
    request: consumed,
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
      relayState: consumed.relayState,
      signedInAt: now,
      method: "sso",
    },
  };
}

/** Issued for this account (the store is scoped by account), not expired, not used yet. */
function checkRequest(
  request: AuthnRequestRecord | undefined,
  requestId: string,
  now: number,
): SamlFailure | null {
  if (request?.consumedAt) {
    return failure("RESPONSE_REPLAYED", "This response's request was already used for a sign-in.", {
      check: "request ID used once",
      expected: "an unused request ID",
      actual: `${requestId} (used at ${new Date(request.consumedAt).toISOString()})`,
    });
  }
  if (!request || request.expiresAt <= now) {
    return failure(
      "UNKNOWN_REQUEST",
      "The response answers a request this account did not issue, or one that expired.",
      {
        check: "InResponseTo",
        expected: "an unexpired request ID issued by this account",
        actual: request
          ? `${requestId} (expired at ${new Date(request.expiresAt).toISOString()})`
          : requestId,
      },
    );
  }
  return null;
}

/**
 * Login CSRF: the response must come back to the browser that started the sign-in, proven by the
 * nonce in its binding cookie. A request without a binding never completes.
 */
function checkBrowser(
  request: AuthnRequestRecord | undefined,
  browserNonce: string | null,
): SamlFailure | null {
  const expected = request?.browserBindingHash ?? null;
  if (expected && browserNonce && secretsEqual(sha256Hex(browserNonce), expected)) return null;
  return failure(
    "REQUEST_NOT_FROM_THIS_BROWSER",
    "The sign-in was started in another browser than the one that posted the response.",
    {
      check: "request bound to browser",
      expected: "the browser that started the sign-in",
      actual: !expected
        ? "a request that is bound to no browser"
        : browserNonce
          ? "a different browser"
          : "a browser without the sign-in cookie",
    },
  );
}

/** Another response consumed the request between our read and our write (a race, or a replica). */
function alreadyUsed(requestId: string, now: number): SamlFailure {
  return failure("RESPONSE_REPLAYED", "This response's request was already used for a sign-in.", {
    check: "request ID used once",
    expected: "an unused request ID",
    actual: `${requestId} (used just now, at ${new Date(now).toISOString()})`,
  });
}

async function matchUser(
  directory: DirectoryService,
  account: AccountRecord,
  signedNameId: string | null,
): Promise<{ user: UserRecord; nameId: string } | { failure: SamlFailure }> {
  const nameId = (signedNameId ?? "").trim();
  if (!nameId) {
    return {
      failure: failure("NAMEID_MISSING", "The assertion carries no NameID.", {
        check: "NameID",
        actual: "(none)",
      }),
    };
  }
  const field = account.platform === "micloud" ? "Username" : "Email";
  const user = await directory.findForLogin(account, nameId);
  if (!user) {
    return {
      failure: failure("USER_NOT_FOUND", `No user of this account has ${field} ${nameId}.`, {
        check: "user match",
        expected: `a user whose ${field} equals the NameID`,
        actual: nameId,
      }),
    };
  }
  if (user.status !== "active") {
    return {
      failure: failure(
        "USER_NOT_ACTIVE",
        `The user ${nameId} exists but is ${user.status === "pending" ? "not activated yet" : "disabled"}.`,
        { check: "user status", expected: "active", actual: user.status },
      ),
    };
  }
  return { user, nameId };
}
