import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** A NameID split by a comment or element reads differently to different parsers (identity splitting). */
export const nameIdMarkupCheck: Check = {
  id: "nameid-markup",
  code: "SAML_RESPONSE_MALFORMED",
  title: "NameID is plain text",
  expects: () => "plain text",
  evaluate(f) {
    const a = responseOf(f)?.assertion;
    if (!a) return skip("no assertion");
    if (!a.nameIdHasMarkup) return pass("plain text");
    return fail(
      "The NameID contains a comment, processing instruction or element; an identity must be plain text.",
      "text split by markup",
    );
  },
};
