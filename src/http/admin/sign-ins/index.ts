import { Router } from "express";
import type { AppContext } from "../../../context.js";

/** Sign-in log pages (placeholder until diagnostics land). */
export function signInAdminRoutes(_ctx: AppContext): Router {
  return Router();
}
