import type { CheckInputs } from "./check-inputs.js";
import type { Verdict } from "./types.js";
import { verdict } from "./verdict.js";

/** The NameID, the platform's user match (with the near-miss as the hint) and the user's status. */
export function userChecks(input: CheckInputs): Verdict[] {
  const a = input.facts.assertion;
  const out: Verdict[] = [];
  const nameId = (a?.nameId ?? "").trim();
  if (a?.nameIdHasMarkup) {
    out.push(
      verdict("nameid", "NameID", "SAML_RESPONSE_MALFORMED", "fail", "plain text", "text split by markup"),
    );
  } else {
    out.push(
      verdict("nameid", "NameID", "NAMEID_MISSING", nameId ? "pass" : "fail", "a NameID", nameId || "(none)"),
    );
  }
  const m = input.userMatch;
  if (!m || !nameId) {
    out.push(verdict("user", "User match", "USER_NOT_FOUND", "skip", "", "no NameID to match"));
    return out;
  }
  const stored = m.matchedUser
    ? m.loginField === "Username"
      ? m.matchedUser.username
      : m.matchedUser.email
    : null;
  const hint = m.matchedUser
    ? stored !== null && stored !== nameId
      ? `matched ${JSON.stringify(stored)} ignoring letter case and outer spaces (the ${m.loginField} is compared that way)`
      : null
    : (m.nearMisses.find((n) => n.kind !== "not-active")?.text ?? null);
  out.push(
    verdict(
      "user",
      "User match",
      "USER_NOT_FOUND",
      m.matchedUser ? "pass" : "fail",
      `a user whose ${m.loginField} equals the NameID`,
      m.matchedUser ? `${m.matchedUser.name} (${m.matchedUser.username ?? m.matchedUser.email})` : nameId,
      hint,
    ),
  );
  if (m.matchedUser) {
    out.push(
      verdict(
        "user-active",
        "User active",
        "USER_NOT_ACTIVE",
        m.matchedUser.status === "active" ? "pass" : "fail",
        "active",
        m.matchedUser.status,
        m.nearMisses.find((n) => n.kind === "not-active")?.text ?? null,
      ),
    );
  }
  return out;
}
