import type { SessionStorePort } from "../../src/storage/ports.js";

const SPIED = ["get", "set", "touch", "destroy", "take"] as const;
type Spied = (typeof SPIED)[number];

/**
 * Runs `action` while recording which methods of the runtime's session store it calls (the store
 * the session middleware and the hand-over ticket use), then puts the real methods back.
 */
export async function sessionStoreCalls<T>(
  sessions: SessionStorePort,
  action: () => Promise<T>,
): Promise<{ result: T; calls: Spied[] }> {
  const calls: Spied[] = [];
  const original = Object.fromEntries(SPIED.map((name) => [name, sessions[name]])) as Pick<
    SessionStorePort,
    Spied
  >;
  for (const name of SPIED) {
    const real = original[name] as (...args: unknown[]) => unknown;
    (sessions as unknown as Record<Spied, unknown>)[name] = (...args: unknown[]) => {
      calls.push(name);
      return real.apply(sessions, args);
    };
  }
  try {
    return { result: await action(), calls };
  } finally {
    Object.assign(sessions, original);
  }
}
