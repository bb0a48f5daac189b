/**
 * What Entra checks in an AuthnRequest before it shows the sign-in page (DESIGN §3), in the order
 * the simulator applies them: the Issuer names an application (AADSTS700016), the
 * AssertionConsumerServiceURL, when sent, is the application's Reply URL (AADSTS50011), the ID does
 * not start with a digit (AADSTS7500529), there is no Subject (AADSTS900236), and the NameIDPolicy
 * format, when sent, is one Entra supports (AADSTS75016).
 */
import type { SimApp, SimTenant } from "../state/model.js";
import { ALLOWED_NAME_ID_POLICY_FORMATS, type EntraError, entraErrors } from "./entra-errors.js";
import type { ParsedAuthnRequest } from "./parse-authn-request.js";

export type AuthnRequestCheck = { ok: true; app: SimApp } | { ok: false; error: EntraError };

export function checkAuthnRequest(
  request: ParsedAuthnRequest,
  tenant: SimTenant,
  apps: readonly SimApp[],
): AuthnRequestCheck {
  const app =
    request.issuer === null ? undefined : apps.find((candidate) => candidate.identifier === request.issuer);
  if (!app) {
    return { ok: false, error: entraErrors.applicationNotFound(request.issuer, tenant.name) };
  }
  if (request.acsUrl !== null && request.acsUrl !== app.replyUrl) {
    return { ok: false, error: entraErrors.replyUrlMismatch(request.acsUrl, app.appId, app.replyUrl) };
  }
  if (/^[0-9]/.test(request.id)) {
    return { ok: false, error: entraErrors.idStartsWithDigit(request.id) };
  }
  if (request.hasSubject) {
    return { ok: false, error: entraErrors.subjectPresent() };
  }
  const format = request.nameIdPolicyFormat;
  if (format !== null && !ALLOWED_NAME_ID_POLICY_FORMATS.includes(format)) {
    return { ok: false, error: entraErrors.nameIdPolicyUnsupported(format) };
  }
  return { ok: true, app };
}
