/** Splits pasted text into PEM blocks, keeping cut-off blocks so they can be reported rather than skipped. */

/** "missing-end": the text stops (or another block starts) before the END line; "missing-begin": the reverse. */
export type PemBlockProblem = "missing-end" | "missing-begin";

export interface PemBlock {
  /** e.g. "CERTIFICATE", "RSA PRIVATE KEY"; inner whitespace collapsed to single spaces. */
  label: string;
  /** The text between the markers, untouched (line breaks, indentation and all). */
  body: string;
  problem: PemBlockProblem | undefined;
}

export type PemLabelKind = "certificate" | "private-key" | "public-key" | "certificate-request" | "other";

// Markers are matched loosely: a selection that starts a character late loses a dash, and
// single-line text boxes turn the line breaks around markers into spaces. The lookbehind makes a
// match start only at the first dash of a run; without it a long run of dashes costs quadratic time.
const MARKER = /(?<!-)-+[ \t]*(BEGIN|END)[ \t]+([A-Z0-9]+(?:[ \t]+[A-Z0-9]+)*)[ \t]*-+/g;

export function findPemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let open: { label: string; bodyStart: number } | undefined;
  let previousMarkerEnd = 0;
  for (const match of text.matchAll(MARKER)) {
    const label = (match[2] ?? "").replace(/\s+/g, " ");
    const start = match.index;
    const end = start + match[0].length;
    if (match[1] === "BEGIN") {
      if (open)
        blocks.push({ label: open.label, body: text.slice(open.bodyStart, start), problem: "missing-end" });
      open = { label, bodyStart: end };
    } else if (open) {
      // An END for another label means this block's own END line was lost.
      const problem = label === open.label ? undefined : "missing-end";
      blocks.push({ label: open.label, body: text.slice(open.bodyStart, start), problem });
      open = undefined;
    } else {
      blocks.push({ label, body: text.slice(previousMarkerEnd, start), problem: "missing-begin" });
    }
    previousMarkerEnd = end;
  }
  if (open) blocks.push({ label: open.label, body: text.slice(open.bodyStart), problem: "missing-end" });
  return blocks;
}

export function classifyPemLabel(label: string): PemLabelKind {
  if (label === "CERTIFICATE" || label === "X509 CERTIFICATE") return "certificate";
  // PRIVATE KEY, RSA/EC/DSA/ENCRYPTED/OPENSSH PRIVATE KEY...
  if (label.endsWith("PRIVATE KEY")) return "private-key";
  if (label.endsWith("PUBLIC KEY")) return "public-key";
  // CERTIFICATE REQUEST, and NEW CERTIFICATE REQUEST as Windows writes it.
  if (label.endsWith("CERTIFICATE REQUEST")) return "certificate-request";
  return "other";
}
