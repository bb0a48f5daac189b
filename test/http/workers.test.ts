/**
 * WORKERS > 1 (node:cluster), run as `npm run dev` would (tsx): every worker listens on the shared
 * port and the primary says so once; a worker whose start-up fails is not restarted in a loop.
 */
import { afterEach, describe, expect, it } from "vitest";
import { freePort, spawnService, stopAll, tempDataDir, waitFor } from "../helpers/service-process.js";

// SIGTERM: the primary then stops its workers too (a SIGKILLed primary would orphan them).
afterEach(stopAll);

function startService(env: Record<string, string>) {
  // tsx as a loader (not its CLI, which would sit in between): the child is the service itself,
  // so killing it here leaves nothing behind, and cluster.fork() inherits the loader.
  return spawnService(process.execPath, ["--import", "tsx", "src/main.ts"], {
    DATA_DIR: tempDataDir("mms-workers-"),
    LOG_LEVEL: "warn",
    ENTRA_SIMULATOR: "off",
    ...env,
  });
}

/** WORKERS=count on a free port; resolves once the primary says every worker listens. */
async function startListening(count: number, env: Record<string, string> = {}) {
  const port = await freePort();
  const service = startService({
    WORKERS: String(count),
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    ...env,
  });
  const listening = await waitFor(() => service.output().includes(`${count} workers are listening`), 50_000);
  expect(listening, service.output()).toBe(true);
  return { ...service, port };
}

/** SIGTERM to the primary stops the workers too; everything ends with exit code 0. */
async function stopCleanly(service: ReturnType<typeof startService>) {
  service.child.kill("SIGTERM");
  expect(await service.exited).toBe(0);
}

describe("WORKERS", () => {
  it("starts every worker on the shared port and says so once all listen", async () => {
    const service = await startListening(2);
    expect(service.output()).toMatch(/pids \d+, \d+/);
    const ready = await fetch(`http://127.0.0.1:${service.port}/readyz`);
    expect(ready.status).toBe(200);
    await stopCleanly(service);
  }, 60_000);

  it("prepares a fresh data directory once before the workers start (no migration race, secrets shown once)", async () => {
    // Default seeds and the simulator on: tables, secrets, simulator keys and seeded accounts all
    // get written on first start, which several workers used to race for.
    const service = await startListening(3, { ENTRA_SIMULATOR: "on" });
    expect(service.output().match(/Operator console password/g)?.length, service.output()).toBe(1);
    expect(service.output()).not.toMatch(/failed|stopped/);
    const metadata = await fetch(`http://127.0.0.1:${service.port}/micloud/contoso-micloud/saml/metadata`);
    expect(metadata.status).toBe(200);
    await stopCleanly(service);
  }, 70_000);

  it("replaces a serving worker that dies, and says so", async () => {
    const service = await startListening(2);
    const victim = Number(/pids (\d+), \d+/.exec(service.output())?.[1]);
    process.kill(victim, "SIGKILL");
    const replaced = await waitFor(
      () => service.output().includes(`worker ${victim} stopped (signal SIGKILL); starting a new one`),
      20_000,
    );
    expect(replaced, service.output()).toBe(true);
    // The survivor serves meanwhile; the replacement joins it.
    expect((await fetch(`http://127.0.0.1:${service.port}/readyz`)).status).toBe(200);
    await stopCleanly(service);
  }, 60_000);

  it("stops instead of restarting workers whose start-up fails", async () => {
    const port = await freePort();
    const closed = await freePort();
    const service = startService({
      WORKERS: "2",
      PORT: String(port),
      // Nothing listens there: every worker fails while opening storage.
      DATABASE_URL: `postgres://nobody@127.0.0.1:${closed}/none`,
    });
    const code = await Promise.race([
      service.exited,
      new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 40_000)),
    ]);
    expect(code, service.output()).not.toBe("still running");
    expect(code).not.toBe(0);
    expect(service.output()).not.toContain("workers are listening");
  }, 60_000);
});
