import { PassThrough } from "node:stream";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { createLogger } from "../../src/log.js";
import { createTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";

let rt: TestRuntime;
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  rt = await createTestRuntime();
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line));
  });
  rt.ctx.log = createLogger("info", stream);
});
afterAll(() => rt.dispose());

describe("request ids in the logs", () => {
  it("puts the request's id on every line written while serving it, services included", async () => {
    const app = buildApp(rt.ctx);
    const res = await request(app).get("/micloud/portal?account=no-such-account");
    expect(res.status).toBe(404);
    const id = res.headers["x-request-id"];
    expect(id).toMatch(/^[A-Z0-9x]{6,}$/);
    await new Promise((r) => setTimeout(r, 50));
    const served = lines.filter((l) => l.reqId === id);
    // The error handler's line (written through ctx.log, not req.log) and pino-http's request line.
    expect(served.length).toBeGreaterThanOrEqual(2);
    expect(served.some((l) => l.code === "ACCOUNT_NOT_FOUND")).toBe(true);
  });
});
