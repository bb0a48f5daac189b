/**
 * The sign-out messages the simulator sends, shaped as in Microsoft's "Single sign-out SAML
 * protocol": a LogoutResponse (ID, Version, IssueInstant, Destination, InResponseTo, Issuer, Status)
 * and, for a sign-out started in Entra, a LogoutRequest naming the NameID and SessionIndex of the
 * application's sign-in. The Issuer is the tenant's Entra Identifier, as in Microsoft's sample.
 * Simulator-side code: nothing from the SP.
 */
import { randomUUID } from "node:crypto";
import { defaultEntraIssuer, formatSamlInstant } from "./build-response.js";

const PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
export const LOGOUT_STATUS = {
  success: "urn:oasis:names:tc:SAML:2.0:status:Success",
  requester: "urn:oasis:names:tc:SAML:2.0:status:Requester",
} as const;

export interface LogoutResponseInput {
  tenantId: string;
  /** Default: the tenant's Entra Identifier (the wrong-Issuer fault gives another). */
  issuer?: string;
  destination: string;
  inResponseTo: string;
  status: string;
  /** A non-Success status's nested StatusCode and StatusMessage (the error-status fault). */
  subStatus?: string;
  statusMessage?: string;
  now: Date;
}

export function buildLogoutResponse(input: LogoutResponseInput): { id: string; xml: string } {
  const id = `_${randomUUID()}`;
  const xml =
    `<samlp:LogoutResponse xmlns:samlp="${PROTOCOL}" ID="${id}" Version="2.0" IssueInstant="${formatSamlInstant(input.now)}"` +
    ` Destination="${escapeAttr(input.destination)}" InResponseTo="${escapeAttr(input.inResponseTo)}">` +
    `<Issuer xmlns="${ASSERTION}">${escapeText(input.issuer ?? defaultEntraIssuer(input.tenantId))}</Issuer>` +
    statusXml(input) +
    "</samlp:LogoutResponse>";
  return { id, xml };
}

export interface LogoutRequestInput {
  tenantId: string;
  /** Default: the tenant's Entra Identifier (the wrong-Issuer fault gives another). */
  issuer?: string;
  destination: string;
  nameId: string;
  nameIdFormat: string;
  sessionIndex: string | null;
  now: Date;
}

export function buildLogoutRequest(input: LogoutRequestInput): { id: string; xml: string } {
  const id = `_${randomUUID()}`;
  const sessionIndex = input.sessionIndex
    ? `<samlp:SessionIndex>${escapeText(input.sessionIndex)}</samlp:SessionIndex>`
    : "";
  const xml =
    `<samlp:LogoutRequest xmlns:samlp="${PROTOCOL}" ID="${id}" Version="2.0" IssueInstant="${formatSamlInstant(input.now)}"` +
    ` Destination="${escapeAttr(input.destination)}">` +
    `<Issuer xmlns="${ASSERTION}">${escapeText(input.issuer ?? defaultEntraIssuer(input.tenantId))}</Issuer>` +
    `<NameID xmlns="${ASSERTION}" Format="${escapeAttr(input.nameIdFormat)}">${escapeText(input.nameId)}</NameID>` +
    sessionIndex +
    "</samlp:LogoutRequest>";
  return { id, xml };
}

function statusXml(input: LogoutResponseInput): string {
  const sub = input.subStatus ? `<samlp:StatusCode Value="${escapeAttr(input.subStatus)}"/>` : "";
  const code = sub
    ? `<samlp:StatusCode Value="${escapeAttr(input.status)}">${sub}</samlp:StatusCode>`
    : `<samlp:StatusCode Value="${escapeAttr(input.status)}"/>`;
  const message = input.statusMessage
    ? `<samlp:StatusMessage>${escapeText(input.statusMessage)}</samlp:StatusMessage>`
    : "";
  return `<samlp:Status>${code}${message}</samlp:Status>`;
}

function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;");
}
