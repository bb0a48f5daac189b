import { responseOf, SUCCESS } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

const short = (uri: string | null) => (uri ? (uri.split(":").pop() ?? uri) : null);

/** Entra answers errors (AADSTS…) with a non-Success status and no assertion. */
export const statusCheck: Check = {
  id: "status",
  code: "IDP_ERROR_STATUS",
  title: "Status",
  expects: () => "Success",
  evaluate(f) {
    const r = responseOf(f);
    if (!r?.isResponse) return skip("no SAML Response");
    const actual =
      [short(r.statusCode), short(r.statusSubCode), r.statusMessage?.split("\n")[0]]
        .filter(Boolean)
        .join(" / ") || "(none)";
    if (r.statusCode === SUCCESS) return pass(actual);
    const aadsts = r.statusMessage?.match(/AADSTS\d+/)?.[0];
    return fail(
      aadsts
        ? `Entra answered with an error instead of signing you in: ${aadsts}.`
        : `The identity provider answered with status ${short(r.statusCode) ?? "(none)"} instead of Success.`,
      actual,
    );
  },
};
