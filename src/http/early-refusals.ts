import type { Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import type { Logger } from "../log.js";
import { newTraceId } from "../security/random-ids.js";
import { renderView } from "./views.js";

/**
 * Requests Node's HTTP parser refuses before Express sees them: a URL or headers over 16 KB (431),
 * a request line or header that is not HTTP (400), a request whose headers never finish (408).
 * Node would answer with a bare status line and no body; the 'clientError' event lets us answer
 * as every other refusal does: the error page, or JSON when the client asked for it, with a code
 * and a trace id. The parser stopped mid-request, so the connection is closed after the answer.
 */
interface EarlyRefusal {
  status: number;
  reason: string;
  code: string;
  message: string;
}

const HEADERS_TOO_LARGE: EarlyRefusal = {
  status: 431,
  reason: "Request Header Fields Too Large",
  code: "HEADERS_TOO_LARGE",
  message: "The request's URL or headers are longer than this service accepts (16 KB in all).",
};
const REQUEST_TIMEOUT: EarlyRefusal = {
  status: 408,
  reason: "Request Timeout",
  code: "REQUEST_TIMEOUT",
  message: "The request took too long to arrive.",
};
const BAD_REQUEST: EarlyRefusal = {
  status: 400,
  reason: "Bad Request",
  code: "BAD_REQUEST",
  message: "The request could not be read: it is not well-formed HTTP.",
};

export function refusalFor(errorCode: string | undefined): EarlyRefusal {
  if (errorCode === "HPE_HEADER_OVERFLOW") return HEADERS_TOO_LARGE;
  if (errorCode === "ERR_HTTP_REQUEST_TIMEOUT") return REQUEST_TIMEOUT;
  return BAD_REQUEST;
}

/** Whatever of the request arrived asks for JSON (an API path, or Accept: application/json). */
function wantsJson(rawPacket: Buffer | undefined): boolean {
  const head = rawPacket?.subarray(0, 64 * 1024).toString("latin1") ?? "";
  return /^[A-Z]+ \/api\//.test(head) || /\r\naccept:[^\r\n]*application\/json/i.test(head);
}

function body(refusal: EarlyRefusal, traceId: string, json: boolean): string {
  if (json) return JSON.stringify({ error: { code: refusal.code, message: refusal.message, traceId } });
  try {
    return renderView("error", { title: "Error", code: refusal.code, message: refusal.message, traceId });
  } catch {
    return `<!doctype html><title>Error</title><p>Error code: <strong data-error-code="${refusal.code}">${refusal.code}</strong></p><p>${refusal.message}</p><p>Trace id: <code data-trace-id>${traceId}</code></p>`;
  }
}

export function answerEarlyRefusals(server: HttpServer | HttpsServer, log: Logger): void {
  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    // A reset connection has no one to answer; a response already begun cannot get a second one.
    if (
      err.code === "ECONNRESET" ||
      !socket.writable ||
      (socket as { _httpMessage?: unknown })._httpMessage
    ) {
      socket.destroy();
      return;
    }
    const refusal = refusalFor(err.code);
    const traceId = newTraceId();
    const json = wantsJson(err.rawPacket);
    const text = body(refusal, traceId, json);
    log.info({ code: refusal.code, traceId, parserError: err.code }, refusal.message);
    socket.end(
      `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\n` +
        `Content-Type: ${json ? "application/json" : "text/html"}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n` +
        "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n" +
        "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'\r\n" +
        `X-Request-Id: ${traceId}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
}
