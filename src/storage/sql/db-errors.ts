/**
 * Recognises driver errors without importing driver types: better-sqlite3 and pg both put a
 * string `code` on their errors, but with different vocabularies.
 */

/** Postgres unique_violation, and the SQLite extended codes for a PRIMARY KEY / UNIQUE clash. */
const UNIQUE_VIOLATION_CODES = new Set(["23505", "SQLITE_CONSTRAINT_PRIMARYKEY", "SQLITE_CONSTRAINT_UNIQUE"]);

export function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  return typeof err.code === "string" ? err.code : undefined;
}

export function isUniqueViolation(err: unknown): boolean {
  return UNIQUE_VIOLATION_CODES.has(errorCode(err) ?? "");
}

/**
 * Text that names the violated index: pg gives the constraint name (also in the message),
 * SQLite lists the columns ("UNIQUE constraint failed: users.account_id, users.login_email_norm").
 * Index names in migrations.ts contain their column names so one substring test fits both.
 */
export function violationText(err: unknown): string {
  if (typeof err !== "object" || err === null) return "";
  const message = err instanceof Error ? err.message : "";
  const constraint = "constraint" in err && typeof err.constraint === "string" ? err.constraint : "";
  return `${message} ${constraint}`;
}
