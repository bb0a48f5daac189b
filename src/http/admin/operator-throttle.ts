import type { RateCounterStore } from "../../storage/ports.js";

/**
 * Slows down password guessing at /admin/sign-in: at most `maxAttempts` passwords are checked per
 * client address in a window of `windowMs` (it starts at the first attempt); every further
 * attempt in that window is refused without looking at its password, the right one included.
 *
 * The attempt is counted *before* its password is checked, in one atomic database statement, so
 * attempts in flight count: a hundred requests released together get counts 1 to 100 and only
 * the first five reach scrypt. The counter lives in the database (rate_counters), so every worker
 * and replica shares it. A correct password clears the address's count.
 */
export interface ThrottleOptions {
  maxAttempts: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  maxAttempts: 5,
  windowMs: 15 * 60_000,
};

/** `retryAfterMs`: until the window ends (for an admitted attempt: if it turns out to be the last). */
export type Admission = { admitted: boolean; remaining: number; retryAfterMs: number };

export class OperatorThrottle {
  constructor(
    private readonly counters: RateCounterStore,
    private readonly now: () => number,
    private readonly options: ThrottleOptions = DEFAULT_THROTTLE,
  ) {}

  /**
   * Counts this attempt and says whether its password may be checked; `remaining` is how many
   * more attempts the window allows after this one.
   */
  async admit(clientKey: string): Promise<Admission> {
    const now = this.now();
    const { count, windowEndsAt } = await this.counters.hit(keyOf(clientKey), this.options.windowMs, now);
    return {
      admitted: count <= this.options.maxAttempts,
      remaining: Math.max(0, this.options.maxAttempts - count),
      retryAfterMs: windowEndsAt - now,
    };
  }

  async recordSuccess(clientKey: string): Promise<void> {
    await this.counters.reset(keyOf(clientKey));
  }
}

const keyOf = (clientKey: string) => `operator-sign-in:${clientKey}`;
