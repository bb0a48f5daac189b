/** Small pieces shared by the SQL stores, written once so both engines behave the same. */
import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from "kysely";

/** The login key stored in users.login_*_norm and used for lookups. */
export function normaliseLogin(value: string): string {
  return value.trim().toLowerCase();
}

/** Row counts arrive as bigint from Kysely results and as number or string from aggregates. */
export function toCount(value: bigint | number | string | undefined): number {
  return value === undefined ? 0 : Number(value);
}

/**
 * SQLite has no default LIKE escape character and Postgres uses backslash; naming one explicitly
 * (as a parameter, so string-literal escaping rules never matter) makes both agree.
 */
const LIKE_ESCAPE = "\\";

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `${LIKE_ESCAPE}${ch}`);
}

/**
 * Case-insensitive "column contains text". lower() on both sides because Postgres LIKE is
 * case-sensitive and SQLite's is not; both engines then compare the same way. (SQLite's lower()
 * folds ASCII only.) Raw SQL is needed for the ESCAPE clause, which the builder lacks.
 */
export function containsIgnoringCase(column: Expression<string | null>, text: string): Expression<SqlBool> {
  const pattern = `%${escapeLike(text)}%`;
  return sql<SqlBool>`lower(${column}) like lower(${pattern}) escape ${LIKE_ESCAPE}`;
}

/** Applies limit/offset. SQLite rejects OFFSET without LIMIT, so an offset alone gets a huge limit. */
export function paginate<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  limit: number | undefined,
  offset: number | undefined,
): SelectQueryBuilder<DB, TB, O> {
  const take = limit === undefined ? undefined : Math.max(0, Math.floor(limit));
  const skip = offset === undefined ? 0 : Math.max(0, Math.floor(offset));
  let q = query;
  if (take !== undefined) q = q.limit(take);
  else if (skip > 0) q = q.limit(Number.MAX_SAFE_INTEGER);
  if (skip > 0) q = q.offset(skip);
  return q;
}
