import { assertionOf, responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** SAML 2.0 only: Entra always sends Version="2.0" on the Response and the Assertion. */
export const versionCheck: Check = {
  id: "version",
  code: "UNSUPPORTED_SAML_VERSION",
  title: "SAML version",
  expects: () => 'Version="2.0" on the Response and the Assertion',
  evaluate(f) {
    const r = responseOf(f);
    const a = assertionOf(f);
    if (!r || !a || !f.nodeSaml) return skip("not reached");
    if (r.version === "2.0" && a.version === "2.0") return pass("2.0");
    return fail(
      "The message is not SAML 2.0 (Version attribute); Entra always sends 2.0.",
      `Response ${r.version ?? "(none)"}, Assertion ${a.version ?? "(none)"}`,
    );
  },
};
