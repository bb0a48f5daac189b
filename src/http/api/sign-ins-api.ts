import { Router } from "express";
import type { AppContext } from "../../context.js";

/** Sign-in log and analyze over JSON (placeholder). */
export function signInsApi(_ctx: AppContext): Router {
  return Router();
}
