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
