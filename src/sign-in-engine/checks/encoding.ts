import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** The SAMLResponse field is base64 of UTF-8 XML, as the HTTP-POST binding sends it. */
export const encodingCheck: Check = {
  id: "encoding",
  code: "SAML_RESPONSE_MALFORMED",
  title: "SAMLResponse encoding",
  expects: () => "base64 of the XML (HTTP-POST binding)",
  evaluate(f) {
    if (!f.decoded) return skip("not reached");
    if (f.decoded.ok) return pass("base64 XML");
    return fail(f.decoded.reason, f.decoded.reason, { code: f.decoded.code });
  },
};
