import type { AccountRecord, SsoSettings } from "../../domain/account.js";
import type { Platform } from "../../platforms/index.js";
import { missingSsoFields } from "../sso-readiness.js";
import { type CertificateView, checkPastedCertificates } from "./certificate-feedback.js";
import { checkEntityId } from "./entity-id-rules.js";
import { tenantOfLoginUrl } from "./entra-shapes.js";
import { checkSignInUrl } from "./sign-in-url-rules.js";

/** What the settings form (and PUT /api/v1/accounts/:id/sso) submits. */
export interface SsoSettingsInput {
  enabled: boolean;
  idpSignInUrl: string;
  idpEntityId: string;
  /** The "Signing Certificate" box: one certificate, or several one after another (CloudLink). */
  idpCertificate: string;
  /** CloudLink's "Enable Mitel Credentials (Optional)"; ignored for MiCloud. */
  mitelCredentialsAllowed?: boolean;
}

export type SsoField = "enabled" | "idpSignInUrl" | "idpEntityId" | "idpCertificate";

export interface FieldMessage {
  field: SsoField;
  message: string;
}

export type SsoSettingsCheck =
  | { ok: true; patch: Partial<SsoSettings>; warnings: FieldMessage[]; certificates: CertificateView[] }
  | { ok: false; errors: FieldMessage[]; warnings: FieldMessage[]; certificates: CertificateView[] };

export interface ValidateOptions {
  now: Date;
  /** Origins allowed over plain http besides localhost (the configured simulator's). */
  httpOrigins?: string[];
}

/**
 * Checks a submitted settings form as a whole: each pasted value on its own, then the rule that
 * Single Sign-On cannot be enabled while a required value is missing (the message names them).
 * Nothing is stored unless everything passes; warnings never stop a save.
 */
export function validateSsoSettings(
  account: AccountRecord,
  platform: Platform,
  input: SsoSettingsInput,
  options: ValidateOptions,
): SsoSettingsCheck {
  const words = platform.wording;
  const signInUrl = checkSignInUrl(input.idpSignInUrl, {
    label: words.signInUrlField,
    httpOrigins: options.httpOrigins ?? [],
  });
  const entityId = checkEntityId(input.idpEntityId, {
    label: words.idpEntityIdField,
    signInUrlTenant: signInUrl.error ? null : tenantOfLoginUrl(signInUrl.value),
  });
  const certificate = checkPastedCertificates(input.idpCertificate, {
    allowMultiple: platform.allowsMultipleCertificates,
    now: options.now,
    label: words.certificateField,
  });

  const errors: FieldMessage[] = [];
  const warnings: FieldMessage[] = [];
  const collect = (field: SsoField, check: { error: string | null; warnings: string[] }) => {
    if (check.error) errors.push({ field, message: check.error });
    for (const message of check.warnings) warnings.push({ field, message });
  };
  collect("idpSignInUrl", signInUrl);
  collect("idpEntityId", entityId);
  collect("idpCertificate", certificate);

  const patch: Partial<SsoSettings> = {
    enabled: input.enabled,
    idpSignInUrl: signInUrl.value,
    idpEntityId: entityId.value,
    idpCertificates: certificate.certificates.map((c) => c.pem),
    mitelCredentialsAllowed: platform.supportsMitelCredentials && (input.mitelCredentialsAllowed ?? false),
    integrationAdded: true,
  };
  if (input.enabled) {
    const missing = missingSsoFields({ ...account, sso: { ...account.sso, ...patch } });
    // A field refused above is not "missing": its own message already says what is wrong.
    const unexplained = missing.filter((name) => !errors.some((e) => e.message.startsWith(`${name}:`)));
    if (unexplained.length > 0) {
      errors.push({
        field: "enabled",
        message: `Single Sign-On cannot be enabled yet: ${joinNames(unexplained)} ${unexplained.length === 1 ? "is" : "are"} missing. Fill ${unexplained.length === 1 ? "it" : "them"} in, or save without enabling.`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors, warnings, certificates: certificate.certificates };
  return { ok: true, patch, warnings, certificates: certificate.certificates };
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
