import { SAML } from "@node-saml/node-saml";
import { DOMParser } from "@xmldom/xmldom";
import { decodeSamlResponse } from "../../../src/saml/decode-saml-response.js";
import { inspectDocument, type ResponseFacts } from "../../../src/saml/inspect-response.js";
import { precheckResponse } from "../../../src/saml/precheck-response.js";
import { replyUrl } from "../../../src/saml/sp-identifiers.js";
import { parseXmlStrict } from "../../../src/saml/xml-dom.js";
import { acsSamlOptions, completionDepsOf, precheckSettingsOf } from "../../../src/sign-ins/acs-settings.js";
import { completeSignIn, type VerifiedProfile } from "../../../src/sign-ins/complete-sign-in.js";
import type { AttackTarget } from "./acs-harness.js";

/**
 * The ACS's security decision without HTTP, sessions or diagnostics, built from the same modules
 * in the same order as src/http/acs-handler.ts: decode → strict parse and inspect → structural
 * precheck → node-saml with the account's options → our checks after node-saml. The precheck can
 * be switched off, to show that node-saml and the postchecks alone still refuse an attack (the
 * precheck is a second wall, not the only one).
 */
export type LayerOutcome =
  | { stage: "before node-saml" | "node-saml" | "after node-saml"; refused: string }
  | { stage: "accepted"; nameId: string };

export interface DecisionOptions {
  precheck?: boolean;
}

export async function runDecision(
  target: AttackTarget,
  browserNonce: string | null,
  samlResponseField: string,
  options: DecisionOptions = {},
): Promise<LayerOutcome> {
  const { ctx } = target.rt;
  const account = await ctx.accounts.require(target.accountId);
  let envelope: ResponseFacts;
  if (options.precheck === false) {
    // A lenient parse (xmldom's defaults), as node-saml's own is: this layer must hold without ours.
    const xml = Buffer.from(samlResponseField, "base64").toString("utf8");
    envelope = inspectDocument(new DOMParser().parseFromString(xml, "text/xml"));
  } else {
    const decoded = decodeSamlResponse(samlResponseField);
    if (!decoded.ok) return { stage: "before node-saml", refused: decoded.code };
    try {
      envelope = inspectDocument(parseXmlStrict(decoded.xml));
    } catch {
      return { stage: "before node-saml", refused: "XML" };
    }
    const refused = precheckResponse(envelope, precheckSettingsOf(account));
    if (refused) return { stage: "before node-saml", refused: refused.code };
  }

  const saml = new SAML(acsSamlOptions(ctx, account, envelope.responseSigned));
  let profile: VerifiedProfile;
  try {
    const result = await saml.validatePostResponseAsync({ SAMLResponse: samlResponseField });
    if (!result.profile) return { stage: "node-saml", refused: "no profile" };
    profile = result.profile as VerifiedProfile;
  } catch (err) {
    return { stage: "node-saml", refused: err instanceof Error ? err.message : String(err) };
  }
  const completed = await completeSignIn(completionDepsOf(ctx), {
    account,
    replyUrl: replyUrl(account, ctx.config.server.publicUrl),
    envelope,
    profile,
    browserNonce,
  });
  if (!completed.ok) return { stage: "after node-saml", refused: completed.failure.code };
  return { stage: "accepted", nameId: completed.identity.nameId };
}

/** node-saml and the postchecks alone, for a login started in a browser (its binding cookie). */
export function runWithoutPrecheck(
  target: AttackTarget,
  login: { binding: string | null },
  xml: string,
): Promise<LayerOutcome> {
  const nonce = login.binding?.split("=")[1] ?? null;
  return runDecision(target, nonce, Buffer.from(xml, "utf8").toString("base64"), { precheck: false });
}
