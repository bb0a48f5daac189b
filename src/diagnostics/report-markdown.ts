import type { SignInReport } from "./sign-in-report.js";

function cell(value: string | null | undefined): string {
  return (value ?? "").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ") || " ";
}

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
}

/** The report as Markdown, for a ticket or an email. Values are the report's (already redacted). */
export function reportMarkdown(r: SignInReport): string {
  const out: string[] = [];
  out.push(`# Sign-in ${r.traceId}: ${r.code ?? r.outcome}`, "");
  out.push(
    ...table(
      ["Field", "Value"],
      [
        ["Account", `${r.account.displayName} (${r.account.id}, ${r.account.platform})`],
        ["Time", r.at],
        ["Outcome", r.outcome],
        ["Failure code", r.code ?? "(none)"],
        ["NameID", r.nameId ?? "(none)"],
        ["NameID format", r.nameIdFormat ?? "(none)"],
        ["Request ID", r.requestId ?? "(none)"],
        ["RelayState", r.relayState ?? "(none)"],
        ["Client", r.client ? `${r.client.ip ?? "?"} · ${r.client.userAgent ?? "?"}` : "(unknown)"],
      ],
    ),
    "",
  );
  if (r.cause) out.push("## Cause", "", r.cause, "");
  if (r.fix) out.push("## How to fix it", "", r.fix, "");
  if (r.hints.length > 0) out.push("## Details", "", ...r.hints.map((h) => `- ${h}`), "");
  if (r.stoppedAtEntra) {
    out.push(
      "## Stopped at Entra",
      "",
      `No response reached the Reply URL ${r.stoppedAtEntra.minutesWaiting} minutes after the sign-in started. Entra errors the current settings could cause:`,
      "",
      ...r.stoppedAtEntra.possibleErrors.map((e) => `- **${e.code}** when ${e.when} ${e.fix}`),
      "",
    );
  }
  if (r.authnRequest) {
    const a = r.authnRequest;
    out.push(
      "## AuthnRequest",
      "",
      `Sent with the ${a.binding} binding to ${a.destination}; ${a.signed ? `signed (${a.sigAlg ?? "?"})` : "not signed"}.`,
      "",
    );
  }
  if (r.verdicts.length > 0) {
    out.push(
      "## Checks",
      "",
      ...table(
        ["Check", "Result", "Expected", "Actual", "Hint"],
        r.verdicts.map((v) => [v.check, v.status.toUpperCase(), v.expected, v.actual, v.hint ?? ""]),
      ),
      "",
    );
  }
  const s = r.signature;
  if (s) {
    out.push(
      "## Signature",
      "",
      `Signed element: ${s.signedElement}. Verification: ${s.verification} (${s.verificationDetail}).`,
      "",
    );
    const certRows = [
      ...(s.keyInfoCertificate ? [["In the signature", s.keyInfoCertificate] as const] : []),
      ...s.configuredCertificates.map((c, i) => [`Configured #${i + 1}`, c] as const),
    ];
    out.push(
      ...table(
        ["Certificate", "Subject", "Valid from", "Valid to", "SHA-1 thumbprint", "SHA-256"],
        certRows.map(([label, c]) => [
          label,
          c.subject,
          c.validFrom,
          c.validTo,
          c.sha1Thumbprint,
          c.sha256Thumbprint,
        ]),
      ),
      "",
      ...s.signatures.map((x) => `- ${x.element} signature: ${x.algorithmName}`),
      "",
    );
  }
  if (r.times) {
    const t = r.times;
    out.push(
      "## Times",
      "",
      `Evaluated at ${t.evaluatedAt}; IssueInstant ${t.issueInstant ?? "?"}; NotBefore ${t.notBefore ?? "?"}; NotOnOrAfter ${t.notOnOrAfter ?? "?"}; clock difference ${t.issuedOffsetSeconds ?? "?"} s; allowed skew ${t.allowedSkewSeconds} s.`,
      "",
    );
  }
  if (r.aadsts) {
    out.push(
      "## Entra error",
      "",
      `${r.aadsts.code ?? "(no AADSTS code)"}: ${r.aadsts.meaning ?? r.aadsts.message ?? ""}`,
      "",
    );
  }
  if (r.response && r.response.claims.length > 0) {
    out.push(
      "## Claims",
      "",
      ...table(
        ["Claim", "Values"],
        r.response.claims.map((c) => [c.name, c.values.join(", ")]),
      ),
      "",
    );
  }
  out.push(
    `_Claim values ${r.redacted.claimValues ? "redacted" : "included"}; raw XML ${r.redacted.xml ? "not included" : "included"}. Generated ${r.generatedAt} by mitel-mock-sp._`,
    "",
  );
  if (!r.redacted.xml && r.authnRequest?.xml)
    out.push("## AuthnRequest XML", "", "````xml", r.authnRequest.xml, "````", "");
  if (!r.redacted.xml && r.xml) out.push("## Response XML", "", "````xml", r.xml, "````", "");
  return out.join("\n");
}
