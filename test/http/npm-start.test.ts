/**
 * `npm start` as a user runs it: it builds dist/ when needed and serves; SIGTERM or SIGINT to the
 * npm process reaches the service, which stops taking connections at once, still answers the
 * request it was reading, and exits. (The old `build && node dist/src/main.js` left the service
 * running: the shell between npm and node did not pass the signal on.)
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  freePort,
  isReady,
  portOpen,
  spawnService,
  stopAll,
  tempDataDir,
  waitFor,
} from "../helpers/service-process.js";

afterEach(stopAll);

async function startWithNpm() {
  const port = await freePort();
  const service = spawnService("npm", ["start", "--silent"], {
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    DATA_DIR: tempDataDir("mms-npm-start-"),
    LOG_LEVEL: "warn",
  });
  const ready = await waitFor(() => isReady(port), 60_000);
  expect(ready, service.output()).toBe(true);
  return { ...service, port };
}

/** Sends the head and half the body of a form POST; resolves with the socket and what it received. */
function startSlowPost(port: number, path: string, body: string) {
  const socket = net.connect(port, "127.0.0.1");
  let received = "";
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString("utf8");
  });
  socket.on("error", () => undefined);
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`,
  );
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  return { finish: () => socket.write(body.slice(half)), received: () => received, closed };
}

describe("npm start", () => {
  it("prints the generated password and token once, in a box of their own after the start-up lines", async () => {
    const service = await startWithNpm();
    await waitFor(() => service.output().includes("Admin API bearer token"), 10_000);
    const output = service.output();
    const password = /\| Operator console password: (\S+)/.exec(output)?.[1];
    expect(password, output).toBeDefined();
    expect(output.indexOf("Generated once and shown only now")).toBeGreaterThan(
      output.indexOf("is ready at"),
    );
    expect(output.split(password ?? "").length).toBe(2);
    for (const line of output.split("\n").filter((l) => l.startsWith("{"))) {
      expect(line).not.toContain(password);
    }
  }, 90_000);

  it("a port already in use is said in one line (no stack trace), exit code 1", async () => {
    const first = await startWithNpm();
    const second = spawnService("npm", ["start", "--silent"], {
      PORT: String(first.port),
      DATA_DIR: tempDataDir("mms-npm-start-"),
      LOG_LEVEL: "warn",
    });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`mitel-mock-sp cannot listen: port ${first.port} is in use`);
    expect(second.output()).not.toMatch(/\n\s+at /);
  }, 90_000);

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`passes ${signal} to the service: port closed, the request in flight answered, exit 0`, async () => {
      const service = await startWithNpm();
      const inFlight = startSlowPost(
        service.port,
        "/micloud/contoso-micloud/saml/acs",
        `SAMLResponse=${"A".repeat(4000)}&RelayState=%2Fmicloud%2Fportal`,
      );
      // The service has read the head (and is waiting for the rest of the body) before the stop.
      await new Promise((resolve) => setTimeout(resolve, 300));
      service.child.kill(signal);

      const portClosed = await waitFor(async () => !(await portOpen(service.port)), 15_000);
      expect(portClosed, service.output()).toBe(true);
      inFlight.finish();
      await inFlight.closed;
      expect(inFlight.received()).toMatch(/^HTTP\/1\.1 [2-5]\d\d /);
      expect(await service.exited).toBe(0);
    }, 90_000);
  }
});
