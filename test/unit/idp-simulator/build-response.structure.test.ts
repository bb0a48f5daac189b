import { describe, expect, it } from "vitest";
import { generateSigningCertificate } from "../../../src/idp-simulator/keys/signing-certificate.js";
import {
  buildSignedResponse,
  ENTRA_CLAIM,
  ENTRA_CLAIM_ORDER,
  PASSWORD_AUTHN_METHOD,
  SAML_STATUS,
} from "../../../src/idp-simulator/saml/build-response.js";
import {
  ASSERTION_ID,
  ASSERTION_NS,
  AUDIENCE,
  baseInput,
  childElements,
  childNames,
  DSIG_NS,
  IDP_ISSUER,
  NAME_ID,
  onlyChild,
  PROTOCOL_NS,
  parse,
  REPLY_URL,
  REQUEST_ID,
  RESPONSE_ID,
  TENANT_ID,
} from "./support.js";

const a = (local: string): string => `{${ASSERTION_NS}}${local}`;
const p = (local: string): string => `{${PROTOCOL_NS}}${local}`;
const ds = (local: string): string => `{${DSIG_NS}}${local}`;

function assertionOf(xml: string): Element {
  const root = parse(xml).documentElement;
  if (!root) {
    throw new Error("no root");
  }
  return onlyChild(root, ASSERTION_NS, "Assertion");
}

function attributeNames(xml: string): string[] {
  const statement = onlyChild(assertionOf(xml), ASSERTION_NS, "AttributeStatement");
  return childElements(statement).map((e) => e.getAttribute("Name") ?? "");
}

describe("buildSignedResponse structure", () => {
  it("is one line without an XML declaration", () => {
    for (const mode of ["assertion", "response", "response-and-assertion", "none"] as const) {
      const { xml } = buildSignedResponse(baseInput(mode));
      expect(xml).not.toMatch(/[\r\n]/);
      expect(xml.startsWith("<samlp:Response ")).toBe(true);
      expect(xml).not.toContain("<?xml");
    }
  });

  it("writes the Response and Assertion start tags the way Entra does", () => {
    const { xml, responseId, assertionId } = buildSignedResponse(baseInput());
    expect(responseId).toBe(RESPONSE_ID);
    expect(assertionId).toBe(ASSERTION_ID);
    expect(
      xml.startsWith(
        `<samlp:Response ID="${RESPONSE_ID}" Version="2.0" IssueInstant="2026-11-26T10:00:00.000Z" ` +
          `Destination="${REPLY_URL}" InResponseTo="${REQUEST_ID}" xmlns:samlp="${PROTOCOL_NS}">` +
          `<Issuer xmlns="${ASSERTION_NS}">${IDP_ISSUER}</Issuer>` +
          `<samlp:Status><samlp:StatusCode Value="${SAML_STATUS.success}"/></samlp:Status>` +
          `<Assertion ID="${ASSERTION_ID}" IssueInstant="2026-11-26T10:00:00.000Z" Version="2.0" xmlns="${ASSERTION_NS}">` +
          `<Issuer>${IDP_ISSUER}</Issuer><Signature xmlns="${DSIG_NS}">`,
      ),
    ).toBe(true);
    expect(xml.endsWith("</Assertion></samlp:Response>")).toBe(true);
  });

  it("orders the elements like Entra, with the assertion signature right after the assertion's Issuer", () => {
    const { xml } = buildSignedResponse(baseInput("assertion"));
    const root = parse(xml).documentElement!;
    expect(childNames(root)).toEqual([a("Issuer"), p("Status"), a("Assertion")]);
    const assertion = assertionOf(xml);
    expect(childNames(assertion)).toEqual([
      a("Issuer"),
      ds("Signature"),
      a("Subject"),
      a("Conditions"),
      a("AttributeStatement"),
      a("AuthnStatement"),
    ]);
    const signature = onlyChild(assertion, DSIG_NS, "Signature");
    expect(signature.prefix).toBeNull();
    expect(childNames(signature)).toEqual([ds("SignedInfo"), ds("SignatureValue"), ds("KeyInfo")]);
  });

  it("puts the response signature right after the response's Issuer", () => {
    const { xml } = buildSignedResponse(baseInput("response"));
    const root = parse(xml).documentElement!;
    expect(childNames(root)).toEqual([a("Issuer"), ds("Signature"), p("Status"), a("Assertion")]);
    expect(childNames(assertionOf(xml))).not.toContain(ds("Signature"));

    const both = buildSignedResponse(baseInput("response-and-assertion")).xml;
    expect(childNames(parse(both).documentElement!)).toEqual([
      a("Issuer"),
      ds("Signature"),
      p("Status"),
      a("Assertion"),
    ]);
    expect(childNames(assertionOf(both))[1]).toBe(ds("Signature"));

    const none = buildSignedResponse(baseInput("none")).xml;
    expect(none).not.toContain("Signature");
  });

  it("writes Subject, Conditions and AuthnStatement with Entra's values and windows", () => {
    const assertion = assertionOf(buildSignedResponse(baseInput()).xml);
    const subject = onlyChild(assertion, ASSERTION_NS, "Subject");
    const nameId = onlyChild(subject, ASSERTION_NS, "NameID");
    expect(nameId.textContent).toBe(NAME_ID);
    expect(nameId.getAttribute("Format")).toBe("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    const confirmation = onlyChild(subject, ASSERTION_NS, "SubjectConfirmation");
    expect(confirmation.getAttribute("Method")).toBe("urn:oasis:names:tc:SAML:2.0:cm:bearer");
    const data = onlyChild(confirmation, ASSERTION_NS, "SubjectConfirmationData");
    expect(data.getAttribute("InResponseTo")).toBe(REQUEST_ID);
    expect(data.getAttribute("NotOnOrAfter")).toBe("2026-11-26T11:00:00.000Z");
    expect(data.getAttribute("Recipient")).toBe(REPLY_URL);

    const conditions = onlyChild(assertion, ASSERTION_NS, "Conditions");
    expect(conditions.getAttribute("NotBefore")).toBe("2026-11-26T09:55:00.000Z");
    expect(conditions.getAttribute("NotOnOrAfter")).toBe("2026-11-26T11:00:00.000Z");
    const audience = onlyChild(
      onlyChild(conditions, ASSERTION_NS, "AudienceRestriction"),
      ASSERTION_NS,
      "Audience",
    );
    expect(audience.textContent).toBe(AUDIENCE);

    const authn = onlyChild(assertion, ASSERTION_NS, "AuthnStatement");
    expect(authn.getAttribute("AuthnInstant")).toBe("2026-11-26T10:00:00.000Z");
    expect(authn.getAttribute("SessionIndex")).toBe(ASSERTION_ID);
    const classRef = onlyChild(
      onlyChild(authn, ASSERTION_NS, "AuthnContext"),
      ASSERTION_NS,
      "AuthnContextClassRef",
    );
    expect(classRef.textContent).toBe("urn:oasis:names:tc:SAML:2.0:ac:classes:Password");
  });

  it("honours validity overrides and a separate subject confirmation window", () => {
    const assertion = assertionOf(
      buildSignedResponse(
        baseInput("assertion", "sha256", {
          validityOffsetMinutes: { notBefore: -1, notOnOrAfter: 10 },
          subjectConfirmationMinutes: 5,
        }),
      ).xml,
    );
    const conditions = onlyChild(assertion, ASSERTION_NS, "Conditions");
    expect(conditions.getAttribute("NotBefore")).toBe("2026-11-26T09:59:00.000Z");
    expect(conditions.getAttribute("NotOnOrAfter")).toBe("2026-11-26T10:10:00.000Z");
    const data = onlyChild(
      onlyChild(onlyChild(assertion, ASSERTION_NS, "Subject"), ASSERTION_NS, "SubjectConfirmation"),
      ASSERTION_NS,
      "SubjectConfirmationData",
    );
    expect(data.getAttribute("NotOnOrAfter")).toBe("2026-11-26T10:05:00.000Z");
  });

  it("writes the claims in Entra's order, without NameFormat, and leaves empty claims out", () => {
    const { xml } = buildSignedResponse(baseInput());
    expect(attributeNames(xml)).toEqual(ENTRA_CLAIM_ORDER);
    expect(xml).not.toContain("NameFormat");
    const statement = onlyChild(assertionOf(xml), ASSERTION_NS, "AttributeStatement");
    const amr = childElements(statement).find(
      (e) => e.getAttribute("Name") === ENTRA_CLAIM.authnMethodsReferences,
    );
    expect(amr?.textContent).toBe(PASSWORD_AUTHN_METHOD);
    const idp = childElements(statement).find((e) => e.getAttribute("Name") === ENTRA_CLAIM.identityProvider);
    expect(idp?.textContent).toBe(IDP_ISSUER);

    const shuffled = baseInput("assertion", "sha256", {
      claims: [
        { name: "http://schemas.example/claims/department", values: ["Sales"] },
        { name: ENTRA_CLAIM.name, values: [NAME_ID] },
        { name: ENTRA_CLAIM.surname, values: [""] },
        { name: ENTRA_CLAIM.givenName, values: [undefined] },
        { name: "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups", values: ["g1", "", "g2"] },
        { name: ENTRA_CLAIM.tenantId, values: [TENANT_ID] },
        { name: ENTRA_CLAIM.displayName, values: [] },
      ],
    });
    const names = attributeNames(buildSignedResponse(shuffled).xml);
    expect(names).toEqual([
      ENTRA_CLAIM.tenantId,
      ENTRA_CLAIM.name,
      "http://schemas.example/claims/department",
      "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
    ]);
    const statement2 = onlyChild(
      assertionOf(buildSignedResponse(shuffled).xml),
      ASSERTION_NS,
      "AttributeStatement",
    );
    const groups = childElements(statement2)[3]!;
    expect(childElements(groups).map((v) => v.textContent)).toEqual(["g1", "g2"]);
  });

  it("leaves the AttributeStatement out when no claim has a value", () => {
    const { xml } = buildSignedResponse(
      baseInput("assertion", "sha256", { claims: [{ name: "x", values: [""] }] }),
    );
    expect(childNames(assertionOf(xml))).not.toContain(a("AttributeStatement"));
  });

  it("omits Destination and both InResponseTo attributes when asked (unsolicited response)", () => {
    const { xml } = buildSignedResponse(
      baseInput("assertion", "sha256", { destination: null, inResponseTo: null }),
    );
    expect(xml).not.toContain("InResponseTo");
    expect(xml).not.toContain("Destination");
    expect(xml).toContain(`Recipient="${REPLY_URL}"`);
  });

  it("uses the issuer override for both Issuer elements", () => {
    const issuer = "https://login.microsoftonline.com/override/";
    const { xml } = buildSignedResponse(baseInput("assertion", "sha256", { issuer }));
    expect(xml.match(/<Issuer[^>]*>([^<]*)<\/Issuer>/g)).toEqual([
      `<Issuer xmlns="${ASSERTION_NS}">${issuer}</Issuer>`,
      `<Issuer>${issuer}</Issuer>`,
    ]);
  });

  it("generates Entra-like ids when none are given", () => {
    const built = buildSignedResponse(baseInput("assertion", "sha256", { ids: undefined }));
    const uuid = /^_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(built.responseId).toMatch(uuid);
    expect(built.assertionId).toMatch(uuid);
    expect(built.responseId).not.toBe(built.assertionId);
    expect(built.xml).toContain(`SessionIndex="${built.assertionId}"`);
  });

  it("escapes markup and keeps line feeds in values from breaking the single line", () => {
    const { xml } = buildSignedResponse(
      baseInput("assertion", "sha256", {
        nameId: `o'neil&<co>@example.com`,
        claims: [{ name: "http://schemas.example/claims/note", values: ['line one\nline "two"'] }],
      }),
    );
    expect(xml).not.toMatch(/[\r\n]/);
    const assertion = assertionOf(xml);
    const nameId = onlyChild(onlyChild(assertion, ASSERTION_NS, "Subject"), ASSERTION_NS, "NameID");
    expect(nameId.textContent).toBe(`o'neil&<co>@example.com`);
    const statement = onlyChild(assertion, ASSERTION_NS, "AttributeStatement");
    expect(childElements(statement)[0]?.textContent).toBe('line one\nline "two"');
  });

  it("refuses characters XML cannot carry and malformed ids", () => {
    expect(() => buildSignedResponse(baseInput("assertion", "sha256", { nameId: "a\u0000b" }))).toThrow(
      /XML 1.0/,
    );
    expect(() =>
      buildSignedResponse(baseInput("assertion", "sha256", { ids: { responseId: "1abc" } })),
    ).toThrow(/responseId/);
    expect(() =>
      buildSignedResponse(baseInput("assertion", "sha256", { ids: { responseId: "_a", assertionId: "_a" } })),
    ).toThrow(/differ/);
  });

  it("sends only Issuer and Status, with nested code and message, for a non-Success status", () => {
    const message = "AADSTS50105: The signed in user is not assigned to a role for the application.";
    for (const mode of ["assertion", "response", "response-and-assertion", "none"] as const) {
      const built = buildSignedResponse(
        baseInput(mode, "sha256", {
          status: { code: SAML_STATUS.requester, subCode: SAML_STATUS.requestDenied, message },
        }),
      );
      expect(built.assertionId).toBe("");
      const root = parse(built.xml).documentElement!;
      const signed = mode === "response" || mode === "response-and-assertion";
      expect(childNames(root)).toEqual(
        signed ? [a("Issuer"), ds("Signature"), p("Status")] : [a("Issuer"), p("Status")],
      );
      expect(built.xml).toContain(
        `<samlp:Status><samlp:StatusCode Value="${SAML_STATUS.requester}"><samlp:StatusCode Value="${SAML_STATUS.requestDenied}"/></samlp:StatusCode>` +
          `<samlp:StatusMessage>${message}</samlp:StatusMessage></samlp:Status>`,
      );
      expect(built.xml).not.toContain("Assertion");
    }
  });

  it("refuses a private key that does not belong to the certificate", async () => {
    const other = await generateSigningCertificate();
    const input = baseInput();
    expect(() =>
      buildSignedResponse({ ...input, signing: { ...input.signing, privateKeyPem: other.privateKeyPem } }),
    ).toThrow(/does not belong/);
  });
});
