/**
 * Slows down password guessing at /admin/sign-in: after `maxFailures` wrong passwords from one
 * client address within `windowMs`, that address is locked out for `lockMs`. Kept in memory on
 * purpose: it needs no storage round trip, and a restart (or another replica) only gives an
 * attacker a few more guesses against a scrypt-hashed password. Entries expire on their own and
 * the table is capped, so a flood of addresses cannot grow it without bound.
 */
export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  maxEntries: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  maxEntries: 10_000,
};

interface Entry {
  failures: number;
  firstFailureAt: number;
  lockedUntil: number | null;
}

export type ThrottleState = { locked: false; remaining: number } | { locked: true; retryAfterMs: number };

export class OperatorThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly options: ThrottleOptions = DEFAULT_THROTTLE,
  ) {}

  /** Whether this client may try a password now. */
  check(key: string): ThrottleState {
    const entry = this.current(key);
    if (entry?.lockedUntil) return { locked: true, retryAfterMs: entry.lockedUntil - this.now() };
    return { locked: false, remaining: this.options.maxFailures - (entry?.failures ?? 0) };
  }

  recordFailure(key: string): ThrottleState {
    const now = this.now();
    const entry = this.current(key) ?? { failures: 0, firstFailureAt: now, lockedUntil: null };
    entry.failures += 1;
    if (entry.failures >= this.options.maxFailures) entry.lockedUntil = now + this.options.lockMs;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.prune(now);
    return this.check(key);
  }

  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  /** The entry if it still counts: failures inside the window, or a lock not yet over. */
  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.isExpired(entry, this.now())) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private isExpired(entry: Entry, now: number): boolean {
    if (entry.lockedUntil !== null) return now >= entry.lockedUntil;
    return now - entry.firstFailureAt >= this.options.windowMs;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && !this.isExpired(entry, now)) break;
      // Map iteration is oldest-first: expired entries and, over the cap, the oldest go first.
      this.entries.delete(key);
    }
  }
}
