import { DOMParser } from "@xmldom/xmldom";
import { decryptionKeysFrom } from "../../../src/accounts/sp-keys/decryption-keys.js";
import { inspectDocument } from "../../../src/saml/inspect-response.js";
import { validateDirectly } from "../../../src/sign-in-engine/analyze.js";
import { SIGN_IN_STEPS, type Step } from "../../../src/sign-in-engine/check-list.js";
import { type Gather, requestStep } from "../../../src/sign-in-engine/gather.js";
import { runEngine } from "../../../src/sign-in-engine/run-engine.js";
import type { AttackTarget } from "./acs-harness.js";

/**
 * The ACS's security decision without HTTP, sessions or records: the sign-in engine in ACS mode
 * (src/sign-in-engine/check-list.ts), node-saml called directly with the same options. The checks
 * before node-saml can be switched off, to show that node-saml and the checks after it alone still
 * refuse an attack (the structural checks are a second wall, not the only one).
 */
export type LayerOutcome =
  | { stage: "before node-saml" | "node-saml" | "after node-saml"; refused: string }
  | { stage: "accepted"; nameId: string };

export interface DecisionOptions {
  precheck?: boolean;
}

/** A lenient parse (xmldom's defaults), as node-saml's own is: the later layers must hold without ours. */
const lenientParse: Gather = {
  id: "parse",
  explains: true,
  run(f) {
    const xml = Buffer.from(String(f.posted), "base64").toString("utf8");
    f.parsed = { ok: true, facts: inspectDocument(new DOMParser().parseFromString(xml, "text/xml")) };
  },
};

const NODE_SAML_INDEX = SIGN_IN_STEPS.findIndex((s) => "gather" in s && s.gather.id === "node-saml");
const NODE_SAML_CHECKS = new Set([
  "signing-certificate",
  "signature",
  "not-on-or-after",
  "not-before",
  "audience",
]);

function withoutPrecheck(): Step[] {
  // The request's state is still read (the browser binding compares with it), but not checked
  // before node-saml: node-saml's own InResponseTo check stands alone.
  return [{ gather: lenientParse }, { gather: requestStep }, ...SIGN_IN_STEPS.slice(NODE_SAML_INDEX)];
}

export async function runDecision(
  target: AttackTarget,
  browserNonce: string | null,
  samlResponseField: string,
  options: DecisionOptions = {},
): Promise<LayerOutcome> {
  const { ctx } = target.rt;
  const account = await ctx.accounts.require(target.accountId);
  const steps = options.precheck === false ? withoutPrecheck() : SIGN_IN_STEPS;
  const result = await runEngine(
    {
      publicUrl: ctx.config.server.publicUrl,
      requests: ctx.storage.authnRequests,
      directory: ctx.directory,
      accounts: ctx.accounts,
      decryptionKeys: decryptionKeysFrom(ctx.storage.spKeys),
      validate: validateDirectly(samlResponseField),
      acs: {
        browserNonce,
        consume: (accountId, id, now) => ctx.storage.authnRequests.consume(accountId, id, now),
        replays: ctx.storage.replays,
      },
    },
    {
      mode: "acs",
      account,
      samlResponse: samlResponseField,
      at: ctx.now(),
      skewMs: ctx.config.server.clockSkewSeconds * 1000,
      requestTtlMs: ctx.config.server.requestTtlMinutes * 60_000,
    },
    steps,
  );
  const d = result.decisive;
  if (!d)
    return {
      stage: "accepted",
      nameId: result.facts.nodeSaml?.ok ? (result.facts.nodeSaml.signed.nameId ?? "") : "",
    };
  const n = result.facts.nodeSaml;
  if (n === undefined) return { stage: "before node-saml", refused: d.code };
  if (NODE_SAML_CHECKS.has(d.id)) return { stage: "node-saml", refused: n.ok ? d.code : n.message };
  return { stage: "after node-saml", refused: d.code };
}

/** node-saml and the checks after it alone, for a login started in a browser (its binding cookie). */
export function runWithoutPrecheck(
  target: AttackTarget,
  login: { binding: string | null },
  xml: string,
): Promise<LayerOutcome> {
  const nonce = login.binding?.split("=")[1] ?? null;
  return runDecision(target, nonce, Buffer.from(xml, "utf8").toString("base64"), { precheck: false });
}
