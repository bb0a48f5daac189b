import type { Request } from "express";

/** A single string parameter from a parsed body or query; undefined when absent or repeated. */
export function single(source: unknown, name: string): string | undefined {
  if (typeof source !== "object" || source === null) {
    return undefined;
  }
  const value = (source as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

export function bodyField(req: Request, name: string): string | undefined {
  return single(req.body as unknown, name);
}

export function queryField(req: Request, name: string): string | undefined {
  return single(req.query as unknown, name);
}

/** A checkbox: present with any value means on. */
export function checkbox(req: Request, name: string): boolean {
  const value = bodyField(req, name);
  return value !== undefined && value !== "" && value !== "off" && value !== "false";
}

/** A route parameter as one string ("" when absent). */
export function routeParam(req: Request, name: string): string {
  const value: unknown = (req.params as Record<string, unknown>)[name];
  return typeof value === "string" ? value : "";
}
