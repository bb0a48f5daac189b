import type { Platform } from "../../platforms/index.js";
import type { ImportedIdpValues } from "./federation-metadata-import.js";

/** What the import filled in, in the platform's words, so the admin can review before saving. */
export function summariseImport(
  values: ImportedIdpValues,
  platform: Platform,
): { filled: string[]; notes: string[] } {
  const words = platform.wording;
  const filled: string[] = [];
  const notes: string[] = [];
  if (values.signInUrl) filled.push(`${words.signInUrlField}: ${values.signInUrl}`);
  else
    notes.push(
      `${words.signInUrlField} was not filled: the metadata has no HTTP-Redirect SingleSignOnService.`,
    );
  if (values.entityId) filled.push(`${words.idpEntityIdField}: ${values.entityId}`);
  else notes.push(`${words.idpEntityIdField} was not filled: the EntityDescriptor has no entityID.`);
  const count = values.certificates.length;
  for (const cert of values.certificates) {
    filled.push(`${words.certificateField}: ${cert.subject} (thumbprint ${cert.sha1Thumbprint})`);
  }
  if (count === 0)
    notes.push(`${words.certificateField} was not filled: the metadata has no signing certificate.`);
  if (count > 1 && !platform.allowsMultipleCertificates) {
    notes.push(
      `The metadata holds ${count} signing certificates, but ${words.productName} takes only one: keep the one Entra shows as Active and delete the ${count === 2 ? "other" : `other ${count - 1}`} before saving.`,
    );
  }
  if (values.skippedCertificates > 0) {
    notes.push(
      `${values.skippedCertificates} certificate(s) in the metadata could not be read and were left out.`,
    );
  }
  return { filled, notes };
}
