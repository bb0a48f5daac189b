import {
  type ClientInfo,
  MAX_STORED_RESPONSE,
  type SignInOutcome,
  type SignInRecord,
} from "../domain/sign-in-record.js";
import type { FailureCode } from "../failure-codes.js";
import type { Logger } from "../log.js";
import { newTraceId } from "../security/random-ids.js";
import type { RateCounterStore, SignInFilter, SignInStore } from "../storage/ports.js";
import { boundFailureRecord } from "./record-bounds.js";

/** Rows deleted per retention statement; the loop yields to the event loop between batches. */
export const PRUNE_BATCH = 200;

/** A per-account cap may be exceeded by this fraction of itself between trims (1/32: about 3%). */
export const TRIM_SLACK_DIVISOR = 32;
const MAX_TRACKED_ACCOUNTS = 10_000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export type NewSignIn = Omit<
  SignInRecord,
  "traceId" | "at" | "details" | "samlResponse" | "cause" | "fix" | "failureCode"
> & {
  failureCode?: FailureCode | null;
  cause?: string | null;
  fix?: string | null;
  details?: Record<string, unknown>;
  samlResponse?: string | null;
  client?: ClientInfo;
};

/**
 * How much of the log anonymous posts can take: the per-account cap, applied as records are
 * written, and how many failures are recorded per client address and per account in a window
 * (the ACS still answers every attempt; past these, the failure is logged but not stored).
 */
export interface SignInLogLimits {
  counters: RateCounterStore;
  maxPerAccount: number;
  failuresPerAddress: number;
  failuresPerAccount: number;
  windowMs: number;
  /** The clock of the windows (the runtime passes its context's, which tests move). */
  now: () => number;
}

/**
 * The sign-in log ("SSO traces"): every started login and every ACS attempt, success or failure,
 * with a short trace id the user can quote. Writing a record never fails a sign-in: a storage
 * error is logged and the sign-in goes on.
 */
export class SignInLog {
  private readonly writesSinceTrim = new Map<string, number>();

  constructor(
    private readonly store: SignInStore,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly limits?: SignInLogLimits,
  ) {}

  async add(entry: NewSignIn, traceId: string = newTraceId()): Promise<string> {
    const { client, details, samlResponse, ...rest } = entry;
    const record: SignInRecord = boundFailureRecord({
      failureCode: null,
      cause: null,
      fix: null,
      ...rest,
      traceId,
      at: this.now(),
      details: { ...(details ?? {}), ...(client ? { client: boundClient(client) } : {}) },
      samlResponse: samlResponse ? samlResponse.slice(0, MAX_STORED_RESPONSE) : null,
    });
    try {
      if (
        record.outcome === "failure" &&
        !(await this.mayRecordFailure(record.accountId, client?.ip ?? null))
      ) {
        return traceId;
      }
      await this.store.add(record);
      if (this.limits && this.trimDue(record.accountId, this.limits.maxPerAccount))
        await this.store.trimAccount(record.accountId, this.limits.maxPerAccount);
    } catch (err) {
      this.log.error({ err, traceId }, "could not store sign-in record");
    }
    return traceId;
  }

  /**
   * Whether this write should trim its account back to the cap. Trimming walks `keep` index
   * entries (about 0.1 ms at the default 1,000, the dearest statement of a sign-in), so a large
   * cap is trimmed every `keep / TRIM_SLACK_DIVISOR` writes of this process, letting the account
   * run over by at most that many records; a cap under 64 is trimmed at every write, exactly.
   */
  private trimDue(accountId: string, keep: number): boolean {
    const every = Math.max(1, Math.floor(keep / TRIM_SLACK_DIVISOR));
    if (every === 1) return true;
    const written = (this.writesSinceTrim.get(accountId) ?? 0) + 1;
    if (written < every) {
      // Accounts are created by the operator, so this map stays small; bounded all the same.
      if (this.writesSinceTrim.size >= MAX_TRACKED_ACCOUNTS) this.writesSinceTrim.clear();
      this.writesSinceTrim.set(accountId, written);
      return false;
    }
    this.writesSinceTrim.delete(accountId);
    return true;
  }

  /**
   * Counts a failure against its client address, then its account; false once either is over
   * its limit in the current window. An address over its limit does not use up the account's.
   * The first refusal in a window is logged; the rest would only flood the log.
   */
  private async mayRecordFailure(accountId: string, ip: string | null): Promise<boolean> {
    const limits = this.limits;
    if (!limits) return true;
    const now = limits.now();
    const checks: Array<[string, number]> = [
      ...(ip ? ([[`failures:address:${ip}`, limits.failuresPerAddress]] as Array<[string, number]>) : []),
      [`failures:account:${accountId}`, limits.failuresPerAccount],
    ];
    for (const [key, limit] of checks) {
      const { count } = await limits.counters.hit(key, limits.windowMs, now);
      if (count <= limit) continue;
      if (count === limit + 1) {
        this.log.warn(
          { account: accountId, ip, limit, windowMinutes: limits.windowMs / 60_000 },
          "too many failed sign-ins: further failures are answered but not recorded for a while",
        );
      }
      return false;
    }
    return true;
  }

  list(accountId: string, outcome?: SignInOutcome, limit = 50): Promise<SignInRecord[]> {
    return this.store.list({ accountId, ...(outcome ? { outcome } : {}), limit });
  }

  /** Records of one account with the log's filters (outcome, code, time, request ID), newest first. */
  search(filter: SignInFilter): Promise<SignInRecord[]> {
    return this.store.list(filter);
  }

  get(accountId: string, traceId: string): Promise<SignInRecord | undefined> {
    return this.store.get(accountId, traceId);
  }

  latest(accountId: string, outcome?: SignInOutcome): Promise<SignInRecord | undefined> {
    return this.store.latest(accountId, outcome);
  }

  /** The newest successful sign-in before `before` (the baseline of "compare with the last success"). */
  async lastSuccessBefore(accountId: string, before: number): Promise<SignInRecord | undefined> {
    const [record] = await this.store.list({ accountId, outcome: "success", until: before, limit: 1 });
    return record;
  }

  /** ACS attempts (success or failure) that answered a request ID. */
  async attemptsFor(accountId: string, requestId: string): Promise<SignInRecord[]> {
    const records = await this.store.list({ accountId, requestId, limit: 20 });
    return records.filter((r) => r.outcome !== "started");
  }

  /**
   * Retention: age limit and per-account cap. Runs off the request path (a background job) and in
   * small batches, yielding between them, so that sign-ins writing their records never wait long
   * behind one large delete. Returns the number of records deleted.
   */
  async prune(retentionMs: number, maxPerAccount: number, batch = PRUNE_BATCH): Promise<number> {
    const olderThan = this.now() - retentionMs;
    let total = 0;
    for (;;) {
      const deleted = await this.store.prune(olderThan, maxPerAccount, batch);
      total += deleted;
      if (deleted < batch) return total;
      await yieldToEventLoop();
    }
  }
}

/** The client as recorded: a User-Agent header can be 16 KB of anything. */
function boundClient(client: ClientInfo): ClientInfo {
  return { ip: client.ip?.slice(0, 64) ?? null, userAgent: client.userAgent?.slice(0, 512) ?? null };
}
