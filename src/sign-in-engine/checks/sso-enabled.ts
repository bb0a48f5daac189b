import { ssoNotReady } from "../../accounts/sso-readiness.js";
import type { Check } from "../check.js";
import { fail, pass } from "../check.js";

/** A settings-level check: SSO is on and Sign-in URL, Entity ID and Signing Certificate are set. */
export const ssoEnabledCheck: Check = {
  id: "sso-enabled",
  code: "IDP_NOT_CONFIGURED",
  title: "Single Sign-On enabled and configured",
  expects: () => "enabled, with Sign-in URL, Entity ID and Signing Certificate",
  evaluate(f) {
    const refused = ssoNotReady(f.account);
    if (!refused) return pass("enabled and configured");
    return fail(refused.reason, refused.code === "SSO_DISABLED" ? "disabled" : (refused.actual ?? ""), {
      code: refused.code,
    });
  },
};
