import type { SignInRecord } from "../domain/sign-in-record.js";
import { readDetails } from "./record-details.js";

export interface ComparisonRow {
  aspect: string;
  baseline: string;
  current: string;
  changed: boolean;
  /** Added/removed items for list-valued aspects. */
  note?: string;
}

const NONE = "(none)";

function shortClaim(uri: string): string {
  return uri.split("/").pop() || uri;
}

function row(
  aspect: string,
  baseline: string | null | undefined,
  current: string | null | undefined,
): ComparisonRow {
  const b = baseline || NONE;
  const c = current || NONE;
  return { aspect, baseline: b, current: c, changed: b !== c };
}

/**
 * "Compare with the last successful sign-in": what differs between two records, on Entra's side
 * (certificate, signing option, issuer, audience, Reply URL, NameID format, claims present) and
 * on ours (what the account expected at the time).
 */
export function compareSignIns(current: SignInRecord, baseline: SignInRecord): ComparisonRow[] {
  const c = readDetails(current);
  const b = readDetails(baseline);
  const cs = c.diagnosis?.signature;
  const bs = b.diagnosis?.signature;
  const cert = (s: typeof cs) =>
    s?.keyInfoCertificate ? `${s.keyInfoCertificate.sha1Thumbprint} (${s.keyInfoCertificate.subject})` : null;
  const algorithms = (s: typeof cs) =>
    s?.signatures.map((x) => `${x.element}: ${x.algorithmName}`).join("; ");
  const ca = c.response?.assertion;
  const ba = b.response?.assertion;
  const rows: ComparisonRow[] = [
    row("Outcome", baseline.failureCode ?? baseline.outcome, current.failureCode ?? current.outcome),
    row("Signing certificate (in the signature)", cert(bs), cert(cs)),
    row("Signed element (Signing Option)", bs?.signedElement, cs?.signedElement),
    row("Signature algorithm", algorithms(bs), algorithms(cs)),
    row("Issuer", ba?.issuer ?? b.response?.issuer, ca?.issuer ?? c.response?.issuer),
    row("Audience", ba?.audiences.join(", "), ca?.audiences.join(", ")),
    row("Destination", b.response?.destination, c.response?.destination),
    row("Recipient", ba?.recipients.join(", "), ca?.recipients.join(", ")),
    row("NameID format", ba?.nameIdFormat ?? baseline.nameIdFormat, ca?.nameIdFormat ?? current.nameIdFormat),
    row("NameID", ba?.nameId ?? baseline.nameId, ca?.nameId ?? current.nameId),
  ];
  const claimNames = (r: typeof c) => (r.response?.claims ?? []).map((x) => x.name);
  const before = claimNames(b);
  const after = claimNames(c);
  const added = after.filter((n) => !before.includes(n)).map(shortClaim);
  const removed = before.filter((n) => !after.includes(n)).map(shortClaim);
  const claims = row("Claims present", before.map(shortClaim).join(", "), after.map(shortClaim).join(", "));
  claims.changed = added.length + removed.length > 0;
  if (claims.changed) {
    claims.note = [
      added.length ? `added: ${added.join(", ")}` : "",
      removed.length ? `removed: ${removed.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join("; ");
  }
  rows.push(claims);

  const ce = c.diagnosis?.expectations;
  const be = b.diagnosis?.expectations;
  rows.push(
    row("Expected here: Mitel Identifier (Entity ID)", be?.spEntityId, ce?.spEntityId),
    row("Expected here: Reply URL", be?.replyUrl, ce?.replyUrl),
    row("Expected here: IdP Entity ID", be?.idpEntityId, ce?.idpEntityId),
    row(
      "Expected here: configured certificates",
      be?.configuredThumbprints.join(", "),
      ce?.configuredThumbprints.join(", "),
    ),
  );
  return rows;
}
