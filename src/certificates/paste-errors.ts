/**
 * Why a paste was refused, worded for the admin at the Mitel portal: what they pasted, and what
 * to paste instead. Codes are stable for callers and tests; messages may be reworded.
 */
export type PastedCertificateErrorCode =
  | "EMPTY"
  | "DER_BINARY"
  | "METADATA_XML"
  | "PRIVATE_KEY"
  | "PUBLIC_KEY"
  | "CERTIFICATE_REQUEST"
  | "THUMBPRINT"
  | "URL"
  | "MULTIPLE_NOT_ALLOWED"
  | "NOT_A_CERTIFICATE";

export interface PastedCertificateError {
  code: PastedCertificateErrorCode;
  message: string;
}

/** Why one block of a paste is unusable (see pem-blocks.ts for the first two). */
export type BlockProblem = "missing-end" | "missing-begin" | "damaged";

const WHERE = "Mitel Connect > Single sign-on > SAML Signing Certificate";
const PASTE_BASE64 = `Paste the text of "Certificate (Base64)" from ${WHERE}`;
const STARTS_WITH = "(it starts with -----BEGIN CERTIFICATE-----)";
const INSTEAD = `${PASTE_BASE64} instead ${STARTS_WITH}.`;

function refuse(code: PastedCertificateErrorCode, message: string): PastedCertificateError {
  return { code, message };
}

/** "The certificate" for a single block; "Certificate 2 of 3" when there are several to tell apart. */
function whichBlock(index: number, total: number): string {
  return total === 1 ? "The certificate" : `Certificate ${index + 1} of ${total}`;
}

const BLOCK_PROBLEMS: Record<BlockProblem, string> = {
  "missing-end": `is cut off: its -----END CERTIFICATE----- line is missing. ${PASTE_BASE64}, all of it, from the BEGIN line to the END line.`,
  "missing-begin": `is cut off: its -----BEGIN CERTIFICATE----- line is missing. ${PASTE_BASE64}, all of it, from the BEGIN line to the END line.`,
  damaged: `is damaged: its text does not decode to an X.509 certificate. Download "Certificate (Base64)" from ${WHERE} again and paste its whole text without editing it.`,
};

export const pasteErrors = {
  empty: () => refuse("EMPTY", `Nothing was pasted. ${PASTE_BASE64} ${STARTS_WITH}.`),
  derBinary: () =>
    refuse(
      "DER_BINARY",
      'This looks like the binary "Certificate (Raw)" download. Download "Certificate (Base64)" instead and paste its text (it starts with -----BEGIN CERTIFICATE-----).',
    ),
  metadataXml: () =>
    refuse(
      "METADATA_XML",
      `This looks like Entra's Federation Metadata XML, not a certificate. ${PASTE_BASE64}, or use Import Federation Metadata XML.`,
    ),
  privateKey: () =>
    refuse(
      "PRIVATE_KEY",
      `This is a private key, not a certificate. Never paste a private key here: only the public certificate is needed. ${INSTEAD}`,
    ),
  publicKey: () =>
    refuse(
      "PUBLIC_KEY",
      `This is a bare public key, not a certificate (which also names the issuer and dates). ${INSTEAD}`,
    ),
  certificateRequest: () =>
    refuse(
      "CERTIFICATE_REQUEST",
      `This is a certificate signing request (CSR), not a certificate. Entra creates its signing certificate itself. ${INSTEAD}`,
    ),
  thumbprint: () =>
    refuse(
      "THUMBPRINT",
      `This looks like a certificate thumbprint, not the certificate itself. Download "Certificate (Base64)" from ${WHERE} and paste its whole text ${STARTS_WITH}.`,
    ),
  url: () =>
    refuse(
      "URL",
      `This is a web address, not a certificate. Sign-in URLs and identifiers go in their own boxes. ${INSTEAD}`,
    ),
  multipleNotAllowed: (count: number) =>
    refuse(
      "MULTIPLE_NOT_ALLOWED",
      `You pasted ${count} different certificates, but this box takes only one. Paste only the active certificate: the text of "Certificate (Base64)" from ${WHERE}.`,
    ),
  notACertificate: () => refuse("NOT_A_CERTIFICATE", `This is not a certificate. ${INSTEAD}`),
  binaryData: () =>
    refuse("NOT_A_CERTIFICATE", `This is binary data, not the text of a certificate. ${INSTEAD}`),
  markup: () =>
    refuse("NOT_A_CERTIFICATE", `This looks like a web page or XML document, not a certificate. ${INSTEAD}`),
  otherPemBlock: (label: string) =>
    refuse("NOT_A_CERTIFICATE", `This is a "${label}" block, not a certificate. ${INSTEAD}`),
  brokenBlock: (problem: BlockProblem, index: number, total: number) =>
    refuse("NOT_A_CERTIFICATE", `${whichBlock(index, total)} ${BLOCK_PROBLEMS[problem]}`),
};
