/**
 * The simulator's tampering faults: responses real Entra never sends (altered on the way, forged,
 * or from a broken IdP), each shaped so that it fails exactly one check of a strict SP, not an
 * earlier one. A tampering either changes what is built before signing (so the signature still
 * verifies and a later check is reached) or changes the signed XML afterwards (for the checks that
 * run before the signature). One entry per tampering; the fault form lists them in this order.
 */
import { randomUUID } from "node:crypto";
import {
  defaultEntraIssuer,
  type ResponseInput,
  SAML_ASSERTION_NS,
  SAML_PROTOCOL_NS,
} from "./build-response.js";

export interface Tampering {
  /** The fault form's label. */
  label: string;
  /** What it does, as the form's help says it. */
  effect: string;
  /** Changes the response before it is signed. */
  beforeSigning?: (input: ResponseInput) => ResponseInput;
  /** Changes the signed response (one-line XML) afterwards. */
  afterSigning?: (xml: string, input: ResponseInput) => string;
}

/** What the wrong-Recipient-only tampering puts in SubjectConfirmationData@Recipient. */
export const TAMPERED_RECIPIENT = "https://recipient-only.entra-sim.invalid/saml/acs";
/** How many values the oversized group claim carries (Entra sends a groups link from 150 on). */
const OVERSIZED_GROUP_COUNT = 400;
const GROUPS_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";

export const TAMPERINGS = {
  "recipient-only": {
    label: "Wrong Recipient only",
    effect: `SubjectConfirmationData Recipient ${TAMPERED_RECIPIENT}; Destination stays the Reply URL.`,
    beforeSigning: (input) => ({ ...input, recipient: TAMPERED_RECIPIENT }),
  },
  "no-bearer": {
    label: "No bearer confirmation",
    effect: "SubjectConfirmation Method holder-of-key instead of bearer.",
    beforeSigning: (input) => ({
      ...input,
      shape: { ...input.shape, confirmationMethod: "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key" },
    }),
  },
  "no-nameid": {
    label: "No NameID",
    effect: "The Subject carries no NameID.",
    beforeSigning: (input) => ({ ...input, shape: { ...input.shape, omitNameId: true } }),
  },
  "two-assertions": {
    label: "Two assertions",
    effect: "A copy of the signed assertion is added after it.",
    afterSigning: (xml) => {
      const start = xml.indexOf("<Assertion ");
      const end = xml.indexOf("</Assertion>", start);
      if (start === -1 || end === -1) return xml;
      const assertion = xml.slice(start, end + "</Assertion>".length);
      return xml.slice(0, start) + assertion + assertion + xml.slice(start + assertion.length);
    },
  },
  "changed-after-signing": {
    label: "Changed after signing",
    effect: "The displayname claim is changed after the assertion was signed.",
    afterSigning: (xml) =>
      xml.replace(
        /(<Attribute Name="http:\/\/schemas\.microsoft\.com\/identity\/claims\/displayname"><AttributeValue>)([^<]*)/,
        "$1$2 (changed)",
      ),
  },
  doctype: {
    label: "DOCTYPE",
    effect: "A DOCTYPE declaration before the Response.",
    afterSigning: (xml) => `<!DOCTYPE samlp:Response>${xml}`,
  },
  "logout-request": {
    label: "A LogoutRequest instead of a Response",
    effect: "Posts a SAML LogoutRequest to the Reply URL, as when the Logout URL points at it.",
    afterSigning: (_xml, input) => logoutRequestXml(input),
  },
  "not-xml": {
    label: "Cut short",
    effect: "The response's last 40 characters are cut off (no longer XML).",
    afterSigning: (xml) => xml.slice(0, -40),
  },
  "empty-form": {
    label: "Empty SAMLResponse field",
    effect: "The form posts an empty SAMLResponse.",
    afterSigning: () => "",
  },
  oversized: {
    label: `${OVERSIZED_GROUP_COUNT} group claims`,
    effect: `A groups claim with ${OVERSIZED_GROUP_COUNT} values (Entra sends a link to Graph instead from 150 groups on).`,
    beforeSigning: (input) => ({
      ...input,
      claims: [
        ...input.claims,
        {
          name: GROUPS_CLAIM,
          values: Array.from({ length: OVERSIZED_GROUP_COUNT }, (_, i) => groupId(i)),
        },
      ],
    }),
  },
  "saml-1-1": {
    label: "Version 1.1",
    effect: 'Version="1.1" on the Response and the Assertion.',
    beforeSigning: (input) => ({ ...input, shape: { ...input.shape, version: "1.1" } }),
  },
  "issued-long-ago": {
    label: "Issued three hours ago",
    effect: "IssueInstant three hours ago, with Conditions stretched so the assertion is still valid.",
    beforeSigning: (input) => ({
      ...input,
      now: new Date(input.now.getTime() - 180 * 60_000),
      validityOffsetMinutes: { notBefore: -5, notOnOrAfter: 240 },
    }),
  },
  "session-ended": {
    label: "Entra session ended",
    effect: "AuthnStatement SessionNotOnOrAfter 30 minutes ago.",
    beforeSigning: (input) => ({ ...input, shape: { ...input.shape, sessionNotOnOrAfterMinutes: -30 } }),
  },
} as const satisfies Record<string, Tampering>;

export type TamperingId = keyof typeof TAMPERINGS;
export const TAMPERING_IDS = Object.keys(TAMPERINGS) as TamperingId[];

export function isTamperingId(value: string): value is TamperingId {
  return Object.hasOwn(TAMPERINGS, value);
}

export function tamperingOf(id: TamperingId): Tampering {
  return TAMPERINGS[id];
}

function logoutRequestXml(input: ResponseInput): string {
  const issuer = input.issuer ?? defaultEntraIssuer(input.tenantId);
  return (
    `<samlp:LogoutRequest xmlns:samlp="${SAML_PROTOCOL_NS}" ID="_${randomUUID()}" Version="2.0"` +
    ` IssueInstant="${input.now.toISOString()}">` +
    `<Issuer xmlns="${SAML_ASSERTION_NS}">${issuer}</Issuer>` +
    `<NameID xmlns="${SAML_ASSERTION_NS}">${input.nameId.replace(/[<&]/g, "")}</NameID>` +
    "</samlp:LogoutRequest>"
  );
}

/** A stable, GUID-shaped group object id. */
function groupId(index: number): string {
  return `00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;
}
