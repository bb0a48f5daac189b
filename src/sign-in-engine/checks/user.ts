import { assertionOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

export const nameIdCheck: Check = {
  id: "nameid",
  code: "NAMEID_MISSING",
  title: "NameID",
  expects: () => "a NameID",
  evaluate(f) {
    const a = assertionOf(f);
    if (!a || f.userMatch === undefined) return skip("not reached");
    const nameId = (a.nameId ?? "").trim();
    return nameId ? pass(nameId) : fail("The assertion carries no NameID.", "(none)");
  },
};

/** The platform's user match: MiCloud compares the Username, CloudLink the Email. */
export const userFoundCheck: Check = {
  id: "user",
  code: "USER_NOT_FOUND",
  title: "User match",
  expects: (f) => `a user whose ${f.userMatch?.loginField ?? "login"} equals the NameID`,
  evaluate(f) {
    const m = f.userMatch;
    if (!m?.nameId?.trim()) return skip("no NameID to match");
    const nameId = m.nameId.trim();
    const u = m.matchedUser;
    if (!u) {
      return fail(`No user of this account has ${m.loginField} ${nameId}.`, nameId, {
        hint: m.nearMisses.find((n) => n.kind !== "not-active")?.text ?? null,
      });
    }
    const stored = m.loginField === "Username" ? u.username : u.email;
    return pass(
      `${u.name} (${u.username ?? u.email})`,
      stored !== null && stored !== nameId
        ? `matched ${JSON.stringify(stored)} ignoring letter case and outer spaces (the ${m.loginField} is compared that way)`
        : null,
    );
  },
};

export const userActiveCheck: Check = {
  id: "user-active",
  code: "USER_NOT_ACTIVE",
  title: "User active",
  expects: () => "active",
  evaluate(f) {
    const u = f.userMatch?.matchedUser;
    if (!u) return skip("no user matched");
    if (u.status === "active") return pass("active");
    return fail(
      `The user ${f.userMatch?.nameId ?? ""} exists but is ${u.status === "pending" ? "not activated yet" : "disabled"}.`,
      u.status,
      { hint: f.userMatch?.nearMisses.find((n) => n.kind === "not-active")?.text ?? null },
    );
  },
};
