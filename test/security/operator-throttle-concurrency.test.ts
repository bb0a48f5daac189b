import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verifyPassword } from "../../src/security/passwords.js";
import { createTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { csrfFrom, OPERATOR_PASSWORD } from "../http/admin-support.js";

// Counts the password checks: the real scrypt comparison, observed.
vi.mock("../../src/security/passwords.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/security/passwords.js")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

/**
 * The race the issue measured on main (99 of 100 passwords checked): one session cookie and CSRF
 * token, 100 connections each carrying a wrong-password POST /admin/sign-in whose last byte is
 * held back, then all last bytes written together. The throttle counts each attempt before its
 * password is looked at, in one atomic statement, so at most 5 passwords are checked.
 */
let rt: TestRuntime;
let server: http.Server;
let port: number;
let now = Date.parse("2026-06-01T10:00:00Z");

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.ctx.now = () => now;
  server = http.createServer(rt.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rt.dispose();
});

async function signInForm(): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/admin/sign-in`);
  const cookie = (res.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
  return { cookie, token: csrfFrom(await res.text()) };
}

function rawPost(cookie: string, token: string, password: string): string {
  const body = new URLSearchParams({ _csrf: token, password }).toString();
  return (
    "POST /admin/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
    `Cookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** Opens a connection, writes all but the last byte; `release()` writes it; resolves with the status. */
async function held(request: string): Promise<{ release: () => void; status: Promise<number> }> {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write(request.slice(0, -1));
  let answer = "";
  socket.on("data", (chunk: Buffer) => {
    answer += chunk.toString("latin1");
  });
  const status = new Promise<number>((resolve) =>
    socket.once("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0))),
  );
  return { release: () => socket.write(request.slice(-1)), status };
}

describe("the operator throttle under concurrency", () => {
  it("100 wrong passwords released together: at most 5 are checked, then the right one waits for the window", async () => {
    const { cookie, token } = await signInForm();
    const check = vi.mocked(verifyPassword);
    check.mockClear();

    const requests = await Promise.all(
      Array.from({ length: 100 }, (_, i) => held(rawPost(cookie, token, `wrong-password-${i}`))),
    );
    for (const r of requests) r.release();
    const statuses = await Promise.all(requests.map((r) => r.status));

    expect(check.mock.calls.length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401 || s === 429)).toHaveLength(100);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);

    const right = await held(rawPost(cookie, token, OPERATOR_PASSWORD));
    right.release();
    expect(await right.status).toBe(429);
    expect(check.mock.calls.length).toBeLessThanOrEqual(5);

    now += 15 * 60_000;
    const later = await held(rawPost(cookie, token, OPERATOR_PASSWORD));
    later.release();
    expect(await later.status).toBe(303);
  });
});
