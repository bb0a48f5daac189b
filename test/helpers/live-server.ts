import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A real HTTP server on port 0. The port is known before the app is built, because PUBLIC_URL
 * (and the simulator's URL) must contain it: listen first, then attach the app.
 */
export async function listenOnFreePort(): Promise<{
  server: Server;
  port: number;
  attach(handler: Handler): void;
  close(): Promise<void>;
}> {
  let handler: Handler = (_req, res) => {
    res.statusCode = 503;
    res.end("starting");
  };
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    attach(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
