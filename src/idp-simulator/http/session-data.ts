/** What the simulator keeps in the browser session (express-session, mounted by the host app). */
declare module "express-session" {
  interface SessionData {
    /** Synchroniser token of the simulator's forms. */
    entraSimCsrf?: string;
    /** Who the browser is signed in to the simulated tenant as (set by a sign-in or by My Apps). */
    entraSimUser?: { tenantId: string; objectId: string };
  }
}

export {};
