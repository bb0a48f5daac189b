import http from "node:http";
import type { LoadResult, LoadSpec, PreparedPost } from "./load-types.js";

const MAX_ERROR_SAMPLES = 5;
const REQUEST_TIMEOUT_MS = 30_000;

interface Outcome {
  ok: boolean;
  latencyMs: number;
  problem?: string;
}

/**
 * A closed-loop load generator: `concurrency` virtual browsers over keep-alive connections, each
 * posting its next prepared sign-in as soon as the previous one is answered. Every request
 * carries its own signed response and binding cookie, which is why a generic tool that replays one
 * body does not fit. Bounded by the number of prepared posts and by a time limit.
 */
export async function generateLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const latencies = new Float64Array(spec.posts.length);
  let next = 0;
  let completed = 0;
  let succeeded = 0;
  let errors = 0;
  let timedOut = false;
  const errorSamples: string[] = [];
  const started = performance.now();
  const deadline = started + spec.timeLimitMs;

  const virtualBrowser = async () => {
    for (;;) {
      if (performance.now() > deadline) {
        timedOut = next < spec.posts.length;
        return;
      }
      const post = spec.posts[next++];
      if (!post) return;
      const outcome = await postOnce(agent, spec, post);
      completed++;
      if (outcome.ok) latencies[succeeded++] = outcome.latencyMs;
      else {
        errors++;
        if (errorSamples.length < MAX_ERROR_SAMPLES) errorSamples.push(outcome.problem ?? "error");
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, virtualBrowser));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { completed, errors, errorSamples, elapsedMs, latenciesMs: latencies.slice(0, succeeded), timedOut };
}

/**
 * One browser's sign-in: POST the response to the ACS; when the ACS hands over through
 * /saml/complete?ticket=… (the session joins the browser's own on that top-level GET), follow it
 * with the same cookie, as the browser does. Success: a 303 to the expected landing page.
 */
async function postOnce(agent: http.Agent, spec: LoadSpec, post: PreparedPost): Promise<Outcome> {
  const started = performance.now();
  try {
    const posted = await send(agent, spec, "POST", post.path, post.cookie, post.body);
    let answer = posted;
    const handover = `${post.path.replace(/\/acs$/, "/complete")}?`;
    if (posted.status === 303 && posted.location?.startsWith(handover)) {
      answer = await send(agent, spec, "GET", posted.location, post.cookie, null);
    }
    const latencyMs = performance.now() - started;
    if (answer.status === 303 && answer.location === post.expectLocation) return { ok: true, latencyMs };
    return {
      ok: false,
      latencyMs,
      problem: `HTTP ${answer.status} ${answer.location ?? ""} ${answer.errorCode}`.trim(),
    };
  } catch (err) {
    return { ok: false, latencyMs: 0, problem: err instanceof Error ? err.message : String(err) };
  }
}

interface Answer {
  status: number;
  location: string | undefined;
  /** data-error-code of a failure page, when the body has one. */
  errorCode: string;
}

function send(
  agent: http.Agent,
  spec: LoadSpec,
  method: "POST" | "GET",
  path: string,
  cookie: string,
  body: string | null,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {
      Host: `localhost:${spec.port}`,
      Cookie: cookie,
      Accept: "text/html",
    };
    if (body !== null) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers["Content-Length"] = Buffer.byteLength(body);
    }
    const req = http.request(
      { host: spec.host, port: spec.port, method, path, agent, timeout: REQUEST_TIMEOUT_MS, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => {
          if (chunks.length < 4) chunks.push(chunk);
        });
        res.on("end", () => {
          const text = res.statusCode === 303 ? "" : Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            errorCode: /data-error-code="([^"]+)"/.exec(text)?.[1] ?? "",
          });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}
