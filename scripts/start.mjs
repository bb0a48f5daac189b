// `npm start`: one node process that compiles dist/ when needed (esbuild, well under a second)
// and then runs the service in this same process. Not `build && node …`: npm passes SIGTERM and
// SIGINT to the process it started, and a shell in between would not hand them on, leaving the
// service running. Here that process is the service, so a stop drains and closes the port.
// WORKERS > 1 forks this same script (node:cluster); dist/ is fresh by then and is not rebuilt.
import { buildIfNeeded } from "./build.mjs";

await buildIfNeeded();
await import("../dist/src/main.js");
