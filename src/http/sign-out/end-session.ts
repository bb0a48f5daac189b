import type { Request, Response } from "express";
import { allPlatforms } from "../../platforms/index.js";
import { SESSION_COOKIE } from "../session.js";
import { sendView } from "../views.js";

export interface SignedOutPage {
  wasSignedIn: boolean;
  /** Entra confirmed the sign-out too (a valid LogoutResponse arrived). */
  entraSignedOut?: boolean;
}

/** Ends this browser's session here and shows the signed-out page. */
export function endSessionAndShowSignedOut(req: Request, res: Response, page: SignedOutPage): void {
  req.session.destroy(() => {
    res.clearCookie(SESSION_COOKIE, { path: "/" });
    sendView(res, "signed-out", {
      title: "Signed out",
      wasSignedIn: page.wasSignedIn,
      entraSignedOut: page.entraSignedOut ?? false,
      platforms: allPlatforms(),
    });
  });
}
