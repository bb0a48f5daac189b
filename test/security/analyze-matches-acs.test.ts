import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSigningCertificate } from "../../src/idp-simulator/keys/signing-certificate.js";
import { encryptAssertion } from "../../src/idp-simulator/saml/encrypt-assertion.js";
import {
  ATTACKER,
  type AttackTarget,
  createAttackTarget,
  type Login,
  postResponse,
  signedFor,
  startLogin,
  unsignedFor,
} from "./support/acs-harness.js";
import { mutate, seededRandom } from "./support/mutations.js";
import { signLikeEntra } from "./support/sign.js";
import { assertionOf, edit, first, NS, toBase64 } from "./support/xml.js";
import { applyXsw, XSW_VARIANTS } from "./support/xsw.js";

/**
 * The differential test of issue 10: for every response the security tests generate, Analyze is
 * asked first (the admin API, with the account's current settings, now), then the response is
 * posted from the browser that started the request (supertest agent with its cookie). Analyze's
 * accepted/refused and failure code must equal the ACS's for every one of them: one engine, one
 * answer.
 */
const TOKEN = "test-admin-token-0123456789abcdef";
const MUTATIONS = Number(process.env.DIFFERENTIAL_MUTATIONS ?? 120);
const SEED = 20261206;

let target: AttackTarget;
let rogue: Awaited<ReturnType<typeof generateSigningCertificate>>;
/** The account's encryption certificate (Encrypted assertions on: plain assertions still pass). */
let encryptionCertificate: string;
beforeAll(async () => {
  target = await createAttackTarget({ accountId: "differential" });
  rogue = await generateSigningCertificate();
  const account = await target.rt.ctx.accounts.update(target.accountId, {
    sso: { encryptedAssertions: true },
  });
  await target.rt.ctx.spKeys.ensureKeysFor(account);
  const [key] = await target.rt.ctx.spKeys.list(target.accountId, "encryption");
  encryptionCertificate = key?.certificatePem ?? "";
});
afterAll(() => target.rt.dispose());

type Build = (login: Login) => string;
const field = (xml: string) => toBase64(xml);
const ASSERTION_NS = NS.assertion;

/** Unsigned Entra-shaped XML for this login, edited, then signed like Entra. */
function resigned(
  change: (doc: Document) => void,
  mode: "assertion" | "response-and-assertion" = "assertion",
  overrides: Parameters<typeof unsignedFor>[2] = {},
): Build {
  return (login) => field(signLikeEntra(edit(unsignedFor(target, login, overrides), change), mode));
}

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** Token encryption of the (signed) assertion, for this account's certificate or another one. */
const encrypted =
  (
    options: {
      for?: () => string;
      change?: (encryptedXml: string) => string;
      mode?: "assertion" | "response";
    } = {},
  ): Build =>
  (login) =>
    signedFor(target, login, {
      signing: { mode: options.mode ?? "assertion" },
      encryptAssertion: (assertion) =>
        (options.change ?? ((x) => x))(
          encryptAssertion(assertion, (options.for ?? (() => encryptionCertificate))()),
        ),
    }).base64;

const CASES: Array<[string, Build]> = [
  ["the unmodified response", (login) => signedFor(target, login).base64],
  ["the assertion encrypted for this account", encrypted()],
  ["encrypted, only the Response signed", encrypted({ mode: "response" })],
  ["encrypted for a certificate the account does not have", encrypted({ for: () => rogue.certificatePem })],
  [
    "encrypted, content damaged",
    encrypted({ change: (x) => x.replace(/(<xenc:CipherValue>)([A-Za-z0-9+/]{8})/, "$1AAAAAAAA") }),
  ],
  [
    "encrypted, RSA 1.5 key transport named",
    encrypted({ change: (x) => x.replace("rsa-oaep-mgf1p", "rsa-1_5") }),
  ],
  [
    "response and assertion signed",
    (login) => signedFor(target, login, { signing: { mode: "response-and-assertion" } }).base64,
  ],
  ["only the Response signed", (login) => signedFor(target, login, { signing: { mode: "response" } }).base64],
  ["unsigned", (login) => signedFor(target, login, { signing: { mode: "none" } }).base64],
  ["SHA-1", (login) => signedFor(target, login, { signing: { algorithm: "sha1" } }).base64],
  ["signed by another key", (login) => field(signLikeEntra(unsignedFor(target, login), "assertion", rogue))],
  [
    "expired (Conditions and confirmation)",
    (login) => signedFor(target, login, { now: new Date(Date.now() - 3 * 3600_000) }).base64,
  ],
  ["not valid yet", (login) => signedFor(target, login, { now: new Date(Date.now() + 20 * 60_000) }).base64],
  [
    "the confirmation expired, Conditions fine",
    (login) => signedFor(target, login, { subjectConfirmationMinutes: -10 }).base64,
  ],
  [
    "wrong Issuer everywhere",
    (login) => signedFor(target, login, { issuer: "https://sts.windows.net/other-tenant/" }).base64,
  ],
  [
    "signed assertion from another tenant under the right Response Issuer",
    resigned((doc) => {
      const issuer = first(assertionOf(doc), "Issuer");
      issuer.textContent = "https://sts.windows.net/other-tenant/";
    }),
  ],
  ["wrong Audience", (login) => signedFor(target, login, { audience: "https://elsewhere.example/" }).base64],
  [
    "two AudienceRestrictions, one without this SP",
    resigned((doc) => {
      const conditions = first(assertionOf(doc), "Conditions");
      const extra = doc.createElementNS(ASSERTION_NS, "AudienceRestriction");
      const audience = doc.createElementNS(ASSERTION_NS, "Audience");
      audience.textContent = "https://elsewhere.example/";
      extra.appendChild(audience);
      conditions.appendChild(extra);
    }),
  ],
  [
    "wrong Destination",
    (login) => signedFor(target, login, { destination: "https://elsewhere.example/acs" }).base64,
  ],
  [
    "no Destination on a signed Response",
    (login) =>
      signedFor(target, login, { destination: null, signing: { mode: "response-and-assertion" } }).base64,
  ],
  [
    "no Destination, only the assertion signed",
    (login) => signedFor(target, login, { destination: null }).base64,
  ],
  [
    "wrong Recipient",
    (login) => signedFor(target, login, { recipient: "https://elsewhere.example/acs" }).base64,
  ],
  [
    "an error status",
    (login) =>
      signedFor(target, login, {
        status: {
          code: "urn:oasis:names:tc:SAML:2.0:status:Requester",
          message: "AADSTS50105: not assigned",
        },
      }).base64,
  ],
  ["an unknown user", (login) => signedFor(target, login, { nameId: "nobody@contoso.com" }).base64],
  [
    "the attacker (an active user) for the attacker's own login",
    (login) => signedFor(target, login, { nameId: ATTACKER }).base64,
  ],
  [
    "no NameID",
    resigned((doc) =>
      first(assertionOf(doc), "NameID").parentNode?.removeChild(first(assertionOf(doc), "NameID")),
    ),
  ],
  [
    "NameID split by a comment",
    resigned((doc) => {
      const nameId = first(assertionOf(doc), "NameID");
      nameId.textContent = "B.Simon@contoso.com";
      nameId.insertBefore(doc.createComment("x"), nameId.firstChild);
    }),
  ],
  [
    "C14N 1.1 as CanonicalizationMethod",
    (login) =>
      field(
        edit(signedFor(target, login).xml, (doc) =>
          first(doc, "CanonicalizationMethod").setAttribute(
            "Algorithm",
            "http://www.w3.org/2006/12/xml-c14n11",
          ),
        ),
      ),
  ],
  [
    "SubjectConfirmationData without NotOnOrAfter, Conditions until tomorrow",
    resigned((doc) => {
      const data = first(assertionOf(doc), "SubjectConfirmationData");
      data.removeAttribute("NotOnOrAfter");
      first(assertionOf(doc), "Conditions").setAttribute("NotOnOrAfter", minutesFromNow(24 * 60));
    }),
  ],
  [
    "bearer SubjectConfirmation without SubjectConfirmationData",
    resigned((doc) => {
      const data = first(assertionOf(doc), "SubjectConfirmationData");
      data.parentNode?.removeChild(data);
    }),
  ],
  [
    "an unknown InResponseTo in both places",
    (_login) => signedFor(target, { request: { id: "_never-issued-here" } }).base64,
  ],
  ["no InResponseTo (IdP-initiated)", (_login) => signedFor(target, null).base64],
  [
    "the envelope names the request, the signed assertion none",
    (login) =>
      field(
        edit(signedFor(target, null).xml, (doc) =>
          doc.documentElement.setAttribute("InResponseTo", login.request.id),
        ),
      ),
  ],
  [
    'Version="1.1" on Response and Assertion',
    resigned((doc) => {
      doc.documentElement.setAttribute("Version", "1.1");
      assertionOf(doc).setAttribute("Version", "1.1");
    }, "response-and-assertion"),
  ],
  [
    "an assertion issued a day ago with rewritten, valid time limits",
    resigned((doc) => {
      const a = assertionOf(doc);
      const dayAgo = new Date(Date.now() - 24 * 3600_000).toISOString();
      a.setAttribute("IssueInstant", dayAgo);
      first(a, "Conditions").setAttribute("NotBefore", minutesFromNow(-5));
      first(a, "Conditions").setAttribute("NotOnOrAfter", minutesFromNow(60));
      first(a, "SubjectConfirmationData").setAttribute("NotOnOrAfter", minutesFromNow(60));
    }),
  ],
  [
    "AuthnStatement SessionNotOnOrAfter in the past",
    resigned((doc) =>
      first(assertionOf(doc), "AuthnStatement").setAttribute("SessionNotOnOrAfter", minutesFromNow(-30)),
    ),
  ],
  [
    "two assertions",
    (login) =>
      field(
        edit(signedFor(target, login).xml, (doc) => {
          doc.documentElement.appendChild(assertionOf(doc).cloneNode(true));
        }),
      ),
  ],
  [
    "a namespace bomb",
    (login) => {
      const decls = Array.from({ length: 3000 }, (_, i) => ` xmlns:n${i}="urn:n${i}"`).join("");
      return field(signedFor(target, login).xml.replace("<samlp:Response", `<samlp:Response${decls}`));
    },
  ],
  ["not base64", () => "!!not base64!!"],
  ["not XML", () => field("<samlp:Response><unclosed>")],
  ["a DOCTYPE", (login) => field(`<!DOCTYPE r []>${signedFor(target, login).xml}`)],
  ...XSW_VARIANTS.flatMap(
    (variant): Array<[string, Build]> =>
      (["assertion", "response-and-assertion"] as const).map((mode) => [
        `XSW${variant}, ${mode} signed`,
        (login: Login) =>
          field(applyXsw(signedFor(target, login, { signing: { mode } }).xml, variant, ATTACKER)),
      ]),
  ),
  ...Array.from({ length: MUTATIONS }, (_, i): [string, Build] => [
    `random mutation #${i}`,
    (login) => {
      const random = seededRandom(SEED + i);
      const mode = random() < 0.5 ? "assertion" : "response-and-assertion";
      return mutate(signedFor(target, login, { signing: { mode } }).xml, random).field;
    },
  ]),
];

interface Answer {
  accepted: boolean;
  code: string | null;
}

async function askAnalyze(samlResponse: string): Promise<Answer & { outcome: string }> {
  const res = await request(target.rt.app)
    .post(`/api/v1/accounts/${target.accountId}/analyze`)
    .set("Authorization", `Bearer ${TOKEN}`)
    .send({ samlResponse });
  if (res.status !== 200) {
    // A message Analyze refuses to read at all (e.g. empty) is a refusal with the API's code.
    return {
      accepted: false,
      code: (res.body as { error?: { code?: string } }).error?.code ?? null,
      outcome: "error",
    };
  }
  const body = res.body as { accepted: boolean; outcome: string; diagnosis: { code: string | null } };
  return { accepted: body.accepted, code: body.diagnosis.code, outcome: body.outcome };
}

describe("Analyze answers exactly what the ACS answers (differential, issue 10)", () => {
  it.each(CASES)("%s", async (_name, build) => {
    const login = await startLogin(target);
    const samlResponse = build(login);
    const analyzed = await askAnalyze(samlResponse);
    const posted = await postResponse(target, login, { base64: samlResponse });
    const acs: Answer = {
      accepted: posted.status === 303,
      code: posted.status === 303 ? null : (posted.code ?? null),
    };
    expect({ accepted: analyzed.accepted, code: analyzed.code }, posted.body).toEqual(acs);
    // Analyze never claims "accepted" for what the ACS refuses, and names the one outcome it
    // cannot vouch for separately.
    if (!acs.accepted) expect(analyzed.outcome).not.toBe("accepted");
  });
});
