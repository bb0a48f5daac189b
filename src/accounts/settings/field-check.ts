/** The outcome of checking one pasted value: the value to store, or an error; warnings either way. */
export interface FieldCheck {
  /** Trimmed value (what would be stored). Empty when nothing was entered. */
  value: string;
  error: string | null;
  warnings: string[];
}

/** Characters that ride along with copies from web pages and never belong in a URL. */
const INVISIBLE = /[\uFEFF\u200B\u200C\u200E\u200F\u2060]/g;

/**
 * Trims a pasted value and says what was removed: leading or trailing spaces, a line break from a
 * copied table cell, or invisible characters. These are common and harmless once removed, so the
 * admin gets a note rather than a refusal.
 */
export function tidyPastedValue(raw: string, label: string): { value: string; notes: string[] } {
  const notes: string[] = [];
  const visible = raw.replace(INVISIBLE, "");
  if (visible !== raw) notes.push(`${label}: invisible characters copied along with the value were removed.`);
  const trimmed = visible.trim();
  // A box left blank (or holding only spaces) is simply empty; the "missing" rule speaks for it.
  if (trimmed === "") return { value: "", notes: [] };
  if (trimmed !== visible) {
    notes.push(`${label}: spaces or line breaks at the start or end were removed.`);
  }
  return { value: trimmed, notes };
}

/** What every single-line pasted value (an identifier, a URL) must be before its own rules. */
export interface OneLineRules {
  label: string;
  maxLength: number;
  /** e.g. "an identifier": said when the value is far too long to be one. */
  what: string;
  /** The whole message when the value has spaces or line breaks inside it. */
  whitespace: string;
}

/**
 * Tidies a pasted one-line value and applies the checks every such field shares: empty is fine
 * (the "missing" rule speaks for it), far too long and inner whitespace are refused. `done` is
 * the finished check when one of those applies; otherwise the field's own rules go on with
 * `value` and finish through `result`, which adds the tidying notes to their warnings.
 */
export function startOneLineCheck(
  raw: string,
  rules: OneLineRules,
): {
  value: string;
  result: (error: string | null, warnings?: string[]) => FieldCheck;
  done: FieldCheck | null;
} {
  const { value, notes } = tidyPastedValue(raw, rules.label);
  const result = (error: string | null, warnings: string[] = []): FieldCheck => ({
    value,
    error,
    warnings: error ? [] : [...notes, ...warnings],
  });
  let done: FieldCheck | null = null;
  if (value === "") done = result(null);
  else if (value.length > rules.maxLength)
    done = result(`${rules.label}: this is ${value.length} characters long; ${rules.what} is far shorter.`);
  else if (/\s/.test(value)) done = result(`${rules.label}: ${rules.whitespace}`);
  return { value, result, done };
}
