import { afterAll, describe, expect, it } from "vitest";
import type { TestRuntime } from "../helpers/test-runtime.js";
import {
  type AcsOutcome,
  type AttackTarget,
  createAttackTarget,
  expectRefused,
  expectSignedIn,
  freshAgent,
  postResponse,
  signedFor,
  startLogin,
} from "./support/acs-harness.js";
import { sharedStorage } from "./support/shared-storage.js";

/**
 * Replay: a response is accepted once. Its request ID is consumed atomically and its assertion
 * ID is remembered until the assertion expires, both in storage, so neither a restart nor a
 * second replica on the same database accepts it again.
 */
const storages: Array<ReturnType<typeof sharedStorage>> = [];
const runtimes: TestRuntime[] = [];

async function open(storage: ReturnType<typeof sharedStorage>) {
  const rt = await storage.open();
  runtimes.push(rt);
  return rt;
}

afterAll(async () => {
  for (const rt of runtimes) await rt.dispose().catch(() => undefined);
  for (const storage of storages) await storage.destroy();
});

/** The same target (account, ACS) as served by another runtime on the same storage. */
const on = (target: AttackTarget, rt: TestRuntime): AttackTarget => ({ ...target, rt });

describe("replay on one runtime", () => {
  it("the same response twice: signed in once, then RESPONSE_REPLAYED, from this browser or another", async () => {
    const storage = sharedStorage();
    storages.push(storage);
    const target = await createAttackTarget({ rt: await open(storage) });
    const login = await startLogin(target);
    const response = signedFor(target, login);
    expectSignedIn(await postResponse(target, login, response));

    const again = await postResponse(target, login, response);
    expect(again.code).toBe("RESPONSE_REPLAYED");
    const elsewhere = await startLogin(target);
    const otherBrowser = await postResponse(target, elsewhere, response);
    expectRefused(otherBrowser, ["RESPONSE_REPLAYED", "REQUEST_NOT_FROM_THIS_BROWSER"]);
  });

  it("an IdP reusing an assertion ID for a new request → RESPONSE_REPLAYED (the assertion-ID cache)", async () => {
    const storage = sharedStorage();
    storages.push(storage);
    const target = await createAttackTarget({ rt: await open(storage) });
    const first = await startLogin(target);
    const response = signedFor(target, first, { ids: { assertionId: "_reused_assertion_id" } });
    expectSignedIn(await postResponse(target, first, response));
    const second = await startLogin(target);
    const reused = signedFor(target, second, { ids: { assertionId: "_reused_assertion_id" } });
    expectRefused(await postResponse(target, second, reused), "RESPONSE_REPLAYED");
  });
});

describe("replay across a restart (close the runtime, open a new one on the same storage)", () => {
  it("a response used before the restart is refused after it, and so is its assertion ID", async () => {
    const storage = sharedStorage();
    storages.push(storage);
    const before = await open(storage);
    const target = await createAttackTarget({ rt: before });
    const login = await startLogin(target);
    const response = signedFor(target, login, { ids: { assertionId: "_kept_over_restart" } });
    expectSignedIn(await postResponse(target, login, response));
    await before.dispose();

    const after = on(target, await open(storage));
    const replayed = await postResponse(after, login, response, { agent: freshAgent(after) });
    expectRefused(replayed, "RESPONSE_REPLAYED");

    // A new request answered with the same assertion ID: the assertion-ID cache survived too.
    const next = await startLogin(after);
    const sameAssertionId = signedFor(after, next, { ids: { assertionId: "_kept_over_restart" } });
    expectRefused(await postResponse(after, next, sameAssertionId), "RESPONSE_REPLAYED");

    // Control: the restarted runtime still signs in a fresh response.
    const fresh = await startLogin(after);
    expectSignedIn(await postResponse(after, fresh, signedFor(after, fresh)));
  });
});

describe("replay across replicas (two runtimes on the same storage at once)", () => {
  it("used on replica A, refused on replica B", async () => {
    const storage = sharedStorage();
    storages.push(storage);
    const a = await createAttackTarget({ rt: await open(storage) });
    const b = on(a, await open(storage));
    const login = await startLogin(a);
    const response = signedFor(a, login);
    expectSignedIn(await postResponse(a, login, response));
    const onB = await postResponse(b, login, response, { agent: freshAgent(b) });
    expect(onB.code).toBe("RESPONSE_REPLAYED");
    expect(onB.signedInAs).toEqual([]);
  });

  it("posted to both replicas at the same moment: exactly one sign-in, every time", async () => {
    const storage = sharedStorage();
    storages.push(storage);
    const a = await createAttackTarget({ rt: await open(storage) });
    const b = on(a, await open(storage));
    for (let round = 0; round < 5; round++) {
      const login = await startLogin(a);
      const response = signedFor(a, login);
      const outcomes: AcsOutcome[] = await Promise.all([
        postResponse(a, login, response, { agent: freshAgent(a) }),
        postResponse(b, login, response, { agent: freshAgent(b) }),
        postResponse(a, login, response, { agent: freshAgent(a) }),
        postResponse(b, login, response, { agent: freshAgent(b) }),
      ]);
      const statuses = outcomes.map((o) => o.status).sort();
      expect(statuses.filter((s) => s === 303)).toHaveLength(1);
      expect(outcomes.filter((o) => o.status !== 303).map((o) => o.code)).toEqual(
        expect.arrayContaining(["RESPONSE_REPLAYED"]),
      );
      for (const o of outcomes) expect(o.status).toBeLessThan(500);
    }
  });

  it("an assertion ID reused for two requests, one per replica, at the same moment: one sign-in", async () => {
    const storage = sharedStorage();
    storages.push(storage);
    const a = await createAttackTarget({ rt: await open(storage) });
    const b = on(a, await open(storage));
    const loginA = await startLogin(a);
    const loginB = await startLogin(b);
    const [onA, onB] = await Promise.all([
      postResponse(a, loginA, signedFor(a, loginA, { ids: { assertionId: "_raced_assertion" } })),
      postResponse(b, loginB, signedFor(b, loginB, { ids: { assertionId: "_raced_assertion" } })),
    ]);
    expect([onA.status, onB.status].filter((s) => s === 303)).toHaveLength(1);
    expect([onA.code, onB.code]).toContain("RESPONSE_REPLAYED");
  });
});
