import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

export const messageTypeCheck: Check = {
  id: "message",
  code: "SAML_MESSAGE_UNEXPECTED",
  title: "Message type",
  expects: () => "samlp:Response",
  evaluate(f) {
    const r = responseOf(f);
    if (!r) return skip("no message");
    if (r.isResponse) return pass(r.rootName);
    return fail(`The ACS received a ${r.rootName}, not a SAML Response.`, r.rootName);
  },
};
