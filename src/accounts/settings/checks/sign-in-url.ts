import { recogniseEntraValue, tenantOfLoginUrl } from "../entra-shapes.js";
import { checkSignInUrl } from "../sign-in-url-rules.js";
import type { SettingsCheck } from "./settings-check.js";

/**
 * Sign-in URL (Entra's Login URL): where the AuthnRequest goes. Another Entra value pasted here
 * (the Identifier, the metadata URL) is not a sign-in endpoint: every sign-in stops there.
 */
export const signInUrlSetting: SettingsCheck = {
  id: "sign-in-url",
  code: "IDP_NOT_CONFIGURED",
  evaluate({ account, platform, httpOrigins }) {
    const label = platform.wording.signInUrlField;
    const value = account.sso.idpSignInUrl;
    if (!value) return { state: "todo", detail: 'Paste Entra\'s "Login URL".' };
    const check = checkSignInUrl(value, { label, httpOrigins });
    if (check.error) return { state: "error", detail: check.error, code: this.code };
    const lookalike = tenantOfLoginUrl(value) ? null : recogniseEntraValue(value);
    if (lookalike) {
      return {
        state: "error",
        detail: `${[value, ...check.warnings].join(" ")} Every sign-in would be sent there and stop.`,
        code: this.code,
      };
    }
    return { state: check.warnings.length > 0 ? "warn" : "ok", detail: [value, ...check.warnings].join(" ") };
  },
};
