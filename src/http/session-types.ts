import type { PlatformId } from "../platforms/platform-id.js";
import type { SignedInIdentity } from "../sign-in-engine/identity.js";

/** What a browser session holds: at most one signed-in identity per platform, and the operator flag. */
declare module "express-session" {
  interface SessionData {
    identities?: Partial<Record<PlatformId, SignedInIdentity>>;
    operator?: { signedInAt: number };
    flash?: { kind: "ok" | "warn" | "error"; text: string }[];
    /** Cross-host sign-ins started here for another host, per account (hosts/cross-host-sign-in.ts). */
    ssoHandoffs?: Record<string, { bindingHash: string; returnOrigin: string }>;
    /** SP-initiated single sign-out under way: the LogoutRequest whose LogoutResponse may end it. */
    pendingLogout?: { accountId: string; requestId: string; expiresAt: number };
  }
}
