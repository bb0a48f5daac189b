import type { Express } from "express";

/**
 * The routes registered on an Express 5 app, found by walking app.router's layers (mounted
 * routers included), so a test covers every route that exists, including ones added later.
 */
export interface RegisteredRoute {
  method: string;
  /** The route's path pattern with its mount prefix, e.g. /admin/accounts/:accountId */
  pattern: string;
  /** A concrete path for the pattern (each parameter filled with a plausible value). */
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

export function registeredRoutes(app: Express): RegisteredRoute[] {
  const router = (app as unknown as { router: { stack: LayerLike[] } }).router;
  const out: RegisteredRoute[] = [];
  walk(router.stack, "", out);
  return out;
}

function walk(stack: LayerLike[], prefix: string, out: RegisteredRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const path of paths(layer.route.path)) {
        const pattern = join(prefix, path);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== "_all")
            out.push({ method: method.toUpperCase(), pattern, path: concrete(pattern) });
        }
      }
    } else if (layer.handle?.stack) {
      for (const mount of paths(layer.rawPath ?? "/")) walk(layer.handle.stack, join(prefix, mount), out);
    }
  }
}

function paths(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(paths);
  return []; // a RegExp route: none are used here; skipped rather than guessed
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, "/");
  return joined.length > 1 ? joined.replace(/\/$/, "") : joined;
}

function concrete(pattern: string): string {
  return pattern
    .replace(/\{[^}]*\}/g, "")
    .replace(/\*\w+/g, "x")
    .replace(/:(\w+)/g, (_m, name: string) => (/platform/i.test(name) ? "micloud" : "probe-x"));
}
