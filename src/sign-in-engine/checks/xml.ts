import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** Well-formed XML without a DOCTYPE (entity expansion and external entities). */
export const xmlCheck: Check = {
  id: "xml",
  code: "SAML_RESPONSE_MALFORMED",
  title: "XML",
  expects: () => "well-formed XML, no DOCTYPE",
  evaluate(f) {
    if (!f.parsed) return skip("not reached");
    if (f.parsed.ok) return pass("well-formed");
    const refused = f.parsed.failure;
    return fail(refused.reason, refused.actual ?? refused.reason, { code: refused.code });
  },
};
