/** SignInStore: the sign-in log shown to the operator, newest first, pruned by age and count. */

import type { Kysely, Selectable, Updateable } from "kysely";
import type { SignInOutcome, SignInRecord } from "../../domain/sign-in-record.js";
import { isFailureCode } from "../../failure-codes.js";
import { DuplicateKeyError } from "../errors.js";
import type { SignInFilter, SignInStore } from "../ports.js";
import { isUniqueViolation } from "./db-errors.js";
import { paginate, toCount } from "./query-helpers.js";
import type { SignInsTable, Tables } from "./schema.js";

type SignInRow = Selectable<SignInsTable>;
type SignInPatch = Partial<Omit<SignInRecord, "traceId" | "accountId">>;

const OUTCOMES: readonly string[] = ["started", "success", "failure"] satisfies SignInOutcome[];

function isOutcome(value: string): value is SignInOutcome {
  return OUTCOMES.includes(value);
}

export class SqlSignInStore implements SignInStore {
  constructor(private readonly db: Kysely<Tables>) {}

  async add(record: SignInRecord): Promise<void> {
    try {
      await this.db.insertInto("sign_ins").values(toRow(record)).execute();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new DuplicateKeyError("sign_in", `Sign-in "${record.traceId}" was already recorded`, {
        cause: err,
      });
    }
  }

  async get(accountId: string, traceId: string): Promise<SignInRecord | undefined> {
    const row = await this.db
      .selectFrom("sign_ins")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("trace_id", "=", traceId)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** `since` and `until` are both inclusive. */
  async list(filter: SignInFilter): Promise<SignInRecord[]> {
    let query = this.db.selectFrom("sign_ins").selectAll().where("account_id", "=", filter.accountId);
    if (filter.outcome !== undefined) query = query.where("outcome", "=", filter.outcome);
    if (filter.failureCode !== undefined) query = query.where("failure_code", "=", filter.failureCode);
    if (filter.requestId !== undefined) query = query.where("request_id", "=", filter.requestId);
    if (filter.since !== undefined) query = query.where("at", ">=", filter.since);
    if (filter.until !== undefined) query = query.where("at", "<=", filter.until);
    // trace_id breaks ties between records of the same millisecond so paging is stable.
    query = query.orderBy("at", "desc").orderBy("trace_id", "desc");
    const rows = await paginate(query, filter.limit, filter.offset).execute();
    return rows.map(toRecord);
  }

  async update(accountId: string, traceId: string, patch: SignInPatch): Promise<void> {
    const changes = toChanges(patch);
    if (Object.keys(changes).length === 0) return;
    await this.db
      .updateTable("sign_ins")
      .set(changes)
      .where("account_id", "=", accountId)
      .where("trace_id", "=", traceId)
      .execute();
  }

  async latest(accountId: string, outcome?: SignInOutcome): Promise<SignInRecord | undefined> {
    const [first] = await this.list({ accountId, ...(outcome !== undefined ? { outcome } : {}), limit: 1 });
    return first;
  }

  async trimAccount(accountId: string, keep: number): Promise<number> {
    // The first record past the cap, in list() order; it and everything older goes. Both
    // statements walk the (account_id, at) index, the first over `keep` entries (about 0.1 ms at
    // 1,000), which is why SignInLog runs this every keep/32 writes rather than at each one.
    const edge = await this.db
      .selectFrom("sign_ins")
      .select(["at", "trace_id"])
      .where("account_id", "=", accountId)
      .orderBy("at", "desc")
      .orderBy("trace_id", "desc")
      .limit(1)
      .offset(Math.max(0, Math.floor(keep)))
      .executeTakeFirst();
    if (!edge) return 0;
    const result = await this.db
      .deleteFrom("sign_ins")
      .where("account_id", "=", accountId)
      .where((eb) =>
        eb.or([
          eb("at", "<", edge.at),
          eb.and([eb("at", "=", edge.at), eb("trace_id", "<=", edge.trace_id)]),
        ]),
      )
      .executeTakeFirst();
    return toCount(result.numDeletedRows);
  }

  async prune(olderThan: number, keepPerAccount: number, maxRows?: number): Promise<number> {
    const limit =
      maxRows !== undefined && Number.isFinite(maxRows) ? Math.max(1, Math.floor(maxRows)) : undefined;
    // Oldest first, so that a bounded call removes the records most overdue.
    let old = this.db.selectFrom("sign_ins").select("trace_id").where("at", "<", olderThan).orderBy("at");
    if (limit !== undefined) old = old.limit(limit);
    const byAge =
      limit === undefined
        ? await this.db.deleteFrom("sign_ins").where("at", "<", olderThan).executeTakeFirst()
        : await this.db.deleteFrom("sign_ins").where("trace_id", "in", old).executeTakeFirst();
    let deleted = toCount(byAge.numDeletedRows);
    if (!Number.isFinite(keepPerAccount)) return deleted;
    if (limit !== undefined && deleted >= limit) return deleted;
    const keep = Math.max(0, Math.floor(keepPerAccount));
    // Rank each account's records newest first (same order as list()) and delete past the cap.
    // Window functions exist on SQLite >= 3.25 and Postgres, so one statement serves both.
    const ranked = this.db
      .selectFrom("sign_ins")
      .select((eb) => [
        "trace_id",
        eb.fn
          .agg<number>("row_number")
          .over((ob) => ob.partitionBy("account_id").orderBy("at", "desc").orderBy("trace_id", "desc"))
          .as("rank"),
      ])
      .as("ranked");
    let overCap = this.db.selectFrom(ranked).select("ranked.trace_id").where("ranked.rank", ">", keep);
    if (limit !== undefined) overCap = overCap.limit(limit - deleted);
    const byCap = await this.db.deleteFrom("sign_ins").where("trace_id", "in", overCap).executeTakeFirst();
    deleted += toCount(byCap.numDeletedRows);
    return deleted;
  }
}

function toRow(record: SignInRecord): SignInRow {
  return {
    trace_id: record.traceId,
    account_id: record.accountId,
    at: record.at,
    outcome: record.outcome,
    failure_code: record.failureCode,
    cause: record.cause,
    fix: record.fix,
    details_json: JSON.stringify(record.details),
    name_id: record.nameId,
    name_id_format: record.nameIdFormat,
    user_id: record.userId,
    request_id: record.requestId,
    relay_state: record.relayState,
    saml_response: record.samlResponse,
  };
}

/** Only the fields present in the patch; an explicit undefined leaves the column alone. */
function toChanges(patch: SignInPatch): Updateable<SignInsTable> {
  const changes: Updateable<SignInsTable> = {};
  if (patch.at !== undefined) changes.at = patch.at;
  if (patch.outcome !== undefined) changes.outcome = patch.outcome;
  if (patch.failureCode !== undefined) changes.failure_code = patch.failureCode;
  if (patch.cause !== undefined) changes.cause = patch.cause;
  if (patch.fix !== undefined) changes.fix = patch.fix;
  if (patch.details !== undefined) changes.details_json = JSON.stringify(patch.details);
  if (patch.nameId !== undefined) changes.name_id = patch.nameId;
  if (patch.nameIdFormat !== undefined) changes.name_id_format = patch.nameIdFormat;
  if (patch.userId !== undefined) changes.user_id = patch.userId;
  if (patch.requestId !== undefined) changes.request_id = patch.requestId;
  if (patch.relayState !== undefined) changes.relay_state = patch.relayState;
  if (patch.samlResponse !== undefined) changes.saml_response = patch.samlResponse;
  return changes;
}

function toRecord(row: SignInRow): SignInRecord {
  const outcome = row.outcome;
  if (!isOutcome(outcome)) throw new Error(`Sign-in "${row.trace_id}" has unknown outcome "${outcome}"`);
  return {
    traceId: row.trace_id,
    accountId: row.account_id,
    at: Number(row.at),
    outcome,
    // Only registry codes are ever written; a code this version does not know reads as none.
    failureCode: row.failure_code !== null && isFailureCode(row.failure_code) ? row.failure_code : null,
    cause: row.cause,
    fix: row.fix,
    details: parseDetails(row.details_json),
    nameId: row.name_id,
    nameIdFormat: row.name_id_format,
    userId: row.user_id,
    requestId: row.request_id,
    relayState: row.relay_state,
    samlResponse: row.saml_response,
  };
}

function parseDetails(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json);
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
