import type { Check } from "./check.js";
import { algorithmCheck } from "./checks/algorithm.js";
import { assertionCountCheck } from "./checks/assertion-count.js";
import { assertionIdCheck } from "./checks/assertion-id.js";
import { assertionSignedCheck } from "./checks/assertion-signed.js";
import { audienceCheck } from "./checks/audience.js";
import { bearerCheck, bearerWindowCheck, recipientCheck } from "./checks/bearer.js";
import { browserCheck } from "./checks/browser.js";
import { decryptionCheck } from "./checks/decryption.js";
import { destinationCheck } from "./checks/destination.js";
import { encodingCheck } from "./checks/encoding.js";
import { inResponseToCheck } from "./checks/in-response-to.js";
import { inResponseToSignedCheck } from "./checks/in-response-to-signed.js";
import { issueInstantCheck } from "./checks/issue-instant.js";
import { assertionIssuerCheck, responseIssuerCheck } from "./checks/issuer.js";
import { messageTypeCheck } from "./checks/message-type.js";
import { nameIdMarkupCheck } from "./checks/nameid-markup.js";
import { replayCheck } from "./checks/replay.js";
import { requestPendingCheck } from "./checks/request-pending.js";
import { requestUsedOnceCheck } from "./checks/request-used-once.js";
import { responseSignedCheck } from "./checks/response-signed.js";
import { sameAssertionCheck } from "./checks/same-assertion.js";
import { sessionNotOnOrAfterCheck } from "./checks/session-not-on-or-after.js";
import { signatureCheck } from "./checks/signature.js";
import { signaturePlacementCheck } from "./checks/signature-placement.js";
import { signatureShapeCheck } from "./checks/signature-shape.js";
import { signingCertificateCheck } from "./checks/signing-certificate.js";
import { ssoEnabledCheck } from "./checks/sso-enabled.js";
import { statusCheck } from "./checks/status.js";
import { notBeforeCheck, notOnOrAfterCheck } from "./checks/time-window.js";
import { uniqueIdsCheck } from "./checks/unique-ids.js";
import { nameIdCheck, userActiveCheck, userFoundCheck } from "./checks/user.js";
import { versionCheck } from "./checks/version.js";
import { xmlCheck } from "./checks/xml.js";
import {
  browserStep,
  consumeStep,
  decodeStep,
  decryptStep,
  type Gather,
  nodeSamlStep,
  parseStep,
  replayStep,
  requestStep,
  userStep,
} from "./gather.js";

export type Step = { check: Check } | { gather: Gather };

const checks = (...list: Check[]): Step[] => list.map((check) => ({ check }));

/**
 * The sign-in, in the order the ACS runs it. The first failing check decides; every check after
 * it that can still be evaluated read-only is shown too, so the admin sees the whole picture.
 */
export const SIGN_IN_STEPS: readonly Step[] = [
  { gather: decodeStep },
  ...checks(encodingCheck),
  { gather: parseStep },
  { gather: decryptStep },
  ...checks(
    xmlCheck,
    ssoEnabledCheck,
    messageTypeCheck,
    statusCheck,
    decryptionCheck,
    assertionCountCheck,
    uniqueIdsCheck,
    assertionSignedCheck,
    signaturePlacementCheck,
    responseSignedCheck,
    signatureShapeCheck,
    algorithmCheck,
    nameIdMarkupCheck,
    inResponseToCheck,
  ),
  { gather: requestStep },
  ...checks(requestPendingCheck),
  { gather: nodeSamlStep },
  ...checks(
    signingCertificateCheck,
    signatureCheck,
    notOnOrAfterCheck,
    notBeforeCheck,
    audienceCheck,
    sameAssertionCheck,
    assertionIssuerCheck,
    responseIssuerCheck,
    destinationCheck,
    bearerCheck,
    recipientCheck,
    bearerWindowCheck,
    inResponseToSignedCheck,
    assertionIdCheck,
    versionCheck,
    issueInstantCheck,
    sessionNotOnOrAfterCheck,
  ),
  { gather: browserStep },
  ...checks(browserCheck),
  { gather: consumeStep },
  ...checks(requestUsedOnceCheck),
  { gather: replayStep },
  ...checks(replayCheck),
  { gather: userStep },
  ...checks(nameIdCheck, userFoundCheck, userActiveCheck),
];

/** Every check of the engine, once each, in order (for docs, tests and mutation testing). */
export const ALL_CHECKS: readonly Check[] = SIGN_IN_STEPS.flatMap((s) => ("check" in s ? [s.check] : []));
