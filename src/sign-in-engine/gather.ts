import { type CacheProvider, ValidateInResponseTo } from "@node-saml/node-saml";
import { describeSignatures } from "../diagnostics/signature-info.js";
import type { SignatureInfo } from "../diagnostics/types.js";
import { matchUser } from "../diagnostics/user-near-miss.js";
import { failure } from "../errors.js";
import { decodeSamlResponse } from "../saml/decode-saml-response.js";
import { decryptAssertion } from "../saml/decrypt-assertion.js";
import { inspectAssertion } from "../saml/inspect-response.js";
import { mapLibraryError } from "../saml/map-library-error.js";
import { parseSamlMessage } from "../saml/parse-saml-message.js";
import { buildSamlOptions } from "../saml/saml-options.js";
import { parseXmlStrict } from "../saml/xml-dom.js";
import { secretsEqual } from "../security/passwords.js";
import { sha256Hex } from "../security/random-ids.js";
import type { AttemptFacts, NodeSamlOutcome } from "./attempt.js";
import { assertionOf, responseOf, timeOf } from "./attempt.js";
import { isAfterSignature } from "./checks/after-signature.js";
import type { EnginePorts } from "./ports.js";

/**
 * A step that adds facts to the attempt. `explains`: it only reads, so it also runs after the
 * decision, to explain it (a user lookup, the request's state); steps that change state or verify
 * the signature run only while nothing has failed yet.
 */
export interface Gather {
  id: string;
  explains: boolean;
  run(f: AttemptFacts, ports: EnginePorts): Promise<void> | void;
}

export const decodeStep: Gather = {
  id: "decode",
  explains: true,
  run(f) {
    f.decoded = decodeSamlResponse(f.posted);
  },
};

export const parseStep: Gather = {
  id: "parse",
  explains: true,
  run(f) {
    if (!f.decoded?.ok) return;
    f.parsed = parseSamlMessage(f.decoded.xml);
    const r = responseOf(f);
    if (r?.isResponse && r.assertion)
      f.signature = describeSignatures(r, f.account.sso.idpCertificates, f.at);
  },
};

/**
 * Token encryption: the one EncryptedAssertion opened with the account's keys; later steps and
 * checks read the message with the decrypted Assertion in its place. The original stays what
 * node-saml validates (it decrypts on its own with the key that opened it here).
 */
export const decryptStep: Gather = {
  id: "decrypt",
  explains: true,
  async run(f, ports) {
    const r = responseOf(f);
    if (!f.decoded?.ok || !r?.isResponse || r.encryptedAssertionCount !== 1 || r.assertionCount > 0) return;
    f.decryption = await decryptAssertion(f.decoded.xml, await ports.decryptionKeys(f.account));
    if (f.decryption.state !== "decrypted") return;
    const opened = parseSamlMessage(f.decryption.xml);
    if (!opened.ok) {
      f.decryption = {
        state: "failed",
        reason: `The decrypted assertion is not usable: ${opened.failure.reason}`,
        actual: opened.failure.actual ?? opened.failure.reason,
        algorithms: f.decryption.algorithms,
      };
      return;
    }
    f.parsed = opened;
    f.signature = describeSignatures(opened.facts, f.account.sso.idpCertificates, f.at);
  },
};

export const requestStep: Gather = {
  id: "request",
  explains: true,
  async run(f, ports) {
    const id = responseOf(f)?.inResponseTo;
    if (!id) {
      f.request = { state: "none" };
      return;
    }
    const record = await ports.requests.get(f.account.id, id);
    if (!record) f.request = { state: "unknown" };
    else if (record.consumedAt !== null) f.request = { state: "consumed", record };
    else if (record.expiresAt <= f.at) f.request = { state: "expired", record };
    else f.request = { state: "pending", record };
  },
};

/**
 * node-saml's InResponseTo cache for one attempt. It knows the request the envelope names when
 * the request check before this step found it pending with the service's clock (or, in Analyze,
 * set its state aside as the one thing Analyze cannot vouch for); node-saml still checks that the
 * envelope's and the signed InResponseTo agree. The answer is a time node-saml's own expiry test
 * (made with the global clock) always passes: the expiry was decided with the one clock already.
 */
function knownRequestCache(f: AttemptFacts): CacheProvider {
  const envelopeId = responseOf(f)?.inResponseTo ?? null;
  const known = f.mode === "analyze" || f.request?.state === "pending";
  return {
    saveAsync: async () => null,
    removeAsync: async () => null,
    getAsync: async (key) => (known && key === envelopeId ? "9999-12-31T00:00:00.000Z" : null),
  };
}

/** node-saml: the signature decision, with InResponseTo, times and audience as node-saml checks them. */
export const nodeSamlStep: Gather = {
  id: "node-saml",
  explains: false,
  async run(f, ports) {
    const r = responseOf(f);
    if (!r || !f.samlResponse) return;
    // node-saml reads the global clock; its time checks are off (a skew of -1) and the engine's
    // time checks apply node-saml's rule with the service's one clock (the attempt's time).
    const cacheProvider = knownRequestCache(f);
    const options = buildSamlOptions(f.account, {
      publicUrl: ports.publicUrl,
      clockSkewMs: -1,
      requestTtlMs: f.requestTtlMs,
      cacheProvider,
      responseSigned: r.responseSigned,
    });
    // The key that opened the EncryptedAssertion above; node-saml decrypts with it on its own.
    if (f.decryption?.state === "decrypted") options.decryptionPvk = f.decryption.key.privateKeyPem;
    options.validateInResponseTo = ValidateInResponseTo.always;
    const result = await ports.validate(options);
    f.nodeSaml = outcomeOf(f, result);
    if (f.signature) f.signature = { ...f.signature, ...verificationOf(f.nodeSaml) };
  },
};

function verificationOf(n: NodeSamlOutcome): Pick<SignatureInfo, "verification" | "verificationDetail"> {
  if (n.ok || isAfterSignature(n.failure.code))
    return { verification: "valid", verificationDetail: "verifies with a configured certificate" };
  if (n.failure.code === "SIGNATURE_INVALID")
    return { verification: "invalid", verificationDetail: n.message };
  return { verification: "not-checked", verificationDetail: n.message };
}

function outcomeOf(f: AttemptFacts, result: Awaited<ReturnType<EnginePorts["validate"]>>): NodeSamlOutcome {
  const r = responseOf(f);
  if (!r) throw new Error("node-saml ran without a message");
  if (!result.ok) {
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    return { ok: false, failure: mapLibraryError(result.error, r), message };
  }
  const getXml = result.profile.getAssertionXml as (() => string) | undefined;
  const xml = getXml?.();
  if (!xml) {
    return {
      ok: false,
      failure: failure("SAML_RESPONSE_MALFORMED", "No signed assertion was returned by validation."),
      message: "no assertion",
    };
  }
  const signed = inspectAssertion(parseXmlStrict(xml).documentElement);
  return { ok: true, signed, sessionIndex: signed.sessionIndex };
}

export const browserStep: Gather = {
  id: "browser",
  explains: false,
  run(f, ports) {
    if (!ports.acs) {
      f.browser = "assumed";
      return;
    }
    const r = f.request;
    const expected = r && "record" in r ? r.record.browserBindingHash : null;
    const nonce = ports.acs.browserNonce;
    if (!expected) f.browser = "unbound";
    else if (!nonce) f.browser = "no-cookie";
    else f.browser = secretsEqual(sha256Hex(nonce), expected) ? "same" : "other";
  },
};

export const consumeStep: Gather = {
  id: "consume",
  explains: false,
  async run(f, ports) {
    const id = responseOf(f)?.inResponseTo;
    if (!ports.acs || !id) {
      f.consumed = { state: "assumed" };
      return;
    }
    const record = await ports.acs.consume(f.account.id, id, f.at);
    f.consumed = record ? { state: "consumed", record } : { state: "raced" };
  },
};

/** The assertion's latest NotOnOrAfter: the replay cache keeps its ID until then. */
function replayExpiry(f: AttemptFacts): number {
  const a = assertionOf(f);
  const limits = [a?.notOnOrAfter, ...(a?.subjectConfirmations ?? []).map((c) => c.notOnOrAfter)]
    .map((t) => timeOf(t))
    .filter((t): t is number => t !== null);
  return limits.length > 0 ? Math.max(...limits) : f.at + 60 * 60 * 1000;
}

export const replayStep: Gather = {
  id: "replay",
  explains: false,
  async run(f, ports) {
    const id = assertionOf(f)?.id;
    if (!ports.acs || !id) {
      f.replay = "assumed";
      return;
    }
    f.replay = (await ports.acs.replays.remember(f.account.id, id, replayExpiry(f))) ? "first" : "replayed";
  },
};

export const userStep: Gather = {
  id: "user",
  explains: true,
  async run(f, ports) {
    const a = assertionOf(f);
    if (!a || !responseOf(f)?.isResponse) return;
    const nameId = a.nameId?.trim() ? a.nameId : null;
    if (!nameId || a.nameIdHasMarkup) {
      f.userMatch = null;
      return;
    }
    const user = await ports.directory.findForLogin(f.account, nameId.trim());
    if (user) f.user = user;
    f.userMatch = await matchUser(ports, f.account, nameId, a.nameIdFormat, a.attributes, user);
  },
};
