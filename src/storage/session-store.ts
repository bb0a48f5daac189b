/**
 * express-session Store backed by SessionStorePort, so sessions live in the service database and
 * every replica sees the same ones. Callback-style because that is express-session's contract.
 */
import { type SessionData, Store } from "express-session";
import type { SessionStorePort } from "./ports.js";

/** Lifetime of a session whose cookie carries neither an expiry nor a max age. */
export const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export interface DatabaseSessionStoreOptions {
  defaultTtlMs?: number;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

type Callback<T> = (err: unknown, value?: T) => void;

/**
 * Hands a promise's outcome to a node-style callback on a later tick, outside the promise chain:
 * an exception thrown by the callback then surfaces normally instead of turning into an
 * unhandled rejection or a second callback call.
 */
function settle<T>(work: Promise<T>, callback: Callback<T> | undefined): void {
  work.then(
    (value) => process.nextTick(() => callback?.(null, value)),
    (err: unknown) => process.nextTick(() => callback?.(err)),
  );
}

/** How far express-session's touch may have moved a cookie's expiry for a save to count as a repeat. */
export const REPEAT_SAVE_WINDOW_MS = 5_000;

function isRepeatSave(
  last: { sid: string; content: string; expiresAt: number },
  next: { sid: string; content: string; expiresAt: number },
): boolean {
  const moved = next.expiresAt - last.expiresAt;
  return (
    last.sid === next.sid && last.content === next.content && moved >= 0 && moved <= REPEAT_SAVE_WINDOW_MS
  );
}

export class DatabaseSessionStore extends Store {
  readonly #port: SessionStorePort;
  readonly #defaultTtlMs: number;
  readonly #now: () => number;
  /**
   * What this store last wrote for a session object. A handler that saves before redirecting
   * (saveSession; the sign-in hand-over after regenerate) is followed by express-session's own
   * save when the response ends: its "already saved" test compares the id the request came in
   * with, which regenerate changed, and it has reset the cookie's expiry to now + maxAge as the
   * headers went out, a few milliseconds after the first save. When nothing else changed, that
   * second write is skipped: the stored expiry stays the first save's, at most
   * REPEAT_SAVE_WINDOW_MS before the cookie's.
   */
  readonly #written = new WeakMap<object, { sid: string; content: string; expiresAt: number }>();

  constructor(port: SessionStorePort, options: DatabaseSessionStoreOptions = {}) {
    super();
    this.#port = port;
    this.#defaultTtlMs = options.defaultTtlMs ?? DEFAULT_SESSION_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    const work = async (): Promise<SessionData | null> => {
      const row = await this.#port.get(sid, this.#now());
      return row ? (JSON.parse(row.data) as SessionData) : null;
    };
    settle(work(), callback);
  }

  override set(sid: string, session: SessionData, callback?: (err?: unknown) => void): void {
    const work = async (): Promise<void> => {
      const data = JSON.stringify(session);
      const expiresAt = this.#expiresAt(session);
      const content = JSON.stringify({ ...session, cookie: undefined });
      const last = this.#written.get(session);
      if (last && isRepeatSave(last, { sid, content, expiresAt })) return;
      await this.#port.set({ sid, data, expiresAt });
      this.#written.set(session, { sid, content, expiresAt });
    };
    settle(work(), callback && ((err) => callback(err ?? undefined)));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    settle(this.#port.destroy(sid), callback && ((err) => callback(err ?? undefined)));
  }

  override touch(sid: string, session: SessionData, callback?: (err?: unknown) => void): void {
    settle(
      this.#port.touch(sid, this.#expiresAt(session)),
      callback && ((err) => callback(err ?? undefined)),
    );
  }

  /** The cookie's own expiry when it has one (a Date, or its JSON string), else maxAge, else the default. */
  #expiresAt(session: SessionData): number {
    const now = this.#now();
    const cookie = session.cookie as Partial<SessionData["cookie"]> | undefined;
    const expires = cookie?.expires;
    if (expires !== undefined && expires !== null) {
      const at = new Date(expires).getTime();
      if (Number.isFinite(at)) return at;
    }
    const maxAge = cookie?.maxAge;
    if (typeof maxAge === "number" && Number.isFinite(maxAge)) return now + maxAge;
    return now + this.#defaultTtlMs;
  }
}

/**
 * Deletes expired sessions every intervalMs; returns a function that stops it. The timer is
 * unref'd so it never keeps the process alive, and a slow run is not overlapped by the next.
 */
export function startSessionPruner(
  port: SessionStorePort,
  intervalMs: number,
  onError?: (err: unknown) => void,
  now: () => number = Date.now,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    port
      .deleteExpired(now())
      .catch((err: unknown) => onError?.(err))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
