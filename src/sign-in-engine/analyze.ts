import { SAML } from "@node-saml/node-saml";
import { prettyXml } from "../diagnostics/pretty-xml.js";
import { summariseResponse } from "../diagnostics/response-summary.js";
import type { Diagnosis, ResponseSummary, SignInOutcomeName } from "../diagnostics/types.js";
import type { AccountLookup, UserLookup } from "../diagnostics/user-near-miss.js";
import type { AccountRecord } from "../domain/account.js";
import type { AuthnRequestStore } from "../storage/ports.js";
import { responseOf } from "./attempt.js";
import { diagnosisOf } from "./explain.js";
import type { EnginePorts, NodeSamlResult } from "./ports.js";
import { runEngine } from "./run-engine.js";

export interface AnalyzeDeps {
  publicUrl: string;
  clockSkewMs: number;
  requestTtlMs: number;
  directory: UserLookup;
  accounts: AccountLookup;
  authnRequests: Pick<AuthnRequestStore, "get">;
  decryptionKeys: EnginePorts["decryptionKeys"];
  now: () => number;
}

export interface AnalyzeResult {
  /** True only when the ACS would accept it now from the browser that started the request. */
  accepted: boolean;
  outcome: SignInOutcomeName;
  evaluatedAt: string;
  diagnosis: Diagnosis;
  response: ResponseSummary | null;
  /** The decoded XML, indented. */
  xml: string | null;
}

/**
 * What an admin pastes: the base64 SAMLResponse as SAML-tracer or the My Apps extension shows it
 * (line breaks and all), a form body ("SAMLResponse=…", URL-encoded), or the XML itself.
 */
export function normalisePastedResponse(pasted: string): string {
  let text = pasted.trim();
  const field = /(?:^|&)SAMLResponse=([^&]*)/.exec(text);
  if (field?.[1] !== undefined) {
    // A form body is URL-encoded, as the browser posts it: decode it once, as Express does. A bare
    // value is analyzed as it is (the ACS would not URL-decode it either).
    try {
      text = decodeURIComponent(field[1].replace(/\+/g, "%20"));
    } catch {
      text = field[1];
    }
  }
  if (text.startsWith("<")) return Buffer.from(text, "utf8").toString("base64");
  return text.replace(/\s+/g, "");
}

/** node-saml called directly (the ACS calls it through passport with the same options). */
export function validateDirectly(samlResponse: string) {
  return async (options: ConstructorParameters<typeof SAML>[0]): Promise<NodeSamlResult> => {
    try {
      const { profile } = await new SAML(options).validatePostResponseAsync({ SAMLResponse: samlResponse });
      return profile ? { ok: true, profile: { ...profile } } : { ok: false, error: new Error("no profile") };
    } catch (error) {
      return { ok: false, error };
    }
  };
}

/**
 * Analyze: the sign-in engine, read-only, with the account's current settings, at `at` (now, or
 * the time a capture was taken). The answer is the ACS's if the browser that started the request
 * posted it at that time; what this service cannot know (a request that is not pending here) is
 * named as such. Starts no session, consumes no request ID, records nothing.
 */
export async function analyzeResponse(
  deps: AnalyzeDeps,
  account: AccountRecord,
  pasted: string,
  /** The time to evaluate at; undefined: now, where the request's state is current. */
  at?: number,
): Promise<AnalyzeResult> {
  const samlResponse = normalisePastedResponse(pasted);
  const now = at === undefined;
  const when = at ?? deps.now();
  const result = await runEngine(
    {
      publicUrl: deps.publicUrl,
      requests: deps.authnRequests,
      directory: deps.directory,
      accounts: deps.accounts,
      decryptionKeys: deps.decryptionKeys,
      validate: validateDirectly(samlResponse),
    },
    {
      mode: "analyze",
      account,
      samlResponse,
      at: when,
      skewMs: deps.clockSkewMs,
      requestTtlMs: deps.requestTtlMs,
      requestStateIsCurrent: now,
    },
  );
  const facts = responseOf(result.facts);
  return {
    accepted: result.outcome === "accepted",
    outcome: result.outcome,
    evaluatedAt: new Date(when).toISOString(),
    diagnosis: diagnosisOf(result, deps.publicUrl),
    response: facts ? summariseResponse(facts) : null,
    xml: result.facts.decoded?.ok ? prettyXml(result.facts.decoded.xml) : null,
  };
}
