import type { AccountRecord } from "../domain/account.js";
import type { SignInRecord } from "../domain/sign-in-record.js";
import type { AuthnRequestView } from "./authn-request-view.js";
import { prettyXml } from "./pretty-xml.js";
import { readDetails } from "./record-details.js";
import type { StoppedAtEntra } from "./stopped-at-entra.js";
import type { Diagnosis, ResponseSummary, UserMatchInfo } from "./types.js";

export interface ReportOptions {
  /** Include the NameID, claim values, user names and the client's address (personal data). */
  includeClaimValues: boolean;
  /** Include the raw SAMLResponse and its decoded XML. */
  includeXml: boolean;
}

export const REDACTED = "[redacted]";

/** One sign-in, shareable with support: everything needed to see what went wrong, nothing personal unless chosen. */
export interface SignInReport {
  report: "mitel-mock-sp sign-in report";
  generatedAt: string;
  redacted: { claimValues: boolean; xml: boolean };
  traceId: string;
  account: { id: string; platform: string; displayName: string };
  at: string;
  outcome: string;
  code: string | null;
  cause: string | null;
  fix: string | null;
  hints: string[];
  nameId: string | null;
  nameIdFormat: string | null;
  requestId: string | null;
  relayState: string | null;
  client: { ip: string | null; userAgent: string | null } | null;
  verdicts: Diagnosis["verdicts"];
  signature: Diagnosis["signature"];
  times: Diagnosis["times"];
  aadsts: Diagnosis["aadsts"];
  userMatch: UserMatchInfo | null;
  expectations: Diagnosis["expectations"] | null;
  response: ResponseSummary | null;
  stoppedAtEntra: StoppedAtEntra | null;
  /** The AuthnRequest that started the sign-in: binding, destination, signed; its XML with includeXml. */
  authnRequest: (Omit<AuthnRequestView, "xml"> & { xml?: string | null }) | null;
  samlResponse?: string | null;
  xml?: string | null;
}

/** Claims that name the tenant or the method, not the person: kept in free text (issuers carry the tenant). */
const NOT_PERSONAL = new Set([
  "http://schemas.microsoft.com/identity/claims/tenantid",
  "http://schemas.microsoft.com/identity/claims/identityprovider",
  "http://schemas.microsoft.com/claims/authnmethodsreferences",
]);

export function buildReport(
  record: SignInRecord,
  account: AccountRecord,
  options: ReportOptions,
  extra: { stoppedAtEntra?: StoppedAtEntra | null; authnRequest?: AuthnRequestView | null; now: number },
): SignInReport {
  const view = readDetails(record);
  const d = view.diagnosis;
  const report: SignInReport = {
    report: "mitel-mock-sp sign-in report",
    generatedAt: new Date(extra.now).toISOString(),
    redacted: { claimValues: !options.includeClaimValues, xml: !options.includeXml },
    traceId: record.traceId,
    account: { id: account.id, platform: account.platform, displayName: account.displayName },
    at: new Date(record.at).toISOString(),
    outcome: record.outcome,
    code: record.failureCode,
    cause: record.cause ?? d?.cause ?? null,
    fix: record.fix ?? d?.fix ?? null,
    hints: d?.hints ?? [],
    nameId: record.nameId,
    nameIdFormat: record.nameIdFormat,
    requestId: record.requestId,
    relayState: record.relayState,
    client: view.client,
    verdicts: d?.verdicts ?? [],
    signature: d?.signature ?? null,
    times: d?.times ?? null,
    aadsts: d?.aadsts ?? null,
    userMatch: d?.userMatch ?? null,
    expectations: d?.expectations ?? null,
    response: view.response,
    stoppedAtEntra: extra.stoppedAtEntra ?? null,
    authnRequest: authnRequestPart(extra.authnRequest ?? null, options.includeXml),
  };
  if (options.includeXml) {
    report.samlResponse = record.samlResponse;
    report.xml = view.xml ? prettyXml(view.xml) : null;
  }
  return options.includeClaimValues ? report : redactPersonalData(report, view.loginHint);
}

function authnRequestPart(view: AuthnRequestView | null, includeXml: boolean): SignInReport["authnRequest"] {
  if (!view) return null;
  const { xml, ...rest } = view;
  return includeXml ? { ...rest, xml } : rest;
}

/** Values that identify the person, longest first (so a longer value is replaced before its parts). */
function personalValues(report: SignInReport, loginHint: string | null): string[] {
  const values = new Set<string>();
  const add = (v: string | null | undefined) => {
    const t = v?.trim();
    if (t && t.length >= 3) values.add(t);
  };
  add(report.nameId);
  add(report.response?.assertion?.nameId);
  add(report.userMatch?.nameId);
  add(loginHint);
  for (const claim of report.response?.claims ?? []) {
    if (!NOT_PERSONAL.has(claim.name)) for (const v of claim.values) add(v);
  }
  const users = [report.userMatch?.matchedUser, ...(report.userMatch?.nearMisses ?? []).map((m) => m.user)];
  for (const u of users) {
    add(u?.name);
    add(u?.email);
    add(u?.username);
  }
  add(report.client?.ip);
  add(report.client?.userAgent);
  return [...values].sort((a, b) => b.length - a.length);
}

function replaceAll(text: string, values: string[]): string {
  let out = text;
  for (const v of values) out = out.split(v).join(REDACTED);
  return out;
}

function deepRedact<T>(value: T, values: string[]): T {
  if (typeof value === "string") return replaceAll(value, values) as T;
  if (Array.isArray(value)) return value.map((v) => deepRedact(v, values)) as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepRedact(v, values);
    return out as T;
  }
  return value;
}

/** Claim values, the NameID, user names and the client's address out; everything else kept. */
export function redactPersonalData(report: SignInReport, loginHint: string | null): SignInReport {
  const values = personalValues(report, loginHint);
  const structural: SignInReport = {
    ...report,
    nameId: report.nameId === null ? null : REDACTED,
    client: report.client
      ? { ip: report.client.ip && REDACTED, userAgent: report.client.userAgent && REDACTED }
      : null,
    response: report.response
      ? {
          ...report.response,
          claims: report.response.claims.map((c) => ({ name: c.name, values: c.values.map(() => REDACTED) })),
          assertion: report.response.assertion
            ? {
                ...report.response.assertion,
                nameId: report.response.assertion.nameId === null ? null : REDACTED,
              }
            : null,
        }
      : null,
  };
  const { redacted, ...rest } = structural;
  return { ...deepRedact(rest, values), redacted };
}
