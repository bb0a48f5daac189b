import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError } from "../errors.js";
import type { Logger } from "../log.js";
import { newTraceId } from "../security/random-ids.js";
import { wantsJson } from "./client-info.js";
import { sendView } from "./views.js";

interface HttpErrorLike {
  code?: string;
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Errors thrown by body parsers and other middleware, turned into our AppError. */
function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const http = (typeof err === "object" && err !== null ? err : {}) as HttpErrorLike;
  const status = http.status ?? http.statusCode;
  if (http.type === "entity.too.large" || status === 413) {
    return new AppError("BODY_TOO_LARGE", "The request body is larger than this service accepts (512 KB).", {
      status: 413,
    });
  }
  if (http.code === "EBADCSRFTOKEN") {
    return new AppError(
      "CSRF_TOKEN_INVALID",
      "This form has expired or was not sent by this site. Go back, reload the page and try again.",
      { status: 403 },
    );
  }
  if (
    http.type === "entity.parse.failed" ||
    http.type === "encoding.unsupported" ||
    http.type === "charset.unsupported"
  ) {
    return new AppError("BAD_REQUEST_BODY", "The request body could not be read.", { status: 400 });
  }
  if (typeof status === "number" && status >= 400 && status < 500 && http.expose !== false) {
    return new AppError("BAD_REQUEST", "The request was not accepted.", { status });
  }
  return new AppError("INTERNAL_ERROR", "Something went wrong on our side.", { status: 500, cause: err });
}

/** One handler for every error: a page for browsers, JSON for API clients; 5xx details never leave the server. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    const traceId = newTraceId();
    if (appError.status >= 500) log.error({ err, traceId }, "request failed");
    else log.info({ code: appError.code, traceId }, appError.message);
    if (res.headersSent) {
      res.end();
      return;
    }
    const message = appError.expose ? appError.message : "Something went wrong on our side.";
    if (wantsJson(req) || req.path.startsWith("/api/")) {
      res
        .status(appError.status)
        .json({ error: { code: appError.code, message, fix: appError.fix, traceId } });
      return;
    }
    sendView(
      res,
      "error",
      { title: "Error", code: appError.code, message, fix: appError.fix, traceId },
      appError.status,
    );
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError("NOT_FOUND", `There is no page at ${req.path}.`, { status: 404 }));
};
