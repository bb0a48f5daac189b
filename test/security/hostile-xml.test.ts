import { DOMParser } from "@xmldom/xmldom";
import request from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { attributeBomb, elementBomb, namespaceBomb } from "../../bench/fixtures/hostile-shapes.js";
import { API_TOKEN } from "../http/diagnostics-helpers.js";
import { type AttackTarget, createAttackTarget } from "./support/acs-harness.js";
import { toBase64 } from "./support/xml.js";

/**
 * XML bombs (a few hundred KB shaped for a DOM parser's slow corners) are refused by the bounded
 * pre-scan before xmldom builds anything, with the same code at the ACS and in Analyze. Small
 * variants that fit the size limit are refused for their shape, also without a DOM.
 */
let target: AttackTarget;
beforeAll(async () => {
  target = await createAttackTarget();
});
afterAll(() => target.rt.dispose());
afterEach(() => vi.restoreAllMocks());

const small = {
  namespaces: `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${Array.from({ length: 60 }, (_, i) => `<x xmlns:m${i}="u"/>`).join("")}</samlp:Response>`,
  elements: `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${"<a/>".repeat(700)}</samlp:Response>`,
  depth: `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${"<a>".repeat(30)}${"</a>".repeat(30)}</samlp:Response>`,
  attributes: `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ${Array.from({ length: 40 }, (_, i) => `a${i}=""`).join(" ")}/>`,
};

const CASES: Array<[string, () => string, string, number]> = [
  ["namespace bomb (330 KB)", namespaceBomb, "SAML_RESPONSE_TOO_LARGE", 413],
  ["element bomb (330 KB)", elementBomb, "SAML_RESPONSE_TOO_LARGE", 413],
  ["attribute bomb (330 KB)", attributeBomb, "SAML_RESPONSE_TOO_LARGE", 413],
  ["60 namespace declarations in 5 KB", () => small.namespaces, "SAML_RESPONSE_MALFORMED", 400],
  ["700 elements in 3 KB", () => small.elements, "SAML_RESPONSE_TOO_LARGE", 413],
  ["30 levels deep", () => small.depth, "SAML_RESPONSE_MALFORMED", 400],
  ["40 attributes on one element", () => small.attributes, "SAML_RESPONSE_MALFORMED", 400],
];

describe("hostile XML is refused before a DOM is built, with one code everywhere", () => {
  it.each(CASES)("%s: the same code at the ACS and in Analyze", async (_label, build, code, status) => {
    const samlResponse = toBase64(build());
    const parse = vi.spyOn(DOMParser.prototype, "parseFromString");

    const acs = await request(target.rt.app)
      .post(target.acsPath)
      .type("form")
      .set("Accept", "application/json")
      .send({ SAMLResponse: samlResponse });
    expect(acs.status).toBe(status);
    expect((acs.body as { error: { code: string } }).error.code).toBe(code);

    const analyzed = await request(target.rt.app)
      .post(`/api/v1/accounts/${target.accountId}/analyze`)
      .set("Authorization", `Bearer ${API_TOKEN}`)
      .send({ samlResponse });
    // Over the API's own 400 KB paste limit the API refuses the request itself (413), same code.
    const answer = analyzed.body as { error?: { code: string }; diagnosis?: { code: string } };
    expect(answer.error?.code ?? answer.diagnosis?.code).toBe(code);

    expect(parse).not.toHaveBeenCalled();
  });
});
