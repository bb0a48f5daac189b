import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/**
 * Login CSRF: the response must come back to the browser that started the sign-in, proven by the
 * nonce in its binding cookie. Analyze answers as if that browser posted it (it cannot see it).
 */
export const browserCheck: Check = {
  id: "browser",
  code: "REQUEST_NOT_FROM_THIS_BROWSER",
  title: "Started in this browser",
  expects: () => "the browser that started the sign-in",
  requestState: true,
  evaluate(f) {
    switch (f.browser) {
      case undefined:
        return skip("not reached");
      case "same":
        return pass("the same browser");
      case "assumed":
        return skip(
          "Analyze answers for the browser that started the sign-in (its cookie is not visible here)",
        );
      default:
        return fail(
          "The sign-in was started in another browser than the one that posted the response.",
          f.browser === "unbound"
            ? "a request that is bound to no browser"
            : f.browser === "other"
              ? "a different browser"
              : "a browser without the sign-in cookie",
        );
    }
  },
};
