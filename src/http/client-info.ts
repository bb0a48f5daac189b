import type { Request } from "express";
import type { ClientInfo } from "../domain/sign-in-record.js";

export function clientInfo(req: Request): ClientInfo {
  return { ip: req.ip ?? null, userAgent: req.get("user-agent")?.slice(0, 300) ?? null };
}

/** Whether the client asked for JSON rather than a page (API clients, tests, curl -H). */
export function wantsJson(req: Request): boolean {
  return req.accepts(["html", "json"]) === "json";
}
