import type { CheckResult } from "./sso-check.js";

/** The check as a person reads it in a CI log: each step, then the identity or the failure. */
export function formatReport(result: CheckResult): string {
  const lines: string[] = [];
  const where = result.account ? ` on account ${result.account} (${result.platform ?? "?"})` : "";
  lines.push(`mitel-mock-sp check: ${result.user}${where} at ${result.url}`);
  const width = Math.max(...result.steps.map((s) => s.step.length), 4);
  for (const s of result.steps) {
    const path = shortUrl(s.url);
    const status = s.status === null ? "---" : String(s.status);
    lines.push(
      `  ${s.ok ? "ok  " : "FAIL"} ${s.step.padEnd(width)}  ${s.method.padEnd(4)} ${status} ${path}`,
      `       ${s.detail}`,
    );
  }
  if (result.ok) {
    lines.push("", `PASSED: ${result.userName ?? result.user} signed in.`);
    lines.push(`  NameID: ${result.nameId}${result.nameIdFormat ? ` (${result.nameIdFormat})` : ""}`);
    if (result.claims.length === 0) lines.push("  Claims: none");
    else {
      lines.push("  Claims:");
      for (const claim of result.claims) lines.push(`    ${claim.name}: ${claim.values.join(", ")}`);
    }
  } else if (result.failure) {
    const f = result.failure;
    lines.push("", `FAILED at "${f.step}": ${f.code}`, `  Cause: ${f.cause}`);
    if (f.expected !== null) lines.push(`  Expected: ${f.expected}`);
    if (f.actual !== null) lines.push(`  Received: ${f.actual}`);
    if (f.fix) lines.push(`  Fix: ${f.fix}`);
    if (f.traceId)
      lines.push(`  Trace id: ${f.traceId} (the operator console's sign-in log has every check)`);
  }
  return `${lines.join("\n")}\n`;
}

function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.length > 60 ? `${parsed.pathname.slice(0, 57)}...` : parsed.pathname;
    return `${parsed.origin}${path}`;
  } catch {
    return url;
  }
}
