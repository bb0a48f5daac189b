import { XMLSerializer } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import type { SsoSettings } from "../../../src/domain/account.js";
import type { AuthnRequestRecord } from "../../../src/domain/authn-request.js";
import type { UserRecord } from "../../../src/domain/user.js";
import type { DecryptionKey } from "../../../src/saml/decrypt-assertion.js";
import { sha256Hex } from "../../../src/security/random-ids.js";
import type { AttemptFacts } from "../../../src/sign-in-engine/attempt.js";
import { ALL_CHECKS } from "../../../src/sign-in-engine/check-list.js";
import { assertionIdCheck } from "../../../src/sign-in-engine/checks/assertion-id.js";
import { audienceCheck } from "../../../src/sign-in-engine/checks/audience.js";
import { sameAssertionCheck } from "../../../src/sign-in-engine/checks/same-assertion.js";
import type { EnginePorts, NodeSamlResult } from "../../../src/sign-in-engine/ports.js";
import { runEngine } from "../../../src/sign-in-engine/run-engine.js";
import { signTestResponse, TEST_IDP, type TestResponseOptions } from "../../helpers/test-idp.js";
import { assertionOf, edit, first, NS, ownSignature, parseXml } from "../../security/support/xml.js";
import { makeAccount, makeUser } from "../accounts/support.js";

/**
 * Each check of the sign-in engine on its own, without HTTP or storage: a valid response, changed
 * in one way, refused by exactly that check with its code. node-saml is replaced by a stand-in
 * that "verifies" the posted assertion (or refuses with a given message), so the checks after it
 * are tested on their own; the real node-saml runs in the security and differential tests.
 */
const PUBLIC_URL = "http://localhost:3999";
const ACCOUNT_ID = "test-micloud";
const REPLY = `${PUBLIC_URL}/micloud/${ACCOUNT_ID}/saml/acs`;
const AUDIENCE = `${PUBLIC_URL}/micloud/${ACCOUNT_ID}/saml/metadata`;
const NOW = Date.now();
const NONCE = "browser-nonce";

const response = (overrides: Partial<TestResponseOptions> = {}) =>
  signTestResponse({
    replyUrl: REPLY,
    audience: AUDIENCE,
    inResponseTo: "_req",
    now: new Date(NOW),
    ...overrides,
  }).xml;

interface RunOptions {
  sso?: Partial<SsoSettings>;
  /** node-saml's answer: "verify" returns the posted assertion; a string is its refusal. */
  nodeSaml?: "verify" | string;
  request?: Partial<AuthnRequestRecord> | null;
  nonce?: string | null;
  users?: UserRecord[];
  replayed?: boolean;
  consumed?: boolean;
  at?: number;
  mode?: "acs" | "analyze";
  decryptionKeys?: DecryptionKey[];
}

function stubValidate(xml: string, nodeSaml: RunOptions["nodeSaml"]) {
  return async (): Promise<NodeSamlResult> => {
    if (nodeSaml !== undefined && nodeSaml !== "verify") return { ok: false, error: new Error(nodeSaml) };
    const doc = parseXml(xml);
    const assertion = doc.getElementsByTagNameNS(NS.assertion, "Assertion")[0];
    const signed = assertion ? new XMLSerializer().serializeToString(assertion) : "";
    return { ok: true, profile: { getAssertionXml: () => signed } };
  };
}

async function run(xml: string, o: RunOptions = {}) {
  const account = makeAccount("micloud", {
    enabled: true,
    integrationAdded: true,
    idpSignInUrl: TEST_IDP.signInUrl,
    idpEntityId: TEST_IDP.entityId,
    idpCertificates: [TEST_IDP.certificatePem],
    ...o.sso,
  });
  const request: AuthnRequestRecord | undefined =
    o.request === null
      ? undefined
      : {
          id: "_req",
          accountId: ACCOUNT_ID,
          browserBindingHash: sha256Hex(NONCE),
          relayState: null,
          loginHint: null,
          createdAt: NOW - 1000,
          expiresAt: NOW + 600_000,
          consumedAt: null,
          ...o.request,
        };
  const users = o.users ?? [makeUser()];
  const find = (login: string) => users.find((u) => (u.username ?? "").toLowerCase() === login.toLowerCase());
  const ports: EnginePorts = {
    publicUrl: PUBLIC_URL,
    requests: { get: async (_a, id) => (request && id === request.id ? request : undefined) },
    directory: {
      findForLogin: async (_account, login) => find(login),
      search: async () => users,
      discover: async () => [],
    },
    accounts: { get: async () => undefined },
    decryptionKeys: async () => o.decryptionKeys ?? [],
    validate: stubValidate(xml, o.nodeSaml),
    ...((o.mode ?? "acs") === "acs"
      ? {
          acs: {
            browserNonce: o.nonce === undefined ? NONCE : o.nonce,
            consume: async () => (o.consumed || !request ? undefined : { ...request, consumedAt: NOW }),
            replays: { remember: async () => !o.replayed },
          },
        }
      : {}),
  };
  return runEngine(ports, {
    mode: o.mode ?? "acs",
    account,
    samlResponse: Buffer.from(xml, "utf8").toString("base64"),
    at: o.at ?? NOW,
    skewMs: 180_000,
    requestTtlMs: 600_000,
  });
}

const decided = async (xml: string, o?: RunOptions) => {
  const r = await run(xml, o);
  return r.decisive ? { id: r.decisive.id, code: r.decisive.code } : null;
};

describe("the sign-in engine, check by check", () => {
  it.each(["assertion", "response-and-assertion"] as const)(
    "accepts Entra's response (%s signed)",
    async (mode) => {
      const r = await run(response({ signing: { mode } }));
      expect(r.outcome).toBe("accepted");
      expect(r.verdicts.filter((v) => v.status === "fail")).toEqual([]);
    },
  );

  it("lists every check once, each with a stable code", () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(35);
  });

  const structural: Array<[string, (xml: string) => string, string, string]> = [
    ["not base64", () => "", "encoding", "SAML_RESPONSE_MISSING"],
    ["not XML", () => "<samlp:Response><unclosed>", "xml", "SAML_RESPONSE_MALFORMED"],
    ["a DOCTYPE", (x) => `<!DOCTYPE r []>${x}`, "xml", "XML_DOCTYPE_FORBIDDEN"],
    [
      "a LogoutResponse",
      () => '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>',
      "message",
      "SAML_MESSAGE_UNEXPECTED",
    ],
    [
      "a non-Success status",
      (x) => x.replace("status:Success", "status:Requester"),
      "status",
      "IDP_ERROR_STATUS",
    ],
    [
      "two assertions",
      (x) => edit(x, (d) => d.documentElement.appendChild(assertionOf(d).cloneNode(true))),
      "assertion-count",
      "MULTIPLE_ASSERTIONS",
    ],
    [
      "an assertion nested in the Status",
      (x) => edit(x, (d) => first(d, "Status").appendChild(assertionOf(d).cloneNode(true))),
      "assertion-count",
      "MULTIPLE_ASSERTIONS",
    ],
    [
      "an EncryptedAssertion only, and no decryption key",
      (x) =>
        edit(x, (d) =>
          d.documentElement.replaceChild(
            d.createElementNS(NS.assertion, "EncryptedAssertion"),
            assertionOf(d),
          ),
        ),
      "decryption",
      "ASSERTION_DECRYPTION_FAILED",
    ],
    [
      "no assertion",
      (x) => edit(x, (d) => d.documentElement.removeChild(assertionOf(d))),
      "assertion-count",
      "SAML_RESPONSE_MALFORMED",
    ],
    [
      "an ID used twice",
      (x) => edit(x, (d) => first(d, "Status").setAttribute("ID", assertionOf(d).getAttribute("ID") ?? "")),
      "unique-ids",
      "SIGNATURE_INVALID",
    ],
    [
      "no signature in the assertion",
      (x) => edit(x, (d) => assertionOf(d).removeChild(ownSignature(assertionOf(d)) as Element)),
      "assertion-signed",
      "SIGNATURE_MISSING",
    ],
    [
      "a second signature in the assertion",
      (x) =>
        edit(x, (d) => assertionOf(d).appendChild((ownSignature(assertionOf(d)) as Element).cloneNode(true))),
      "signature-placement",
      "SIGNATURE_INVALID",
    ],
    [
      "a signature in the Subject",
      (x) =>
        edit(x, (d) =>
          first(d, "Subject").appendChild((ownSignature(assertionOf(d)) as Element).cloneNode(true)),
        ),
      "signature-placement",
      "SIGNATURE_INVALID",
    ],
    [
      "a reference to another element",
      (x) =>
        edit(x, (d) => first(d, "Reference").setAttribute("URI", `#${d.documentElement.getAttribute("ID")}`)),
      "signature-placement",
      "SIGNATURE_INVALID",
    ],
    [
      "two SignedInfo",
      (x) =>
        edit(x, (d) =>
          first(d, "Signature").insertBefore(
            first(d, "SignedInfo").cloneNode(true),
            first(d, "SignatureValue"),
          ),
        ),
      "signature-shape",
      "SIGNATURE_INVALID",
    ],
    [
      "two SignatureValue",
      (x) =>
        edit(x, (d) =>
          first(d, "Signature").insertBefore(first(d, "SignatureValue").cloneNode(true), first(d, "KeyInfo")),
        ),
      "signature-shape",
      "SIGNATURE_INVALID",
    ],
    [
      "an empty SignatureValue",
      (x) =>
        edit(x, (d) => {
          first(d, "SignatureValue").textContent = "";
        }),
      "signature-shape",
      "SIGNATURE_INVALID",
    ],
    [
      "an Object in the Signature",
      (x) => edit(x, (d) => first(d, "Signature").appendChild(d.createElementNS(NS.dsig, "Object"))),
      "signature-shape",
      "SIGNATURE_INVALID",
    ],
    [
      "C14N with comments",
      (x) =>
        edit(x, (d) =>
          first(d, "CanonicalizationMethod").setAttribute(
            "Algorithm",
            "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
          ),
        ),
      "signature-shape",
      "SIGNATURE_INVALID",
    ],
    [
      "C14N 1.1",
      (x) =>
        edit(x, (d) =>
          first(d, "CanonicalizationMethod").setAttribute(
            "Algorithm",
            "http://www.w3.org/2006/12/xml-c14n11",
          ),
        ),
      "signature-shape",
      "SIGNATURE_INVALID",
    ],
    [
      "an XSLT transform",
      (x) =>
        edit(x, (d) =>
          first(d, "Transform").setAttribute("Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116"),
        ),
      "signature-shape",
      "SIGNATURE_INVALID",
    ],
    [
      "an HMAC signature method",
      (x) =>
        edit(x, (d) =>
          first(d, "SignatureMethod").setAttribute(
            "Algorithm",
            "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
          ),
        ),
      "algorithm",
      "SIGNATURE_INVALID",
    ],
    [
      "a SHA-1 digest under an RSA-SHA256 signature",
      (x) =>
        edit(x, (d) =>
          first(d, "DigestMethod").setAttribute("Algorithm", "http://www.w3.org/2000/09/xmldsig#sha1"),
        ),
      "algorithm",
      "WEAK_SIGNATURE_ALGORITHM",
    ],
    [
      "a comment inside the NameID",
      (x) => x.replace(">B.Simon@contoso.com<", ">B.Simon<!---->@contoso.com<"),
      "nameid-markup",
      "SAML_RESPONSE_MALFORMED",
    ],
    [
      "an element inside the NameID",
      (x) => x.replace(">B.Simon@contoso.com<", ">B.Simon<b/>@contoso.com<"),
      "nameid-markup",
      "SAML_RESPONSE_MALFORMED",
    ],
  ];

  it.each(structural)("%s → %s / %s", async (_label, change, id, code) => {
    const base = response();
    const changed = change(base);
    expect(changed).not.toBe(base);
    expect(await decided(changed)).toEqual({ id, code });
  });

  it("SHA-1 only where the account allows it", async () => {
    const sha1 = response({ signing: { algorithm: "sha1" } });
    expect(await decided(sha1)).toEqual({ id: "algorithm", code: "WEAK_SIGNATURE_ALGORITHM" });
    expect(await decided(sha1, { sso: { allowSha1: true } })).toBeNull();
  });

  it("the Response signature only where the account requires it", async () => {
    expect(await decided(response(), { sso: { requireResponseSignature: true } })).toEqual({
      id: "response-signed",
      code: "SIGNATURE_MISSING",
    });
    expect(
      await decided(response({ signing: { mode: "response-and-assertion" } }), {
        sso: { requireResponseSignature: true },
      }),
    ).toBeNull();
  });

  it("settings: SSO off, or settings incomplete", async () => {
    expect(await decided(response(), { sso: { enabled: false } })).toEqual({
      id: "sso-enabled",
      code: "SSO_DISABLED",
    });
    expect(await decided(response(), { sso: { idpCertificates: [] } })).toEqual({
      id: "sso-enabled",
      code: "IDP_NOT_CONFIGURED",
    });
  });

  it("the request: unsolicited, unknown, expired, used", async () => {
    expect(await decided(response({ inResponseTo: null }))).toEqual({
      id: "in-response-to",
      code: "UNSOLICITED_RESPONSE",
    });
    expect(await decided(response(), { request: null })).toEqual({ id: "request", code: "UNKNOWN_REQUEST" });
    expect(await decided(response(), { request: { expiresAt: NOW - 1 } })).toEqual({
      id: "request",
      code: "UNKNOWN_REQUEST",
    });
    expect(await decided(response(), { request: { consumedAt: NOW - 1 } })).toEqual({
      id: "request",
      code: "RESPONSE_REPLAYED",
    });
  });

  it("node-saml's refusals keep node-saml's decision, with our code", async () => {
    const cases: Array<[string, string, string]> = [
      ["Invalid signature", "signature", "SIGNATURE_INVALID"],
      ["SAML assertion expired: clocks skewed too much", "not-on-or-after", "ASSERTION_EXPIRED"],
      ["SAML assertion not yet valid", "not-before", "ASSERTION_NOT_YET_VALID"],
      ["SAML assertion audience mismatch. Expected: x Received: y", "audience", "AUDIENCE_MISMATCH"],
      ["InResponseTo is not valid", "signature", "UNKNOWN_REQUEST"],
    ];
    for (const [message, id, code] of cases) {
      expect(await decided(response(), { nodeSaml: message }), message).toEqual({ id, code });
    }
  });

  it("a foreign certificate with a refused signature is a CERTIFICATE_MISMATCH; with a valid one it is not", async () => {
    const other = (await import("../../../src/idp-simulator/keys/signing-certificate.js"))
      .generateSigningCertificate;
    const cert = await other();
    const xml = response({
      signing: { certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem },
    });
    expect(await decided(xml, { nodeSaml: "Invalid signature" })).toEqual({
      id: "signing-certificate",
      code: "CERTIFICATE_MISMATCH",
    });
    // node-saml verified it (same key, another certificate in KeyInfo): the verdict tells, it does not refuse.
    const r = await run(xml);
    expect(r.outcome).toBe("accepted");
    expect(r.verdicts.find((v) => v.id === "signing-certificate")?.hint).toMatch(/same key/);
  });

  const afterNodeSaml: Array<
    [string, Partial<TestResponseOptions>, ((xml: string) => string) | undefined, string, string]
  > = [
    [
      "another assertion Issuer",
      { issuer: "https://sts.windows.net/other/" },
      undefined,
      "assertion-issuer",
      "ISSUER_MISMATCH",
    ],
    [
      "another Response Issuer only",
      {},
      (x) =>
        edit(x, (d) => {
          first(d, "Issuer").textContent = "https://sts.windows.net/other/";
        }),
      "response-issuer",
      "ISSUER_MISMATCH",
    ],
    [
      "another assertion Issuer only",
      {},
      (x) =>
        edit(x, (d) => {
          first(assertionOf(d), "Issuer").textContent = "https://sts.windows.net/other/";
        }),
      "assertion-issuer",
      "ISSUER_MISMATCH",
    ],
    [
      "another Destination",
      { destination: "https://evil.example/acs" },
      undefined,
      "destination",
      "DESTINATION_MISMATCH",
    ],
    [
      "another Recipient",
      { recipient: "https://evil.example/acs" },
      undefined,
      "recipient",
      "RECIPIENT_MISMATCH",
    ],
    [
      "no signed InResponseTo",
      { inResponseTo: null },
      (x) => x.replace("<samlp:Response ", '<samlp:Response InResponseTo="_req" '),
      "in-response-to-signed",
      "UNSOLICITED_RESPONSE",
    ],
    [
      "a signed InResponseTo other than the envelope's",
      {},
      (x) =>
        edit(x, (d) =>
          first(assertionOf(d), "SubjectConfirmationData").setAttribute("InResponseTo", "_other"),
        ),
      "in-response-to-signed",
      "UNKNOWN_REQUEST",
    ],
    [
      "an expired bearer confirmation (node-saml's rule, with the one clock)",
      { subjectConfirmationMinutes: -10 },
      undefined,
      "not-on-or-after",
      "ASSERTION_EXPIRED",
    ],
    [
      "a bearer confirmation without NotOnOrAfter",
      {},
      (x) => x.replace(/ NotOnOrAfter="[^"]+" Recipient=/, " Recipient="),
      "bearer-window",
      "SAML_RESPONSE_MALFORMED",
    ],
    [
      "a bearer confirmation not valid yet",
      {},
      (x) =>
        x.replace(
          "<SubjectConfirmationData ",
          `<SubjectConfirmationData NotBefore="${new Date(NOW + 3600_000).toISOString()}" `,
        ),
      "not-before",
      "ASSERTION_NOT_YET_VALID",
    ],
    [
      "a holder-of-key confirmation only",
      {},
      (x) => x.replace("cm:bearer", "cm:holder-of-key"),
      "bearer",
      "BEARER_CONFIRMATION_MISSING",
    ],
    [
      'Version="1.1" on the Response',
      {},
      (x) => edit(x, (d) => d.documentElement.setAttribute("Version", "1.1")),
      "version",
      "UNSUPPORTED_SAML_VERSION",
    ],
    [
      'Version="1.1" on the Assertion',
      {},
      (x) => edit(x, (d) => assertionOf(d).setAttribute("Version", "1.1")),
      "version",
      "UNSUPPORTED_SAML_VERSION",
    ],
    [
      "an assertion issued a day ago",
      {},
      (x) =>
        edit(x, (d) => assertionOf(d).setAttribute("IssueInstant", new Date(NOW - 86_400_000).toISOString())),
      "issue-instant",
      "ASSERTION_TOO_OLD",
    ],
    [
      "no IssueInstant",
      {},
      (x) => edit(x, (d) => assertionOf(d).removeAttribute("IssueInstant")),
      "issue-instant",
      "SAML_RESPONSE_MALFORMED",
    ],
    [
      "a SessionNotOnOrAfter in the past",
      {},
      (x) =>
        edit(x, (d) =>
          first(assertionOf(d), "AuthnStatement").setAttribute(
            "SessionNotOnOrAfter",
            new Date(NOW - 10 * 60_000).toISOString(),
          ),
        ),
      "session-not-on-or-after",
      "SESSION_EXPIRED",
    ],
    ["an unknown user", { nameId: "nobody@contoso.com" }, undefined, "user", "USER_NOT_FOUND"],
    [
      "no NameID",
      {},
      (x) =>
        edit(x, (d) =>
          first(assertionOf(d), "NameID").parentNode?.removeChild(first(assertionOf(d), "NameID")),
        ),
      "nameid",
      "NAMEID_MISSING",
    ],
  ];

  it.each(afterNodeSaml)("%s → %s", async (_label, overrides, change, id, code) => {
    const base = response(overrides);
    const xml = change ? change(base) : base;
    if (change) expect(xml).not.toBe(base);
    expect(await decided(xml)).toEqual({ id, code });
  });

  it("a signed Response must name its Destination; an assertion-only one may leave it out", async () => {
    expect(
      await decided(response({ destination: null, signing: { mode: "response-and-assertion" } })),
    ).toEqual({
      id: "destination",
      code: "DESTINATION_MISMATCH",
    });
    expect(await decided(response({ destination: null }))).toBeNull();
  });

  it("the verified assertion must be the posted one (parser differential)", async () => {
    const other = response({ nameId: "attacker@contoso.com" });
    const r = await run(response(), { nodeSaml: "verify" });
    expect(r.outcome).toBe("accepted");
    const ports = await run(response(), {});
    expect(ports.outcome).toBe("accepted");
    const swapped = await (async () => {
      const xml = response();
      const res = await runEngineWithSignedFrom(xml, other);
      return res.decisive ? { id: res.decisive.id, code: res.decisive.code } : null;
    })();
    expect(swapped).toEqual({ id: "same-assertion", code: "SIGNATURE_INVALID" });
  });

  it("an assertion without an ID never reaches the replay cache (refused before, and by its own check)", async () => {
    const noId = edit(response(), (d) => assertionOf(d).removeAttribute("ID"));
    expect(await decided(noId)).toEqual({ id: "signature-placement", code: "SIGNATURE_INVALID" });
    const r = await run(response());
    const n = r.facts.nodeSaml;
    if (!n?.ok) throw new Error("expected a verified assertion");
    const withoutId = { ...r.facts, nodeSaml: { ...n, signed: { ...n.signed, id: null } } };
    expect(assertionIdCheck.evaluate(withoutId)).toMatchObject({ status: "fail" });
    expect(assertionIdCheck.evaluate(r.facts)).toMatchObject({ status: "pass" });
  });

  it("our bearer confirmation's own window, when another confirmation keeps node-saml's rule satisfied", async () => {
    const twoConfirmations = (change: (data: Element) => void) =>
      edit(response(), (d) => {
        const confirmation = first(assertionOf(d), "SubjectConfirmation");
        const other = confirmation.cloneNode(true) as Element;
        first(other, "SubjectConfirmationData").setAttribute("Recipient", "https://elsewhere.example/acs");
        confirmation.parentNode?.insertBefore(other, confirmation);
        change(first(confirmation, "SubjectConfirmationData"));
      });
    const expired = twoConfirmations((data) =>
      data.setAttribute("NotOnOrAfter", new Date(NOW - 3600_000).toISOString()),
    );
    expect(await decided(expired)).toEqual({ id: "bearer-window", code: "ASSERTION_EXPIRED" });
    const later = twoConfirmations((data) =>
      data.setAttribute("NotBefore", new Date(NOW + 3600_000).toISOString()),
    );
    expect(await decided(later)).toEqual({ id: "bearer-window", code: "ASSERTION_NOT_YET_VALID" });
    const endless = twoConfirmations((data) => data.removeAttribute("NotOnOrAfter"));
    expect(await decided(endless)).toEqual({ id: "bearer-window", code: "SAML_RESPONSE_MALFORMED" });
  });

  it("the bearer window has the clock skew both ways", async () => {
    const xml = response({ subjectConfirmationMinutes: -2 });
    expect(await decided(xml)).toBeNull();
    expect(await decided(xml, { at: NOW + 2 * 60_000 })).toEqual({
      id: "not-on-or-after",
      code: "ASSERTION_EXPIRED",
    });
  });

  it("the browser: another one, one without the cookie, a request bound to none", async () => {
    const refused = { id: "browser", code: "REQUEST_NOT_FROM_THIS_BROWSER" };
    expect(await decided(response(), { nonce: "other" })).toEqual(refused);
    expect(await decided(response(), { nonce: null })).toEqual(refused);
    expect(await decided(response(), { request: { browserBindingHash: null } })).toEqual(refused);
  });

  it("used once: the request consumed by a racing response, the assertion seen before", async () => {
    expect(await decided(response(), { consumed: true })).toEqual({
      id: "request-used-once",
      code: "RESPONSE_REPLAYED",
    });
    expect(await decided(response(), { replayed: true })).toEqual({
      id: "replay",
      code: "RESPONSE_REPLAYED",
    });
  });

  it("a user who is not active", async () => {
    expect(await decided(response(), { users: [makeUser({ status: "pending" })] })).toEqual({
      id: "user-active",
      code: "USER_NOT_ACTIVE",
    });
  });

  it("Analyze names the request it cannot vouch for instead of saying accepted", async () => {
    const r = await run(response(), { mode: "analyze", request: null });
    expect(r.outcome).toBe("accepted-if-request-known");
    expect(r.decisive?.code).toBe("UNKNOWN_REQUEST");
    const other = await run(response({ issuer: "https://sts.windows.net/other/" }), {
      mode: "analyze",
      request: null,
    });
    expect(other.outcome).toBe("rejected");
  });
});

/** The engine with node-saml "verifying" another assertion than the one posted. */
async function runEngineWithSignedFrom(postedXml: string, signedXml: string) {
  const doc = parseXml(signedXml);
  const assertion = doc.getElementsByTagNameNS(NS.assertion, "Assertion")[0];
  const signed = assertion ? new XMLSerializer().serializeToString(assertion) : "";
  const account = makeAccount("micloud", {
    enabled: true,
    idpSignInUrl: TEST_IDP.signInUrl,
    idpEntityId: TEST_IDP.entityId,
    idpCertificates: [TEST_IDP.certificatePem],
  });
  const request: AuthnRequestRecord = {
    id: "_req",
    accountId: ACCOUNT_ID,
    browserBindingHash: sha256Hex(NONCE),
    relayState: null,
    loginHint: null,
    createdAt: NOW - 1000,
    expiresAt: NOW + 600_000,
    consumedAt: null,
  };
  return runEngine(
    {
      publicUrl: PUBLIC_URL,
      requests: { get: async () => request },
      directory: { findForLogin: async () => makeUser(), search: async () => [], discover: async () => [] },
      accounts: { get: async () => undefined },
      decryptionKeys: async () => [],
      validate: async () => ({ ok: true, profile: { getAssertionXml: () => signed } }),
      acs: {
        browserNonce: NONCE,
        consume: async () => ({ ...request, consumedAt: NOW }),
        replays: { remember: async () => true },
      },
    },
    {
      mode: "acs",
      account,
      samlResponse: Buffer.from(postedXml).toString("base64"),
      at: NOW,
      skewMs: 180_000,
      requestTtlMs: 600_000,
    },
  );
}

describe("time windows: node-saml's rule applied with the service's one clock", () => {
  const SKEW = 180_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  /** Sets Conditions and SubjectConfirmationData times (null removes the attribute). */
  const timed = (t: {
    notBefore?: number | null;
    notOnOrAfter?: number | null;
    scNotBefore?: number | null;
    scNotOnOrAfter?: number | null;
  }) =>
    edit(response(), (d) => {
      const conditions = first(assertionOf(d), "Conditions");
      const data = first(assertionOf(d), "SubjectConfirmationData");
      const set = (el: Element, name: string, v: number | null | undefined) => {
        if (v === undefined) return;
        if (v === null) el.removeAttribute(name);
        else el.setAttribute(name, iso(v));
      };
      set(conditions, "NotBefore", t.notBefore);
      set(conditions, "NotOnOrAfter", t.notOnOrAfter);
      set(data, "NotBefore", t.scNotBefore);
      set(data, "NotOnOrAfter", t.scNotOnOrAfter);
    });
  const expired = { id: "not-on-or-after", code: "ASSERTION_EXPIRED" };
  const early = { id: "not-before", code: "ASSERTION_NOT_YET_VALID" };

  it.each<[string, Parameters<typeof timed>[0], { id: string; code: string } | null]>([
    ["Conditions NotOnOrAfter exactly now − skew: expired", { notOnOrAfter: NOW - SKEW }, expired],
    ["Conditions NotOnOrAfter a millisecond later: valid", { notOnOrAfter: NOW - SKEW + 1 }, null],
    ["Conditions NotBefore exactly now + skew: valid", { notBefore: NOW + SKEW }, null],
    ["Conditions NotBefore a millisecond later: not valid yet", { notBefore: NOW + SKEW + 1 }, early],
    ["confirmation NotOnOrAfter exactly now − skew: expired", { scNotOnOrAfter: NOW - SKEW }, expired],
    ["confirmation NotOnOrAfter a millisecond later: valid", { scNotOnOrAfter: NOW - SKEW + 1 }, null],
    ["confirmation NotBefore exactly now + skew: valid", { scNotBefore: NOW + SKEW }, null],
    ["confirmation NotBefore a millisecond later: not valid yet", { scNotBefore: NOW + SKEW + 1 }, early],
    [
      "no Conditions times at all: the confirmation's window decides",
      { notBefore: null, notOnOrAfter: null },
      null,
    ],
  ])("%s", async (_label, times, expected) => {
    expect(await decided(timed(times))).toEqual(expected);
  });

  it("names the one time that applies: the earliest that has passed", async () => {
    const both = timed({ notOnOrAfter: NOW - 3600_000, scNotOnOrAfter: NOW - 7200_000 });
    const r = await run(both);
    expect(r.decisive).toMatchObject({
      id: "not-on-or-after",
      actual: `SubjectConfirmationData NotOnOrAfter ${iso(NOW - 7200_000)}`,
    });
    const conditionsFirst = await run(
      timed({ notOnOrAfter: NOW - 7200_000, scNotOnOrAfter: NOW - 3600_000 }),
    );
    expect(conditionsFirst.decisive?.actual).toBe(`Conditions NotOnOrAfter ${iso(NOW - 7200_000)}`);
    const onlyConditions = await run(timed({ notOnOrAfter: NOW - 7200_000 }));
    expect(onlyConditions.decisive?.actual).toBe(`Conditions NotOnOrAfter ${iso(NOW - 7200_000)}`);
  });

  it("a confirmation without SubjectConfirmationData is no valid confirmation (node-saml's rule)", async () => {
    const bare = edit(response(), (d) => {
      const data = first(assertionOf(d), "SubjectConfirmationData");
      data.parentNode?.removeChild(data);
    });
    const r = await run(bare);
    expect(r.decisive).toMatchObject({ id: "not-on-or-after", code: "ASSERTION_EXPIRED" });
    expect(r.decisive?.actual).toMatch(/no SubjectConfirmationData/);
  });

  it("one live confirmation among expired ones satisfies node-saml's rule (ours then checks our bearer)", async () => {
    const xml = edit(response(), (d) => {
      const confirmation = first(assertionOf(d), "SubjectConfirmation");
      const stale = confirmation.cloneNode(true) as Element;
      first(stale, "SubjectConfirmationData").setAttribute("NotOnOrAfter", iso(NOW - 3600_000));
      first(stale, "SubjectConfirmationData").setAttribute("Recipient", "https://elsewhere.example/acs");
      confirmation.parentNode?.insertBefore(stale, confirmation);
    });
    expect(await decided(xml)).toBeNull();
  });

  it("the verdict shows every end time when it passes, and the evaluation time it expects", async () => {
    const r = await run(response());
    const v = r.verdicts.find((x) => x.id === "not-on-or-after");
    expect(v?.status).toBe("pass");
    expect(v?.actual).toBe(iso(NOW + 60 * 60_000));
    expect(v?.expected).toBe(`after ${iso(NOW)} (−180 s skew)`);
    const nb = r.verdicts.find((x) => x.id === "not-before");
    expect(nb?.actual).toBe(iso(NOW - 5 * 60_000));
    expect(nb?.expected).toBe(`at or before ${iso(NOW)} (+180 s skew)`);
  });

  it("node-saml's own time refusal, where it makes one, is reported by the matching check", async () => {
    expect(await decided(response(), { nodeSaml: "SAML assertion expired: clocks skewed too much" })).toEqual(
      expired,
    );
    expect(await decided(response(), { nodeSaml: "SAML assertion not yet valid" })).toEqual(early);
  });
});

describe("user match details", () => {
  it("a case-insensitive match passes with a hint naming the stored value", async () => {
    const r = await run(response({ nameId: "b.simon@CONTOSO.com" }));
    expect(r.outcome).toBe("accepted");
    const v = r.verdicts.find((x) => x.id === "user");
    expect(v?.hint).toMatch(/matched "B\.Simon@contoso\.com" ignoring letter case/);
    expect(v?.actual).toBe("Britta Simon (B.Simon@contoso.com)");
  });

  it("an exact match has no hint; an unknown user names the near miss", async () => {
    const r = await run(response());
    expect(r.verdicts.find((x) => x.id === "user")?.hint).toBeUndefined();
    const unknown = await run(response({ nameId: "B.Simon@contoso.co" }), {
      users: [makeUser({ username: "B.Simon@contoso.com" })],
    });
    expect(unknown.decisive).toMatchObject({
      id: "user",
      code: "USER_NOT_FOUND",
      actual: "B.Simon@contoso.co",
    });
  });

  it("a NameID of spaces only is no NameID", async () => {
    const xml = response().replace(">B.Simon@contoso.com</NameID>", ">   </NameID>");
    expect(await decided(xml)).toEqual({ id: "nameid", code: "NAMEID_MISSING" });
  });
});

/**
 * Each decision both ways, at its edge: what mutation testing (`npm run mutation`) needs to see
 * fail when a check is disabled or inverted. Decisions only; the wording of causes and hints is
 * not asserted here.
 */
describe("every check's decision, both ways", () => {
  const HOLDER_OF_KEY = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";
  const statusOf = (r: Awaited<ReturnType<typeof run>>, id: string) =>
    r.verdicts.find((v) => v.id === id)?.status;
  /** Adds a holder-of-key confirmation after ours, with SubjectConfirmationData InResponseTo (or none). */
  const withHolderOfKey = (inResponseTo: string | null) =>
    edit(response(), (d) => {
      const ours = first(assertionOf(d), "SubjectConfirmation");
      const hok = ours.cloneNode(true) as Element;
      hok.setAttribute("Method", HOLDER_OF_KEY);
      const data = first(hok, "SubjectConfirmationData");
      if (inResponseTo === null) data.removeAttribute("InResponseTo");
      else data.setAttribute("InResponseTo", inResponseTo);
      ours.parentNode?.insertBefore(hok, ours.nextSibling);
    });

  it("InResponseTo in the signed assertion: every confirmation that names a request names this one", async () => {
    expect(await decided(withHolderOfKey(null))).toBeNull();
    expect(await decided(withHolderOfKey("_req"))).toBeNull();
    expect(await decided(withHolderOfKey("_another-request"))).toEqual({
      id: "in-response-to-signed",
      code: "UNKNOWN_REQUEST",
    });
  });

  it("the signed assertion is the posted one: the same ID and the same NameID", async () => {
    const posted = response();
    const otherNameId = edit(posted, (d) => {
      first(assertionOf(d), "NameID").textContent = "attacker@contoso.com";
    });
    const sameId = await runEngineWithSignedFrom(posted, otherNameId);
    expect(sameId.decisive).toMatchObject({ id: "same-assertion", code: "SIGNATURE_INVALID" });
    // Another assertion (its own ID) for the same user.
    const sameNameId = await runEngineWithSignedFrom(posted, response());
    expect(sameNameId.decisive).toMatchObject({ id: "same-assertion", code: "SIGNATURE_INVALID" });
    const facts = (await run(posted)).facts;
    expect(sameAssertionCheck.evaluate(facts).status).toBe("pass");
    const parsed = facts.parsed;
    if (!parsed?.ok) throw new Error("expected a parsed response");
    const noPosted: AttemptFacts = {
      ...facts,
      parsed: { ok: true, facts: { ...parsed.facts, assertion: null } },
    };
    expect(sameAssertionCheck.evaluate(noPosted).status).toBe("fail");
  });

  it("the audience rule, where node-saml stopped before its own audience check", async () => {
    const facts = (await run(response())).facts;
    const a = facts.parsed?.ok ? facts.parsed.facts.assertion : null;
    if (!a) throw new Error("expected an assertion");
    const stopped = (restrictions: string[][]): AttemptFacts => ({
      ...facts,
      nodeSaml: {
        ok: false,
        failure: { code: "ASSERTION_EXPIRED", reason: "no valid subject confirmation" },
        message: "No valid subject confirmation found among those available in the SAML assertion",
      } as AttemptFacts["nodeSaml"],
      parsed: {
        ok: true,
        facts: {
          ...(facts.parsed?.ok ? facts.parsed.facts : ({} as never)),
          assertion: { ...a, audienceRestrictions: restrictions, audiences: restrictions.flat() },
        },
      },
    });
    expect(audienceCheck.evaluate(stopped([[AUDIENCE]])).status).toBe("pass");
    expect(audienceCheck.evaluate(stopped([["urn:other", AUDIENCE]])).status).toBe("pass");
    expect(audienceCheck.evaluate(stopped([[AUDIENCE], ["urn:other"]])).status).toBe("fail");
    expect(audienceCheck.evaluate(stopped([])).status).toBe("fail");
    expect(audienceCheck.evaluate(stopped([["urn:other"]])).status).toBe("fail");
    // node-saml accepted: its audience check (its last) held, whatever our inspection of it read.
    const n = facts.nodeSaml;
    if (!n?.ok) throw new Error("expected node-saml's acceptance");
    const otherAudience = { ...n.signed, audienceRestrictions: [["urn:other"]], audiences: ["urn:other"] };
    expect(audienceCheck.evaluate({ ...facts, nodeSaml: { ...n, signed: otherAudience } }).status).toBe(
      "pass",
    );
  });

  it("the browser: passes for the same one, is not reached after an earlier refusal, is assumed by Analyze", async () => {
    expect(statusOf(await run(response()), "browser")).toBe("pass");
    expect(statusOf(await run(response({ issuer: "https://sts.windows.net/other/" })), "browser")).toBe(
      "skip",
    );
    const analyzed = await run(response(), { mode: "analyze" });
    expect(analyzed.outcome).toBe("accepted");
    expect(statusOf(analyzed, "browser")).toBe("skip");
    expect(statusOf(analyzed, "request-used-once")).toBe("skip");
    expect(statusOf(analyzed, "replay")).toBe("skip");
  });

  it("the request's state is not judged for a response that names none", async () => {
    const unsolicited = edit(response(), (d) => d.documentElement.removeAttribute("InResponseTo"));
    const r = await run(unsolicited);
    expect(r.decisive?.code).toBe("UNSOLICITED_RESPONSE");
    expect(statusOf(r, "request")).toBe("skip");
  });

  it("SessionNotOnOrAfter: in the future passes, at its end (with the skew) or unreadable fails", async () => {
    const session = (value: string) =>
      edit(response(), (d) =>
        first(assertionOf(d), "AuthnStatement").setAttribute("SessionNotOnOrAfter", value),
      );
    const refused = { id: "session-not-on-or-after", code: "SESSION_EXPIRED" };
    expect(await decided(session(new Date(NOW + 60 * 60_000).toISOString()))).toBeNull();
    // Inside the skew: the session ended a minute from now, but the skew (3 minutes) counts against it.
    expect(await decided(session(new Date(NOW + 60_000).toISOString()))).toBeNull();
    expect(await decided(session(new Date(NOW - 180_000).toISOString()))).toEqual(refused);
    expect(await decided(session(new Date(NOW - 180_000 + 1).toISOString()))).toBeNull();
    expect(await decided(session("soon"))).toEqual(refused);
  });

  it("IssueInstant: exactly the request lifetime plus the skew ago passes, a millisecond more fails", async () => {
    const issued = (ms: number) =>
      edit(response(), (d) => assertionOf(d).setAttribute("IssueInstant", new Date(ms).toISOString()));
    const limit = 600_000 + 180_000;
    expect(await decided(issued(NOW - limit))).toBeNull();
    expect(await decided(issued(NOW - 600_000))).toBeNull();
    expect(await decided(issued(NOW - limit - 1))).toEqual({
      id: "issue-instant",
      code: "ASSERTION_TOO_OLD",
    });
  });

  it("not reached after an earlier refusal: the browser, the request's use, the replay cache", async () => {
    const refused = await run(response({ issuer: "https://sts.windows.net/other/" }));
    for (const id of ["browser", "request-used-once", "replay"])
      expect(statusOf(refused, id), id).toBe("skip");
  });

  it("the Response Issuer is optional; when sent it must be Entra's", async () => {
    const noResponseIssuer = edit(response(), (d) => {
      const issuer = first(d, "Issuer");
      if (issuer.parentNode === d.documentElement) d.documentElement.removeChild(issuer);
    });
    expect(noResponseIssuer).not.toBe(response());
    expect(await decided(noResponseIssuer)).toBeNull();
  });

  it("an algorithm that is neither SHA-256 nor SHA-1 is refused even where SHA-1 is allowed", async () => {
    const md5 = edit(response(), (d) =>
      first(d, "SignatureMethod").setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#rsa-md5"),
    );
    expect(await decided(md5, { sso: { allowSha1: true } })).toEqual({
      id: "algorithm",
      code: "SIGNATURE_INVALID",
    });
  });

  it("one assertion: a plain one beside an encrypted one is two; an encrypted one alone is refused by the decryption check", async () => {
    const encrypted = (keepPlain: boolean) =>
      edit(response(), (d) => {
        const e = d.createElementNS(NS.assertion, "saml:EncryptedAssertion");
        d.documentElement.appendChild(e);
        if (!keepPlain) d.documentElement.removeChild(assertionOf(d));
      });
    expect(await decided(encrypted(true))).toEqual({ id: "assertion-count", code: "MULTIPLE_ASSERTIONS" });
    const alone = await run(encrypted(false));
    expect(alone.decisive).toMatchObject({ id: "decryption", code: "ASSERTION_DECRYPTION_FAILED" });
  });

  it("signature placement: two Response signatures, or a Reference besides its own element", async () => {
    const both = response({ signing: { mode: "response-and-assertion" } });
    const twoOnResponse = edit(both, (d) => {
      const sig = ownSignature(d.documentElement) as Element;
      d.documentElement.insertBefore(sig.cloneNode(true), sig);
    });
    expect(await decided(twoOnResponse)).toEqual({ id: "signature-placement", code: "SIGNATURE_INVALID" });
    const twoReferences = edit(response(), (d) => {
      const sig = ownSignature(assertionOf(d)) as Element;
      const reference = first(sig, "Reference");
      reference.parentNode?.appendChild(reference.cloneNode(true));
    });
    expect(await decided(twoReferences)).toEqual({ id: "signature-placement", code: "SIGNATURE_INVALID" });
  });

  it("the signing certificate is not judged when node-saml refused for another reason, nor before it ran", async () => {
    const other = (await import("../../../src/idp-simulator/keys/signing-certificate.js"))
      .generateSigningCertificate;
    const cert = await other();
    const foreign = response({
      signing: { certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem },
    });
    const expired = await run(foreign, {
      nodeSaml: "No valid subject confirmation found among those available in the SAML assertion",
    });
    expect(statusOf(expired, "signing-certificate")).toBe("pass");
    const unknownRequest = await run(foreign, { request: null });
    expect(unknownRequest.decisive?.code).toBe("UNKNOWN_REQUEST");
    expect(statusOf(unknownRequest, "signing-certificate")).toBe("skip");
  });

  it("our bearer confirmation's window at its edges, while another confirmation is live", async () => {
    const twoConfirmations = (change: (data: Element) => void) =>
      edit(response(), (d) => {
        const confirmation = first(assertionOf(d), "SubjectConfirmation");
        const live = confirmation.cloneNode(true) as Element;
        first(live, "SubjectConfirmationData").setAttribute("Recipient", "https://elsewhere.example/acs");
        confirmation.parentNode?.insertBefore(live, confirmation);
        change(first(confirmation, "SubjectConfirmationData"));
      });
    const endsAt = (ms: number) =>
      twoConfirmations((data) => data.setAttribute("NotOnOrAfter", new Date(ms).toISOString()));
    expect(await decided(endsAt(NOW - 180_000))).toEqual({ id: "bearer-window", code: "ASSERTION_EXPIRED" });
    expect(await decided(endsAt(NOW - 180_000 + 1))).toBeNull();
    const unreadableStart = twoConfirmations((data) => data.setAttribute("NotBefore", "soon"));
    expect(await decided(unreadableStart)).toEqual({ id: "bearer-window", code: "ASSERTION_NOT_YET_VALID" });
  });

  it("node-saml's confirmation rule: SubjectConfirmationData with any attribute is a confirmation", async () => {
    const ATTRIBUTES = ["Recipient", "NotOnOrAfter", "NotBefore", "InResponseTo"] as const;
    /** Our only confirmation, its data keeping just `kept` (NotBefore set in the past when kept). */
    const only = (kept: (typeof ATTRIBUTES)[number]) =>
      edit(response(), (d) => {
        const data = first(assertionOf(d), "SubjectConfirmationData");
        for (const name of ATTRIBUTES) if (name !== kept) data.removeAttribute(name);
        if (kept === "NotBefore") data.setAttribute("NotBefore", new Date(NOW - 60_000).toISOString());
      });
    // A confirmation (not "no SubjectConfirmationData"): the checks after the time window decide.
    expect(await decided(only("Recipient"))).toEqual({
      id: "bearer-window",
      code: "SAML_RESPONSE_MALFORMED",
    });
    for (const kept of ["NotOnOrAfter", "NotBefore", "InResponseTo"] as const) {
      expect(await decided(only(kept)), kept).toEqual({ id: "recipient", code: "RECIPIENT_MISMATCH" });
    }
    const none = edit(response(), (d) => {
      const subject = first(assertionOf(d), "Subject");
      subject.removeChild(first(subject, "SubjectConfirmation"));
    });
    expect(await decided(none)).toEqual({ id: "bearer", code: "BEARER_CONFIRMATION_MISSING" });
    expect(statusOf(await run(none), "recipient")).toBe("skip");
  });

  it("an expired request is named with its expiry, apart from one never issued here", async () => {
    const expiresAt = NOW - 1;
    const expired = await run(response(), { request: { expiresAt } });
    expect(expired.decisive?.actual).toContain(new Date(expiresAt).toISOString());
    const unknown = await run(response(), { request: null });
    expect(unknown.decisive?.actual).not.toContain(new Date(expiresAt).toISOString());
  });

  it("a confirmation without data beside one not valid yet: not valid yet, not expired", async () => {
    const xml = edit(response(), (d) => {
      const ours = first(assertionOf(d), "SubjectConfirmation");
      const bare = ours.cloneNode(false) as Element;
      ours.parentNode?.insertBefore(bare, ours);
      first(ours, "SubjectConfirmationData").setAttribute(
        "NotBefore",
        new Date(NOW + 3600_000).toISOString(),
      );
    });
    expect(await decided(xml)).toEqual({ id: "not-before", code: "ASSERTION_NOT_YET_VALID" });
  });
});
