/** What the simulator keeps in the browser session (express-session, mounted by the host app). */
declare module "express-session" {
  interface SessionData {
    /** Synchroniser token of the simulator's forms. */
    entraSimCsrf?: string;
    /** Who the browser is signed in to the simulated tenant as (set by a sign-in or by My Apps). */
    entraSimUser?: { tenantId: string; objectId: string };
    /** The applications this browser signed in to (session participants, for single sign-out). */
    entraSimParticipants?: SignOutParticipant[];
    /** A single sign-out under way (sign-out.ts). */
    entraSimSignOut?: SignOutChain;
  }
}

/** One application's sign-in in this browser: what a LogoutRequest to it must name. */
export interface SignOutParticipant {
  tenantId: string;
  appObjectId: string;
  nameId: string;
  nameIdFormat: string;
  sessionIndex: string;
}

export interface SignOutChain {
  tenantId: string;
  /** Applications still to be sent a LogoutRequest. */
  pending: SignOutParticipant[];
  /** The LogoutRequest whose LogoutResponse the simulator waits for. */
  current: { appObjectId: string; requestId: string } | null;
  /** What each application answered, for the signed-out page. */
  results: Array<{ appName: string; outcome: string }>;
  /** SP-initiated: the application whose LogoutRequest started it, answered last. */
  answer: { appObjectId: string; requestId: string; relayState: string | null; nameId: string | null } | null;
  /** Set when the starting application has no Logout Url (Entra cannot answer it). */
  unanswered: string | null;
}
