import type { Profile } from "@node-saml/node-saml";
import type { AccountRecord } from "../../domain/account.js";
import { failure, type SamlFailure } from "../../errors.js";
import { singleLogoutUrl } from "../sp-identifiers.js";
import { decodeLogoutMessage, type LogoutMessage, type LogoutMessageKind } from "./decode-logout-message.js";
import { isConfiguredIssuer } from "./entra-issuer.js";
import { logoutSaml, oneRequestCache, type RedirectQuery } from "./logout-saml.js";

export interface LogoutCheckInput {
  account: AccountRecord;
  publicUrl: string;
  clockSkewMs: number;
  requestTtlMs: number;
  /** The parsed query of the Single Logout endpoint. */
  query: Record<string, unknown>;
  /** The query string as it arrived (after "?"): the redirect signature covers these exact bytes. */
  originalQuery: string;
  /** LogoutResponse: the LogoutRequest this browser's session sent and still waits for (null: none). */
  expectedRequestId?: string | null;
}

export type LogoutCheck =
  | { ok: true; message: LogoutMessage; profile: Profile | null }
  | { ok: false; failure: SamlFailure; message: LogoutMessage | null };

const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";

/**
 * Checks a LogoutRequest or LogoutResponse at the Single Logout endpoint, in this order: a usable
 * message (bounded decode) → signed (Entra signs both, HTTP-Redirect) → the signature verifies with
 * a configured certificate (node-saml) → Issuer is the configured tenant → Destination, when
 * present, is this endpoint → LogoutResponse: answers the request this session sent, with Success
 * → node-saml's whole logout validation, which must agree. Plain data in, plain data out.
 */
export async function checkLogoutMessage(
  kind: LogoutMessageKind,
  input: LogoutCheckInput,
): Promise<LogoutCheck> {
  const param = kind === "LogoutRequest" ? "SAMLRequest" : "SAMLResponse";
  const { account, query } = input;
  const encoded = query[param];
  if (typeof encoded !== "string") {
    return refuse(failure("SLO_MESSAGE_MALFORMED", `The ${param} query parameter is missing or repeated.`));
  }
  const decoded = decodeLogoutMessage(encoded, kind);
  if (!decoded.ok) return refuse(failure("SLO_MESSAGE_MALFORMED", `${decoded.reason}.`));
  const message = decoded.message;
  const fail = (f: SamlFailure): LogoutCheck => ({ ok: false, failure: f, message });

  const { Signature: signature, SigAlg: sigAlg } = query;
  if (typeof signature !== "string" || typeof sigAlg !== "string" || signature === "") {
    return fail(
      failure("SLO_SIGNATURE_MISSING", `The ${kind} has no Signature and SigAlg query parameters.`, {
        check: "signature",
        expected: "Signature and SigAlg (HTTP-Redirect binding)",
        actual: "none",
      }),
    );
  }
  const accepted = account.sso.allowSha1 ? [RSA_SHA256, RSA_SHA1] : [RSA_SHA256];
  if (!accepted.includes(sigAlg)) {
    return fail(
      failure("SLO_SIGNATURE_INVALID", `The ${kind} is signed with ${sigAlg}, which is not accepted.`, {
        check: "signature",
        expected: accepted.join(" or "),
        actual: sigAlg,
      }),
    );
  }
  const saml = logoutSaml(account, {
    publicUrl: input.publicUrl,
    clockSkewMs: input.clockSkewMs,
    requestTtlMs: input.requestTtlMs,
    cacheProvider: oneRequestCache(input.expectedRequestId ?? null),
  });
  const redirectQuery = query as RedirectQuery;
  try {
    await saml.verifyRedirectSignature(redirectQuery, input.originalQuery);
  } catch (err) {
    return fail(
      failure(
        "SLO_SIGNATURE_INVALID",
        `The ${kind}'s signature does not verify with a configured certificate (${messageOf(err)}).`,
        { check: "signature", expected: "a signature by a configured certificate", actual: messageOf(err) },
      ),
    );
  }

  if (!isConfiguredIssuer(message.issuer, account.sso.idpEntityId)) {
    return fail(
      failure("SLO_ISSUER_MISMATCH", `The ${kind} comes from ${message.issuer ?? "no Issuer"}.`, {
        check: "issuer",
        expected: account.sso.idpEntityId,
        actual: message.issuer ?? "(none)",
      }),
    );
  }
  const endpoint = singleLogoutUrl(account, input.publicUrl);
  if (message.destination !== null && message.destination !== endpoint) {
    return fail(
      failure("SLO_DESTINATION_MISMATCH", `The ${kind} was sent to ${message.destination}.`, {
        check: "destination",
        expected: endpoint,
        actual: message.destination,
      }),
    );
  }
  if (kind === "LogoutResponse") {
    const expected = input.expectedRequestId ?? null;
    if (expected === null || message.inResponseTo !== expected) {
      return fail(
        failure(
          "SLO_UNKNOWN_REQUEST",
          expected === null
            ? "No sign-out was started in this browser (or it expired), so this LogoutResponse answers nothing."
            : "The LogoutResponse answers another LogoutRequest than the one this browser sent.",
          {
            check: "inResponseTo",
            expected: expected ?? "(no sign-out pending)",
            actual: message.inResponseTo ?? "(none)",
          },
        ),
      );
    }
    if (message.statusCode !== "urn:oasis:names:tc:SAML:2.0:status:Success") {
      const status = [message.statusCode, message.subStatusCode].filter(Boolean).join(" / ");
      // Entra's StatusMessage is a sentence already; the cause adds its own full stop.
      const said = message.statusMessage?.replace(/\.+$/, "");
      return fail(
        failure(
          "SLO_ERROR_STATUS",
          `Entra answered the sign-out with ${status || "no status"}${said ? `: ${said}` : ""}.`,
          {
            check: "status",
            expected: "urn:oasis:names:tc:SAML:2.0:status:Success",
            actual: status || "(none)",
          },
        ),
      );
    }
  }

  try {
    const result = await saml.validateRedirectAsync(redirectQuery, input.originalQuery);
    return { ok: true, message, profile: result.profile };
  } catch (err) {
    // Every specific check above passed, so this is node-saml refusing what we read as fine.
    return fail(failure("SLO_MESSAGE_MALFORMED", `The ${kind} was refused: ${messageOf(err)}.`));
  }
}

function refuse(f: SamlFailure): LogoutCheck {
  return { ok: false, failure: f, message: null };
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}
