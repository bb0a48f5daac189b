import { Router } from "express";
import type { AppContext } from "../../context.js";

/** Operator sign-in and sign-out (placeholder until the console lands). */
export function operatorSessionRoutes(_ctx: AppContext): Router {
  return Router();
}
