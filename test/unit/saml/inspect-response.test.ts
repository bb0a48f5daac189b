import { describe, expect, it } from "vitest";
import { inspectResponse } from "../../../src/saml/inspect-response.js";
import { signTestResponse } from "../../helpers/test-idp.js";

const REPLY = "http://localhost:3999/micloud/a/saml/acs";

describe("inspectResponse", () => {
  it("reads Entra's response, its signatures and their shape", () => {
    const response = signTestResponse({
      replyUrl: REPLY,
      audience: "urn:sp",
      inResponseTo: "_req",
      signing: { mode: "response-and-assertion" },
    });
    const facts = inspectResponse(response.xml);
    expect(facts).toMatchObject({
      isResponse: true,
      id: response.responseId,
      destination: REPLY,
      inResponseTo: "_req",
      responseSigned: true,
      assertionCount: 1,
      assertionsAnywhere: 1,
      duplicateIds: [],
      assertion: {
        id: response.assertionId,
        nameId: "B.Simon@contoso.com",
        signed: true,
        nameIdHasMarkup: false,
      },
    });
    expect(facts.signatures.map((s) => s.parent).sort()).toEqual(["assertion", "response"]);
    for (const sig of facts.signatures) {
      expect(sig).toMatchObject({
        signedInfoCount: 1,
        canonicalizationMethod: "http://www.w3.org/2001/10/xml-exc-c14n#",
        transforms: [
          [
            "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
            "http://www.w3.org/2001/10/xml-exc-c14n#",
          ],
        ],
        extraChildren: [],
      });
      expect(sig.signatureValues).toHaveLength(1);
      expect(sig.certificates[0]).toMatch(/^MII/);
    }
  });

  it("counts assertions hidden anywhere, in any namespace, and IDs used twice", () => {
    const xml = signTestResponse({ replyUrl: REPLY, audience: "urn:sp", inResponseTo: "_req" }).xml.replace(
      "<samlp:Status>",
      '<samlp:Extensions><x:Assertion xmlns:x="urn:x" ID="_req"/><EncryptedAssertion xmlns="urn:y"/><d ID="_dup"/><e ID="_dup"/></samlp:Extensions><samlp:Status>',
    );
    const facts = inspectResponse(xml);
    expect(facts.assertionCount).toBe(1);
    expect(facts.assertionsAnywhere).toBe(3);
    expect(facts.duplicateIds).toEqual(["_dup"]);
  });
});
