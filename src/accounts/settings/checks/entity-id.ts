import { checkEntityId } from "../entity-id-rules.js";
import { recogniseEntraValue, tenantOfIdentifier, tenantOfLoginUrl } from "../entra-shapes.js";
import type { SettingsCheck } from "./settings-check.js";

/**
 * Entity ID (Microsoft Entra Identifier): compared exactly with the Issuer of every response.
 * A value shaped like another Entra value (no trailing slash, the v2.0 issuer, the Login URL, the
 * metadata URL) or from another tenant than the Sign-in URL is never the Issuer Entra sends:
 * every sign-in fails with ISSUER_MISMATCH, so it is an error here, not a warning.
 */
export const entityIdSetting: SettingsCheck = {
  id: "entity-id",
  code: "ISSUER_MISMATCH",
  evaluate({ account, platform }) {
    const label = platform.wording.idpEntityIdField;
    const value = account.sso.idpEntityId;
    if (!value) return { state: "todo", detail: 'Paste the "Microsoft Entra Identifier".' };
    const signInUrlTenant = tenantOfLoginUrl(account.sso.idpSignInUrl);
    const check = checkEntityId(value, { label, signInUrlTenant });
    if (check.error) return { state: "error", detail: check.error, code: this.code };
    const detail = [value, ...check.warnings].join(" ");
    const lookalike = recogniseEntraValue(value);
    const otherTenant =
      tenantOfIdentifier(value) && signInUrlTenant && tenantOfIdentifier(value) !== signInUrlTenant;
    if ((lookalike && lookalike.kind !== "identifier") || otherTenant) {
      return {
        state: "error",
        detail: `${detail} Every sign-in would fail with ISSUER_MISMATCH.`,
        code: this.code,
      };
    }
    return { state: check.warnings.length > 0 ? "warn" : "ok", detail };
  },
};
