/**
 * express-session saves the session from inside res.end and sends the status and headers before
 * that save has finished, so a browser following a 303 at once could load the next page before
 * the session it depends on was stored (no operator sign-in, no flash message). The routes save
 * first (saveSession). Here the store takes 300 ms to write, and the redirect's headers, read the
 * moment they arrive on a real socket, must come after the write has finished.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnFreePort } from "../helpers/live-server.js";
import { createTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { csrfFrom, OPERATOR_PASSWORD } from "./admin-support.js";

const STORE_WRITE_MS = 300;

let rt: TestRuntime;
let live: Awaited<ReturnType<typeof listenOnFreePort>>;
const writesFinishedAt: number[] = [];

beforeAll(async () => {
  live = await listenOnFreePort();
  rt = await createTestRuntime();
  live.attach(rt.app);
  const { sessions } = rt.ctx.storage;
  const write = sessions.set.bind(sessions);
  sessions.set = async (row) => {
    await new Promise((resolve) => setTimeout(resolve, STORE_WRITE_MS));
    await write(row);
    writesFinishedAt.push(Date.now());
  };
});
afterAll(async () => {
  await live.close();
  await rt.dispose();
});

/** A browser's cookie jar, just enough for one session. */
class Browser {
  cookies = new Map<string, string>();
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  remember(setCookie: string[] | undefined) {
    for (const line of setCookie ?? []) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  /** Resolves when the status line and headers arrive, before the body has ended. */
  request(method: string, path: string, form?: Record<string, string>) {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    return new Promise<{ status: number; location: string | null; headersAt: number; text: Promise<string> }>(
      (resolve, reject) => {
        const req = http.request(
          {
            host: "127.0.0.1",
            port: live.port,
            method,
            path,
            headers: {
              cookie: this.header(),
              ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
            },
          },
          (res) => {
            const headersAt = Date.now();
            this.remember(res.headers["set-cookie"]);
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            const text = new Promise<string>((done) =>
              res.on("end", () => done(Buffer.concat(chunks).toString())),
            );
            resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, headersAt, text });
          },
        );
        req.on("error", reject);
        req.end(body);
      },
    );
  }
}

/**
 * Posts the form on `pagePath` (with that page's CSRF token) and checks that the 303's headers
 * arrived only after the first session write that began meanwhile had finished.
 */
async function postExpectingStoredSession(
  browser: Browser,
  pagePath: string,
  action: string,
  fields: Record<string, string>,
) {
  const page = await browser.request("GET", pagePath);
  const csrf = csrfFrom(await page.text);
  const before = writesFinishedAt.length;
  const posted = await browser.request("POST", action, { _csrf: csrf, ...fields });
  expect(posted.status).toBe(303);
  expect(writesFinishedAt[before] ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(posted.headersAt);
  await posted.text;
  return posted;
}

async function signedInOperator(): Promise<Browser> {
  const browser = new Browser();
  await postExpectingStoredSession(browser, "/admin/sign-in", "/admin/sign-in", {
    password: OPERATOR_PASSWORD,
    next: "/admin/accounts",
  });
  return browser;
}

describe("a slow session store", () => {
  it("operator sign-in: the 303 arrives after the session is stored, and the next page is signed in", async () => {
    const browser = await signedInOperator();
    expect((await browser.request("GET", "/admin/accounts")).status).toBe(200);
  });

  it("a flash message: stored before the 303, shown on the very next page", async () => {
    const browser = await signedInOperator();
    const created = await postExpectingStoredSession(browser, "/admin/accounts", "/admin/accounts", {
      platform: "micloud",
      id: "slow-store",
      displayName: "Slow Store Ltd",
    });
    const next = await browser.request("GET", created.location ?? "/");
    expect(await next.text).toContain(`class="flash" role="status"`);
  });
});
