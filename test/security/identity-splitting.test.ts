import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AttackTarget,
  createAttackTarget,
  expectRefused,
  postResponse,
  signedFor,
  startLogin,
  VICTIM,
} from "./support/acs-harness.js";
import { runWithoutPrecheck } from "./support/layers.js";

/**
 * Identity splitting (Duo 2018, ruby-saml CVE-2025-25291/25292): the attacker owns
 * "B.Simon@contoso.com.evil.com" at the IdP, gets a validly signed response for it, and splits the
 * NameID with markup that canonicalization ignores, hoping the SP reads only the first text node
 * ("B.Simon@contoso.com", who exists and is active here). The precheck refuses any markup in the
 * NameID; without it, node-saml reads the whole text and the user lookup finds nobody.
 */
const SIGNED_FOR = "B.Simon@contoso.com.evil.com";

let target: AttackTarget;
beforeAll(async () => {
  target = await createAttackTarget();
});
afterAll(() => target.rt.dispose());

const SPLITS = [
  { how: "a comment", markup: "B.Simon@contoso.com<!---->.evil.com", signatureStillValid: true },
  {
    how: "a comment with text",
    markup: "B.Simon@contoso.com<!-- .evil.com -->.evil.com",
    signatureStillValid: true,
  },
  { how: "a CDATA section", markup: "B.Simon@contoso.com<![CDATA[.evil.com]]>", signatureStillValid: true },
  {
    how: "a processing instruction",
    markup: "B.Simon@contoso.com<?x y?>.evil.com",
    signatureStillValid: false,
  },
] as const;

describe.each(SPLITS)("NameID split by $how", ({ markup, signatureStillValid }) => {
  const split = (xml: string) => {
    const out = xml.replace(`>${SIGNED_FOR}</NameID>`, `>${markup}</NameID>`);
    expect(out).not.toBe(xml);
    return out;
  };

  it("is refused before node-saml, and nobody is signed in", async () => {
    const login = await startLogin(target);
    const response = signedFor(target, login, { nameId: SIGNED_FOR });
    const outcome = await postResponse(target, login, { xml: split(response.xml) });
    expectRefused(outcome, "SAML_RESPONSE_MALFORMED");
    expect(outcome.body).toContain("NameID");
  });

  it("without the precheck, never becomes a session for the truncated identity", async () => {
    const login = await startLogin(target);
    const response = signedFor(target, login, { nameId: SIGNED_FOR });
    const outcome = await runWithoutPrecheck(target, login, split(response.xml));
    expect(outcome.stage).not.toBe("accepted");
    if (signatureStillValid) {
      // The signature survives the split (canonicalization drops comments and unwraps CDATA), so
      // this is a real attack: only reading the whole text keeps B.Simon out.
      expect(outcome).toEqual({ stage: "after node-saml", refused: "USER_NOT_FOUND" });
    } else {
      expect(outcome.stage).toBe("node-saml");
    }
  });
});

describe("NameID split by an empty CDATA section", () => {
  it("reads as the whole signed identity (the parser drops the empty section), so nobody is signed in", async () => {
    // xmldom merges "B.Simon@contoso.com<![CDATA[]]>.evil.com" into one text node: no markup is
    // left to refuse, and the identity read is exactly the signed one, which is not a user here.
    const login = await startLogin(target);
    const response = signedFor(target, login, { nameId: SIGNED_FOR });
    const xml = response.xml.replace(
      `>${SIGNED_FOR}</NameID>`,
      ">B.Simon@contoso.com<![CDATA[]]>.evil.com</NameID>",
    );
    expect(xml).not.toBe(response.xml);
    const outcome = await postResponse(target, login, { xml });
    expectRefused(outcome, "USER_NOT_FOUND");
    expect(outcome.body).toContain(SIGNED_FOR);
  });
});

describe("NameID with markup the IdP itself signed", () => {
  it("a comment inside the signed NameID is refused even though the signature covers it", async () => {
    const login = await startLogin(target);
    const response = signedFor(target, login, { nameId: VICTIM });
    const xml = response.xml.replace(`>${VICTIM}</NameID>`, `>B.Simon<!---->@contoso.com</NameID>`);
    expect(xml).not.toBe(response.xml);
    expectRefused(await postResponse(target, login, { xml }), "SAML_RESPONSE_MALFORMED");
  });
});
