export {
  type CertificateInfo,
  certificateFromDer,
  describeCertificate,
  formatDistinguishedName,
} from "./certificate-info.js";
export {
  type ParsedCertificatesResult,
  type ParsePastedCertificatesOptions,
  parsePastedCertificates,
} from "./parse-pasted-certificates.js";
export type { PastedCertificateError, PastedCertificateErrorCode } from "./paste-errors.js";
export { assessValidity, type ValidityAssessment, type ValidityState } from "./validity.js";
