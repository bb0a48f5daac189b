import type { Logger } from "../log.js";
import { newTraceId } from "../security/random-ids.js";
import type { SignInOutcome, SignInRecord, SignInStore } from "../storage/ports.js";

/** Raw SAMLResponse kept per record, at most (DESIGN: capped at 256 KB). */
export const MAX_STORED_RESPONSE = 256 * 1024;

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export type NewSignIn = Omit<
  SignInRecord,
  "traceId" | "at" | "details" | "samlResponse" | "cause" | "fix" | "failureCode"
> & {
  failureCode?: string | null;
  cause?: string | null;
  fix?: string | null;
  details?: Record<string, unknown>;
  samlResponse?: string | null;
  client?: ClientInfo;
};

/**
 * The sign-in log ("SSO traces"): every started login and every ACS attempt, success or failure,
 * with a short trace id the user can quote. Writing a record never fails a sign-in: a storage
 * error is logged and the sign-in goes on.
 */
export class SignInLog {
  constructor(
    private readonly store: SignInStore,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async add(entry: NewSignIn, traceId: string = newTraceId()): Promise<string> {
    const { client, details, samlResponse, ...rest } = entry;
    const record: SignInRecord = {
      failureCode: null,
      cause: null,
      fix: null,
      ...rest,
      traceId,
      at: this.now(),
      details: { ...(details ?? {}), ...(client ? { client } : {}) },
      samlResponse: samlResponse ? samlResponse.slice(0, MAX_STORED_RESPONSE) : null,
    };
    try {
      await this.store.add(record);
    } catch (err) {
      this.log.error({ err, traceId }, "could not store sign-in record");
    }
    return traceId;
  }

  list(accountId: string, outcome?: SignInOutcome, limit = 50): Promise<SignInRecord[]> {
    return this.store.list({ accountId, ...(outcome ? { outcome } : {}), limit });
  }

  get(accountId: string, traceId: string): Promise<SignInRecord | undefined> {
    return this.store.get(accountId, traceId);
  }

  latest(accountId: string, outcome?: SignInOutcome): Promise<SignInRecord | undefined> {
    return this.store.latest(accountId, outcome);
  }

  /** Retention: age limit and per-account cap. Runs off the request path. */
  async prune(retentionMs: number, maxPerAccount: number): Promise<number> {
    return this.store.prune(this.now() - retentionMs, maxPerAccount);
  }
}
