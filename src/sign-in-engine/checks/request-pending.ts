import { iso, responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/**
 * The request the response answers was issued by this account, has not expired and was not used
 * yet. Checked before node-saml, as node-saml's own InResponseTo check is, so the ACS and Analyze
 * name the same code; Analyze of a captured response reports it as the one thing it cannot know.
 */
export const requestPendingCheck: Check = {
  id: "request",
  code: "UNKNOWN_REQUEST",
  title: "Request issued here, unused, unexpired",
  expects: () => "a request issued by this account, unused and unexpired",
  requestState: true,
  evaluate(f) {
    const r = f.request;
    if (!r || r.state === "none") return skip("no request ID");
    if (r.state === "pending") return pass(`${r.record.id}: issued at ${iso(r.record.createdAt)}, unused`);
    if (r.state === "consumed") {
      return fail(
        "This response's request was already used for a sign-in.",
        `${r.record.id}: issued at ${iso(r.record.createdAt)}, used at ${iso(r.record.consumedAt ?? 0)}`,
        { code: "RESPONSE_REPLAYED" },
      );
    }
    if (r.state === "expired") {
      return fail(
        "The response answers a request this account did not issue, or one that expired.",
        `${r.record.id}: issued at ${iso(r.record.createdAt)}, expired at ${iso(r.record.expiresAt)}`,
      );
    }
    return fail(
      "The response answers a request this account did not issue, or one that expired.",
      `${responseOf(f)?.inResponseTo ?? "(none)"}: not issued by this account (or no longer known here)`,
    );
  },
};
