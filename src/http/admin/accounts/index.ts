import { Router } from "express";
import type { AppContext } from "../../../context.js";

/** Accounts list, MiCloud Connect and CloudLink portal screens (placeholder until the console lands). */
export function accountAdminRoutes(_ctx: AppContext): Router {
  return Router();
}
