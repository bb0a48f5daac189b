import type { CacheProvider } from "@node-saml/node-saml";
import type { AuthnRequestStore } from "../storage/ports.js";

/**
 * node-saml's InResponseTo cache, over storage and scoped to one account (passport-saml's README
 * warns that one shared cache lets an ID issued for one provider answer another).
 *
 * - saveAsync: called when node-saml generates an AuthnRequest; stores the request with the
 *   browser binding and RelayState of the login that started it.
 * - getAsync: answers only for unexpired, unconsumed requests of this account. node-saml asks
 *   twice per response (the Response's InResponseTo, then the assertion's); the second question
 *   within a moment gets the first answer instead of another read. A provider serves one login or
 *   one ACS request, and the one-time decision is the atomic consume anyway.
 * - removeAsync: deliberately does nothing. node-saml calls it after get (not atomically) and
 *   after failures; the ACS instead consumes the request itself, atomically, once every check
 *   has passed, so that exactly one response can ever use a request ID.
 */
export interface RequestContext {
  browserBindingHash: string | null;
  relayState: string | null;
  loginHint: string | null;
  /** Called with the generated request ID (the login records a "started" sign-in). */
  onSaved?: (requestId: string) => void;
}

/** How long a getAsync answer is reused for the same key (node-saml's two questions). */
const ANSWER_REUSE_MS = 1000;

export function createRequestIdCache(
  store: AuthnRequestStore,
  accountId: string,
  ttlMs: number,
  now: () => number,
  context?: RequestContext,
): CacheProvider {
  const answers = new Map<string, { at: number; answer: Promise<string | null> }>();
  const lookUp = async (key: string): Promise<string | null> => {
    const record = await store.get(accountId, key);
    if (!record || record.consumedAt !== null || record.expiresAt <= now()) return null;
    return new Date(record.createdAt).toISOString();
  };
  return {
    async saveAsync(key, value) {
      const createdAt = now();
      await store.save({
        id: key,
        accountId,
        browserBindingHash: context?.browserBindingHash ?? null,
        relayState: context?.relayState ?? null,
        loginHint: context?.loginHint ?? null,
        createdAt,
        expiresAt: createdAt + ttlMs,
      });
      context?.onSaved?.(key);
      return { value, createdAt };
    },
    getAsync(key) {
      const at = now();
      const recent = answers.get(key);
      if (recent && at - recent.at < ANSWER_REUSE_MS) return recent.answer;
      const answer = lookUp(key);
      answers.set(key, { at, answer });
      // A failed read is not remembered: the next question reads again.
      answer.catch(() => answers.delete(key));
      return answer;
    },
    async removeAsync(key) {
      return key;
    },
  };
}
