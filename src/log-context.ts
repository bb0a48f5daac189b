import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request id of the HTTP request being served, for every log line written while serving it
 * (including lines from services that never see the request). Set by the app, read by the logger.
 */
export const logContext = new AsyncLocalStorage<{ reqId: string }>();
