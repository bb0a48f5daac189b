import type { Express } from "express";
import { AccountService } from "./accounts/account-service.js";
import { applySeedFiles, type WireToSimulator } from "./accounts/seed-accounts.js";
import { SpKeyService } from "./accounts/sp-keys/sp-key-service.js";
import { buildApp, type RouterMount } from "./app.js";
import type { AppConfig } from "./config/load-config.js";
import { loadSecrets } from "./config/secrets.js";
import type { AppContext } from "./context.js";
import { DirectoryService } from "./directory/directory-service.js";
import { createLogger, type Logger } from "./log.js";
import { allPlatforms } from "./platforms/index.js";
import { mitelSignOnUrl } from "./platforms/url-profile.js";
import { SignInLog } from "./sign-ins/sign-in-log.js";
import { createStorage } from "./storage/create-storage.js";
import { startSessionPruner } from "./storage/session-store.js";

export interface Runtime {
  ctx: AppContext;
  app: Express;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  now?: () => number;
  logger?: Logger;
  /** Postgres schema to use (tests isolate runs this way). */
  pgSchema?: string;
  /** Skip background timers (tests that control time). */
  backgroundJobs?: boolean;
}

/**
 * The composition root: storage, secrets, services, the simulator, seeds, the Express app and
 * the background jobs, built once. Listening is left to main.ts so tests run this in-process.
 */
export async function createRuntime(config: AppConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.logger ?? createLogger(config.log.level);
  const now = options.now ?? Date.now;
  const storage = await createStorage({
    databaseUrl: config.storage.databaseUrl ?? null,
    dataDir: config.storage.dataDir,
    pgSchema: options.pgSchema ?? null,
    now,
    onPoolError: (err) => log.error({ err }, "database connection error"),
  });
  const timers: Array<() => void> = [];
  try {
    // Hashing a generated or configured admin password (scrypt, ~80 ms off the main thread) runs
    // while the simulator and the seeds are set up; only the app needs the secrets.
    const secretsLoading = loadSecrets(config, storage.keyValues);
    // Settled in the background too, so that a failure elsewhere first is not an unhandled rejection.
    secretsLoading.catch(() => undefined);
    const accounts = new AccountService(storage.accounts, now, undefined, undefined, config.urls);
    const directory = new DirectoryService(storage.users);
    const spKeys = new SpKeyService(storage.spKeys, now);

    const mounts: RouterMount[] = [];
    let wireToSimulator: WireToSimulator | undefined;
    let simulatorRehearsal: AppContext["simulator"];
    if (config.simulator.enabled) {
      // Loaded only when enabled: with the simulator off, none of its code is in the process.
      const { createEntraSimulator } = await import("./idp-simulator/index.js");
      const simulator = await createEntraSimulator({
        kv: storage.keyValues,
        publicUrl: config.simulatorPublicUrl,
        now,
        log,
        galleryPatterns: config.simulator.enforceGalleryPatterns ? galleryPatternsOf(config) : null,
      });
      mounts.push((app) => app.use("/entra-sim", simulator.router));
      wireToSimulator = (input) => simulator.ensureMitelConnectApp(input);
      simulatorRehearsal = simulator.rehearsal;
    }
    await applySeedFiles(
      {
        accounts,
        directory,
        spKeys,
        publicUrl: config.server.publicUrl,
        log,
        ...(wireToSimulator
          ? { wireToSimulator, httpOrigins: [new URL(config.simulatorPublicUrl).origin] }
          : {}),
      },
      config.seedFiles,
    );

    const ctx: AppContext = {
      config,
      secrets: await secretsLoading,
      log,
      storage,
      accounts,
      spKeys,
      directory,
      signIns: new SignInLog(storage.signIns, log, now, {
        counters: storage.rateCounters,
        maxPerAccount: config.signIns.maxPerAccount,
        failuresPerAddress: config.signIns.failuresPerAddress,
        failuresPerAccount: config.signIns.failuresPerAccount,
        windowMs: FAILURE_WINDOW_MS,
        now: () => ctx.now(),
      }),
      now,
      ...(simulatorRehearsal ? { simulator: simulatorRehearsal } : {}),
    };
    const app = buildApp(ctx, mounts);
    if (options.backgroundJobs !== false) timers.push(...startBackgroundJobs(ctx));
    return {
      ctx,
      app,
      async close() {
        for (const stop of timers) stop();
        await storage.close();
      },
    };
  } catch (err) {
    for (const stop of timers) stop();
    await storage.close();
    throw err;
  }
}

/** The window of the recorded-failure limits (signIns.failuresPerAddress, failuresPerAccount). */
const FAILURE_WINDOW_MS = 10 * 60_000;

/** The simulator's "Mitel Connect" patterns: the Mitel-shaped URLs this service is configured with. */
function galleryPatternsOf(config: AppConfig) {
  const mitel = config.urls.mitel;
  const signOnUrls = allPlatforms().flatMap((p) => p.apps.map((app) => mitelSignOnUrl(app, mitel)));
  return { identifierBase: mitel.identifierBase, signOnUrls };
}

/** Housekeeping off the request path: expired sessions, requests, replay entries; sign-in retention. */
function startBackgroundJobs(ctx: AppContext): Array<() => void> {
  const onError = (err: unknown) => ctx.log.warn({ err }, "housekeeping failed");
  const every = (ms: number, job: () => Promise<unknown>) => {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      job()
        .catch(onError)
        .finally(() => {
          running = false;
        });
    }, ms);
    timer.unref();
    return () => clearInterval(timer);
  };
  const { retentionDays, maxPerAccount } = ctx.config.signIns;
  return [
    startSessionPruner(ctx.storage.sessions, 10 * 60_000, onError, ctx.now),
    every(60_000, () => ctx.storage.authnRequests.deleteExpired(ctx.now() - 24 * 3600_000)),
    every(60_000, () => ctx.storage.replays.deleteExpired(ctx.now())),
    every(60_000, () => ctx.storage.rateCounters.deleteExpired(ctx.now())),
    every(10 * 60_000, () => ctx.signIns.prune(retentionDays * 24 * 3600_000, maxPerAccount)),
  ];
}
