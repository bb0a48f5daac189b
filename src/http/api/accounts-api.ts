import { Router } from "express";
import type { AppContext } from "../../context.js";

/** Accounts and users over JSON (placeholder). */
export function accountsApi(_ctx: AppContext): Router {
  return Router();
}
