import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ATTACKER,
  type AttackTarget,
  createAttackTarget,
  expectRefused,
  expectSignedIn,
  postResponse,
  signedFor,
  startLogin,
} from "./support/acs-harness.js";
import { runWithoutPrecheck } from "./support/layers.js";
import { applyXsw, XSW_DESCRIPTIONS, XSW_VARIANTS, type XswVariant } from "./support/xsw.js";

/**
 * Signature wrapping (SAML Raider's XSW1–XSW8) on a response validly signed for B.Simon, with the
 * evil copy naming attacker@contoso.com, who exists and is active. Each must be refused by the
 * structural precheck (one assertion, signatures only where Entra puts them, each covering its
 * parent) before node-saml runs, and never end in a session.
 */
let target: AttackTarget;

beforeAll(async () => {
  target = await createAttackTarget();
});
afterAll(() => target.rt.dispose());

const MODES = ["assertion", "response-and-assertion"] as const;

/** The first check that must refuse each placement (node-saml would refuse most of them too). */
const EXPECTED: Record<XswVariant, string> = {
  1: "MULTIPLE_ASSERTIONS",
  2: "MULTIPLE_ASSERTIONS",
  3: "MULTIPLE_ASSERTIONS",
  4: "MULTIPLE_ASSERTIONS",
  5: "MULTIPLE_ASSERTIONS",
  6: "MULTIPLE_ASSERTIONS",
  7: "MULTIPLE_ASSERTIONS",
  8: "MULTIPLE_ASSERTIONS",
};

describe.each(MODES)("XSW with %s signing", (mode) => {
  it("control: the unwrapped response signs B.Simon in", async () => {
    const login = await startLogin(target);
    const response = signedFor(target, login, { signing: { mode } });
    expectSignedIn(await postResponse(target, login, response));
  });

  it.each(XSW_VARIANTS.map((v) => [v, XSW_DESCRIPTIONS[v]] as const))("XSW%i: %s", async (variant) => {
    const login = await startLogin(target);
    const signed = signedFor(target, login, { signing: { mode } });
    const attack = applyXsw(signed.xml, variant, ATTACKER);
    expect(attack).toContain(ATTACKER);
    const outcome = await postResponse(target, login, { xml: attack });
    expectRefused(outcome, EXPECTED[variant]);
  });
});

describe.each(MODES)(
  "XSW with %s signing, precheck switched off (node-saml and the postchecks alone)",
  (mode) => {
    it.each(XSW_VARIANTS)("XSW%i is still refused", async (variant) => {
      const login = await startLogin(target);
      const signed = signedFor(target, login, { signing: { mode } });
      const outcome = await runWithoutPrecheck(target, login, applyXsw(signed.xml, variant, ATTACKER));
      expect(outcome.stage).toBe("node-saml");
    });
  },
);

describe("ID collision without a second assertion", () => {
  it("an element elsewhere carrying the assertion's ID is refused (the reference would be ambiguous)", async () => {
    const login = await startLogin(target);
    const signed = signedFor(target, login);
    const attack = signed.xml.replace(
      "<samlp:Status>",
      `<samlp:Extensions><Decoy xmlns="urn:example:decoy" ID="${signed.assertionId}"/></samlp:Extensions><samlp:Status>`,
    );
    expect(attack).not.toBe(signed.xml);
    const outcome = await postResponse(target, login, { xml: attack });
    expectRefused(outcome, "SIGNATURE_INVALID");
    // Refused by the precheck's own rule, before node-saml (which would refuse it too).
    expect(outcome.body).toContain("every ID used once");
  });
});
