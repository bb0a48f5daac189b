/** DatabaseSessionStore (express-session Store) and the pruner, over a SQLite storage. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import express from "express";
import expressSession, { type SessionData } from "express-session";
import request from "supertest";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStorage } from "../../src/storage/create-storage.js";
import type { Storage } from "../../src/storage/ports.js";
import {
  DatabaseSessionStore,
  DEFAULT_SESSION_TTL_MS,
  REPEAT_SAVE_WINDOW_MS,
  startSessionPruner,
} from "../../src/storage/session-store.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "mms-session-store-"));
let dirs = 0;
const T0 = 1_700_000_000_000;

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A session as express-session hands it to the store; only the cookie fields the store reads. */
function session(
  cookie: { expires?: Date | string | null; maxAge?: number },
  extra: object = {},
): SessionData {
  return { cookie: { originalMaxAge: null, ...cookie }, ...extra } as unknown as SessionData;
}

describe("DatabaseSessionStore", () => {
  let storage: Storage;
  let now = T0;
  let store: DatabaseSessionStore;

  const get = (sid: string) =>
    new Promise<SessionData | null | undefined>((resolve, reject) =>
      store.get(sid, (err, value) => (err ? reject(err) : resolve(value))),
    );
  const set = (sid: string, data: SessionData) =>
    new Promise<void>((resolve, reject) => store.set(sid, data, (err) => (err ? reject(err) : resolve())));
  const touch = (sid: string, data: SessionData) =>
    new Promise<void>((resolve, reject) => store.touch(sid, data, (err) => (err ? reject(err) : resolve())));
  const destroy = (sid: string) =>
    new Promise<void>((resolve, reject) => store.destroy(sid, (err) => (err ? reject(err) : resolve())));

  beforeEach(async () => {
    storage = await createStorage({ dataDir: path.join(root, `db-${++dirs}`) });
    now = T0;
    store = new DatabaseSessionStore(storage.sessions, { now: () => now });
  });

  afterEach(async () => {
    await storage.close();
  });

  it("round-trips a session as JSON", async () => {
    await set("s1", session({ expires: new Date(T0 + 60_000) }, { user: { id: "u1", admin: false } }));
    expect(await get("s1")).toEqual({
      cookie: { originalMaxAge: null, expires: new Date(T0 + 60_000).toISOString() },
      user: { id: "u1", admin: false },
    });
    expect(await get("missing")).toBeNull();
  });

  it("skips a repeat save of the same session object only while nothing but a small expiry move changed", async () => {
    const expiry = async (sid: string) => (await storage.sessions.get(sid, 0))?.expiresAt;
    const s = session({ expires: new Date(T0 + 60_000) }, { who: "alice" });
    await set("s1", s);
    // express-session's touch as the headers go out: the cookie's expiry a few ms later.
    (s.cookie as { expires?: Date }).expires = new Date(T0 + 60_003);
    await set("s1", s);
    expect(await expiry("s1")).toBe(T0 + 60_000);
    // Moved further than REPEAT_SAVE_WINDOW_MS: written.
    (s.cookie as { expires?: Date }).expires = new Date(T0 + 60_000 + REPEAT_SAVE_WINDOW_MS + 1);
    await set("s1", s);
    expect(await expiry("s1")).toBe(T0 + 60_000 + REPEAT_SAVE_WINDOW_MS + 1);
    // Data changed: written.
    (s as unknown as Record<string, unknown>).who = "bob";
    await set("s1", s);
    expect((await get("s1")) as unknown as { who: string }).toMatchObject({ who: "bob" });
    // Another sid, or another object with the same data: written.
    await storage.sessions.destroy("s1");
    await set("s1", session({ expires: new Date(T0 + 60_000) }, { who: "bob" }));
    expect(await expiry("s1")).toBe(T0 + 60_000);
    await set("s2", s);
    expect(await expiry("s2")).toBeDefined();
  });

  it("expires with the cookie's expiry, its maxAge, or the default", async () => {
    await set("byDate", session({ expires: new Date(T0 + 1_000) }));
    await set("byString", session({ expires: new Date(T0 + 2_000).toISOString() }));
    await set("byMaxAge", session({ maxAge: 3_000 }));
    await set("byDefault", session({}));
    const expiry = async (sid: string) => (await storage.sessions.get(sid, 0))?.expiresAt;
    expect(await expiry("byDate")).toBe(T0 + 1_000);
    expect(await expiry("byString")).toBe(T0 + 2_000);
    expect(await expiry("byMaxAge")).toBe(T0 + 3_000);
    expect(await expiry("byDefault")).toBe(T0 + DEFAULT_SESSION_TTL_MS);
    now = T0 + 1_000;
    expect(await get("byDate")).toBeNull();
    expect(await get("byString")).not.toBeNull();
  });

  it("touch moves the expiry and destroy removes the session", async () => {
    await set("s1", session({ maxAge: 1_000 }, { n: 1 }));
    await touch("s1", session({ maxAge: 10_000 }, { n: 2 }));
    now = T0 + 5_000;
    expect(await get("s1")).toMatchObject({ n: 1 });
    await destroy("s1");
    expect(await get("s1")).toBeNull();
  });

  it("reports storage errors through the callback", async () => {
    await storage.sessions.set({ sid: "bad", data: "{not json", expiresAt: T0 + 1_000 });
    await expect(get("bad")).rejects.toBeInstanceOf(SyntaxError);
    await storage.close();
    await expect(set("s", session({}))).rejects.toThrow();
  });
});

describe("startSessionPruner", () => {
  it("deletes expired sessions periodically until stopped", async () => {
    const storage = await createStorage({ dataDir: path.join(root, `db-${++dirs}`) });
    try {
      const deleteExpired = vi.spyOn(storage.sessions, "deleteExpired");
      await storage.sessions.set({ sid: "old", data: "{}", expiresAt: Date.now() - 1 });
      const stop = startSessionPruner(storage.sessions, 10);
      await vi.waitFor(async () => expect(await storage.sessions.get("old", 0)).toBeUndefined());
      await vi.waitFor(() => expect(deleteExpired.mock.calls.length).toBeGreaterThan(1));
      stop();
      const calls = deleteExpired.mock.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(deleteExpired.mock.calls.length).toBe(calls);
    } finally {
      await storage.close();
    }
  });

  it("passes failures to onError and keeps running", async () => {
    const failing = {
      get: async () => undefined,
      set: async () => {},
      destroy: async () => {},
      take: async () => undefined,
      touch: async () => {},
      deleteExpired: async () => {
        throw new Error("db down");
      },
    };
    const errors: unknown[] = [];
    const stop = startSessionPruner(failing, 5, (err) => errors.push(err));
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(2));
    stop();
    expect(errors[0]).toBeInstanceOf(Error);
  });
});

describe("DatabaseSessionStore with express-session", () => {
  it("writes a session saved before the response once, not again when the response ends", async () => {
    const storage = await createStorage({ dataDir: path.join(root, `db-${++dirs}`) });
    try {
      const writes: string[] = [];
      const sessions = storage.sessions;
      const port: Storage["sessions"] = {
        get: (sid, now) => sessions.get(sid, now),
        set: async (row) => {
          writes.push(row.data);
          await sessions.set(row);
        },
        destroy: (sid) => sessions.destroy(sid),
        take: (sid, now) => sessions.take(sid, now),
        touch: (sid, expiresAt) => sessions.touch(sid, expiresAt),
        deleteExpired: (now) => sessions.deleteExpired(now),
      };
      const app = express();
      app.use(
        expressSession({
          store: new DatabaseSessionStore(port),
          secret: "test-secret",
          resave: false,
          saveUninitialized: false,
          cookie: { maxAge: 60_000 },
        }),
      );
      const bag = (req: express.Request) => req.session as unknown as Record<string, unknown>;
      // The sign-in hand-over's shape: a new session id, the data, an explicit save, a redirect.
      app.post("/sign-in", (req, res, next) =>
        req.session.regenerate((err) => {
          if (err) return next(err);
          bag(req).who = "alice";
          req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(303, "/who")));
        }),
      );
      // A change after the explicit save is still written when the response ends.
      app.post("/sign-in-and-note", (req, res, next) =>
        req.session.regenerate((err) => {
          if (err) return next(err);
          bag(req).who = "bob";
          req.session.save((saveErr) => {
            if (saveErr) return next(saveErr);
            bag(req).note = "late";
            res.redirect(303, "/who");
          });
        }),
      );
      app.get("/who", (req, res) => res.json({ who: bag(req).who ?? null, note: bag(req).note ?? null }));

      const alice = request.agent(app);
      await alice.post("/sign-in").expect(303);
      expect(writes).toHaveLength(1);
      expect((await alice.get("/who")).body).toEqual({ who: "alice", note: null });

      const bob = request.agent(app);
      await bob.post("/sign-in-and-note").expect(303);
      expect(writes).toHaveLength(3);
      expect((await bob.get("/who")).body).toEqual({ who: "bob", note: "late" });
    } finally {
      await storage.close();
    }
  });

  it("keeps a session across requests through the real middleware", async () => {
    const storage = await createStorage({ dataDir: path.join(root, `db-${++dirs}`) });
    try {
      const app = express();
      app.use(
        expressSession({
          store: new DatabaseSessionStore(storage.sessions),
          secret: "test-secret",
          resave: false,
          saveUninitialized: false,
          cookie: { maxAge: 60_000 },
        }),
      );
      // Cast: declaring a SessionData field here would leak into every other module's types.
      const bag = (req: express.Request) => req.session as unknown as Record<string, unknown>;
      app.post("/count", (req, res) => {
        bag(req).count = Number(bag(req).count ?? 0) + 1;
        res.json({ count: bag(req).count });
      });
      app.post("/logout", (req, res, next) => req.session.destroy((err) => (err ? next(err) : res.end())));

      const agent = request.agent(app);
      expect((await agent.post("/count")).body).toEqual({ count: 1 });
      expect((await agent.post("/count")).body).toEqual({ count: 2 });
      await agent.post("/logout").expect(200);
      expect((await agent.post("/count")).body).toEqual({ count: 1 });
    } finally {
      await storage.close();
    }
  });
});
