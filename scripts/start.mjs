// `npm start`: one node process that compiles dist/ when needed (esbuild, about a second; `npm ci`
// already did it) and then runs the service, bundled into dist/mitel-mock-sp.js, in this process. Not `build && node …`: npm passes SIGTERM and
// SIGINT to the process it started, and a shell in between would not hand them on, leaving the
// service running. Here that process is the service, so a stop drains and closes the port.
// WORKERS > 1 forks this same script (node:cluster); dist/ is fresh by then and is not rebuilt.
import { buildIfNeeded } from "./build.mjs";

await buildIfNeeded();
await import("../dist/mitel-mock-sp.js");
