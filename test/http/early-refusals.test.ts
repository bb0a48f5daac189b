import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerEarlyRefusals } from "../../src/http/early-refusals.js";
import { createLogger } from "../../src/log.js";
import { createTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";

/**
 * Refusals Node's HTTP parser makes before Express runs get the service's own answer (a page or
 * JSON with a code and a trace id), not Node's bare status line. Raw sockets, since a well-behaved
 * client library will not send what these tests send.
 */
let rt: TestRuntime;
let server: http.Server;
let port: number;

beforeAll(async () => {
  rt = await createTestRuntime();
  server = http.createServer(rt.app);
  answerEarlyRefusals(server, createLogger("silent"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rt.dispose();
});

/** Sends raw bytes, returns everything the server answered before closing. */
function raw(bytes: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
    let answer = "";
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("utf8");
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const split = answer.indexOf("\r\n\r\n");
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0),
        headers: answer.slice(0, split),
        body: answer.slice(split + 4),
      });
    });
  });
}

const longUrl = `/micloud/acme/saml/login?RelayState=${"a".repeat(20_000)}`;

describe("Node's early refusals, in the service's words", () => {
  it("a 20,000-character query string → 431 HEADERS_TOO_LARGE as the error page", async () => {
    const res = await raw(`GET ${longUrl} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(res.headers).toMatch(/content-type: text\/html/i);
    expect(res.body).toContain('data-error-code="HEADERS_TOO_LARGE"');
    expect(res.body).toMatch(/data-trace-id>[A-Z0-9]+</);
  });

  it("the same asked for as JSON → 431 with the code in JSON", async () => {
    const res = await raw(`GET ${longUrl} HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n`);
    expect(res.status).toBe(431);
    const body = JSON.parse(res.body) as { error: { code: string; traceId: string } };
    expect(body.error.code).toBe("HEADERS_TOO_LARGE");
    expect(body.error.traceId).toMatch(/\S/);
  });

  it("an API path → JSON even without an Accept header", async () => {
    const res = await raw(
      `GET /api/v1/accounts HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe("HEADERS_TOO_LARGE");
  });

  it("a request line that is not HTTP → 400 BAD_REQUEST", async () => {
    const res = await raw("HELLO THERE\r\n\r\n");
    expect(res.status).toBe(400);
    expect(res.body).toContain('data-error-code="BAD_REQUEST"');
  });

  it("a malformed header → 400 BAD_REQUEST", async () => {
    const res = await raw("GET / HTTP/1.1\r\nHost: localhost\r\nBad Header Without Colon\r\n\r\n");
    expect(res.status).toBe(400);
    expect(res.body).toContain('data-error-code="BAD_REQUEST"');
  });

  it("control: an ordinary request on the same server is answered by Express", async () => {
    const res = await raw("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    expect(res.status).toBe(200);
  });
});
