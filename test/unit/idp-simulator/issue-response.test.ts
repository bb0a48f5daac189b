import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type IssueResponseInput,
  issueResponse,
  persistentNameId,
  WRONG_AUDIENCE,
  WRONG_RECIPIENT,
  wrongTenantId,
} from "../../../src/idp-simulator/saml/issue-response.js";
import { TAMPERED_RECIPIENT, TAMPERING_IDS } from "../../../src/idp-simulator/saml/tampering.js";
import {
  NO_FAULTS,
  type SimApp,
  type SimCertificate,
  type SimFaults,
} from "../../../src/idp-simulator/state/model.js";
import {
  attrOf,
  claimValues,
  signatureUnder,
  statusCode,
  textOf,
  verifiesWith,
  viewResponse,
} from "./response-inspection.js";
import { CERTIFICATE_PEM, FIXED_NOW, PRIVATE_KEY_PEM, PROTOCOL_NS, TENANT_ID } from "./support.js";

const REPLY_URL = "https://sp.example/acs";
const IDENTIFIER = "https://sp.example/metadata";

function certificate(active: boolean, createdAt: number): SimCertificate {
  return {
    thumbprint: new X509Certificate(CERTIFICATE_PEM).fingerprint.replace(/:/g, ""),
    certificatePem: CERTIFICATE_PEM,
    privateKeyPem: PRIVATE_KEY_PEM,
    notBefore: 0,
    notAfter: Number.MAX_SAFE_INTEGER,
    createdAt,
    active,
  };
}

function input(faults: Partial<SimFaults> = {}, app: Partial<SimApp> = {}): IssueResponseInput {
  const user = {
    objectId: "9c8b7a65-4321-4fed-8cba-0987654321fe",
    userPrincipalName: "B.Simon@contoso.com",
    displayName: "B.Simon",
    givenName: "Britta",
    surname: "Simon",
    mail: "britta.simon@contoso.com",
    createdAt: 0,
  };
  return {
    tenant: { id: TENANT_ID, name: "Contoso", primaryDomain: "contoso.com", users: [user], createdAt: 0 },
    app: {
      id: "11111111-1111-4111-8111-111111111111",
      appId: "22222222-2222-4222-8222-222222222222",
      key: "acc",
      tenantId: TENANT_ID,
      displayName: "Mitel Connect",
      galleryApp: "Mitel Connect",
      identifier: IDENTIFIER,
      replyUrl: REPLY_URL,
      signOnUrl: "",
      relayState: "",
      logoutUrl: "",
      signingMode: "assertion",
      signingAlgorithm: "sha256",
      certificates: [certificate(true, 0)],
      strayCertificate: null,
      nameIdSource: "user.userprincipalname",
      nameIdFormat: "default",
      assignmentRequired: true,
      assignedUserIds: [user.objectId],
      faults: { ...NO_FAULTS, ...faults },
      verificationCertificates: [],
      requireVerificationCertificates: false,
      tokenEncryptionCertificates: [],
      createdAt: 0,
      updatedAt: 0,
      ...app,
    },
    user,
    requestId: "_req-1",
    requestedNameIdFormat: null,
    now: FIXED_NOW,
    secret: Buffer.alloc(32, 1),
    ids: { responseId: "_resp", assertionId: "_assert" },
  };
}

describe("issueResponse", () => {
  it("is deterministic with fixed ids and clock, and Entra-shaped", () => {
    const a = issueResponse(input());
    const b = issueResponse(input());
    expect(a.response.xml).toBe(b.response.xml);
    expect(a.postTo).toBe(REPLY_URL);
    const view = viewResponse(a.response.xml);
    expect(view.response.getAttribute("IssueInstant")).toBe("2026-11-26T10:00:00.000Z");
    expect(attrOf(view.assertion!, "Conditions", "NotBefore")).toBe("2026-11-26T09:55:00.000Z");
    expect(attrOf(view.assertion!, "Conditions", "NotOnOrAfter")).toBe("2026-11-26T11:00:00.000Z");
    expect(attrOf(view.assertion!, "AuthnStatement", "SessionIndex")).toBe("_assert");
    expect(textOf(view.assertion!, "NameID")).toBe("B.Simon@contoso.com");
    expect(claimValues(view, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress")).toEqual([
      "britta.simon@contoso.com",
    ]);
    expect(verifiesWith(a.response.xml, view.assertion!, CERTIFICATE_PEM)).toBe(true);
    expect(a.signedWith?.active).toBe(true);
  });

  it("user.mail as Name ID source", () => {
    const issued = issueResponse(input({}, { nameIdSource: "user.mail" }));
    expect(issued.nameId).toBe("britta.simon@contoso.com");
    expect(issued.nameIdFormat).toBe("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
  });

  it("persistent ids are stable per user and application, and differ between applications", () => {
    const one = input();
    const other = input({}, { id: "33333333-3333-4333-8333-333333333333" });
    expect(persistentNameId(one.secret, one.app, one.user)).toBe(
      persistentNameId(one.secret, one.app, one.user),
    );
    expect(persistentNameId(one.secret, one.app, one.user)).not.toBe(
      persistentNameId(other.secret, other.app, other.user),
    );
    const issued = issueResponse(input({ persistentNameId: true }));
    expect(issued.nameId).toBe(persistentNameId(one.secret, one.app, one.user));
    expect(issued.nameIdFormat).toBe("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
  });

  it("an explicit format wins over the request's NameIDPolicy", () => {
    const request = {
      ...input({}, { nameIdFormat: "unspecified" }),
      requestedNameIdFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    };
    expect(issueResponse(request).nameIdFormat).toBe("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
    const honoured = {
      ...input(),
      requestedNameIdFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    };
    expect(issueResponse(honoured).nameIdFormat).toBe("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
    const unspecified = {
      ...input(),
      requestedNameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    };
    expect(issueResponse(unspecified).nameIdFormat).toBe(
      "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    );
  });

  it("faults: audience, recipient/destination, issuer", () => {
    const view = viewResponse(
      issueResponse(input({ wrongAudience: true, wrongRecipient: true, wrongIssuer: true })).response.xml,
    );
    expect(textOf(view.assertion!, "Audience")).toBe(WRONG_AUDIENCE);
    expect(view.response.getAttribute("Destination")).toBe(WRONG_RECIPIENT);
    expect(attrOf(view.assertion!, "SubjectConfirmationData", "Recipient")).toBe(WRONG_RECIPIENT);
    expect(textOf(view.assertion!, "Issuer")).toBe(`https://sts.windows.net/${wrongTenantId(TENANT_ID)}/`);
    expect(wrongTenantId(TENANT_ID)).not.toBe(TENANT_ID);
  });

  it("faults: expired, not yet valid, clock offset", () => {
    const expired = viewResponse(issueResponse(input({ expired: true })).response.xml);
    expect(attrOf(expired.assertion!, "Conditions", "NotOnOrAfter")).toBe("2026-11-26T08:55:00.000Z");
    expect(attrOf(expired.assertion!, "SubjectConfirmationData", "NotOnOrAfter")).toBe(
      "2026-11-26T08:55:00.000Z",
    );
    const early = viewResponse(issueResponse(input({ notYetValid: true })).response.xml);
    expect(attrOf(early.assertion!, "Conditions", "NotBefore")).toBe("2026-11-26T11:00:00.000Z");
    const skewed = viewResponse(issueResponse(input({ clockOffsetMinutes: 30 })).response.xml);
    expect(skewed.response.getAttribute("IssueInstant")).toBe("2026-11-26T10:30:00.000Z");
    expect(attrOf(skewed.assertion!, "Conditions", "NotBefore")).toBe("2026-11-26T10:25:00.000Z");
  });

  it("faults: no signature, email claim missing", () => {
    const issued = issueResponse(input({ noSignature: true, emailClaimMissing: true }));
    const view = viewResponse(issued.response.xml);
    expect(issued.signedWith).toBeNull();
    expect(signatureUnder(view.assertion!)).toBeUndefined();
    expect(signatureUnder(view.response)).toBeUndefined();
    expect(claimValues(view, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress")).toEqual(
      [],
    );
  });

  it("faults: a non-Success status without assertion, signed only in response modes", () => {
    const issued = issueResponse(input({ errorStatus: "AADSTS53003" }, { signingMode: "response" }));
    const view = viewResponse(issued.response.xml);
    expect(view.assertion).toBeUndefined();
    expect(statusCode(view)).toBe("urn:oasis:names:tc:SAML:2.0:status:Requester");
    expect(textOf(view.response, "StatusMessage", PROTOCOL_NS)).toMatch(
      /^AADSTS53003: Access has been blocked by Conditional Access policies\.[\s\S]*\nTimestamp: 2026-11-26 10:00:00Z$/,
    );
    expect(verifiesWith(issued.response.xml, view.response, CERTIFICATE_PEM)).toBe(true);
  });

  it("non-active certificate: the newest inactive one, else the stray one, else an error", () => {
    const inactive = { ...certificate(false, 10), thumbprint: "INACTIVE" };
    const stray = { ...certificate(false, 5), thumbprint: "STRAY" };
    expect(
      issueResponse(
        input({ signWithNonActiveCertificate: true }, { certificates: [certificate(true, 0), inactive] }),
      ).signedWith?.thumbprint,
    ).toBe("INACTIVE");
    expect(
      issueResponse(input({ signWithNonActiveCertificate: true }, { strayCertificate: stray })).signedWith
        ?.thumbprint,
    ).toBe("STRAY");
    expect(() => issueResponse(input({ signWithNonActiveCertificate: true }))).toThrow(
      /no non-active certificate/,
    );
  });
});

describe("issueResponse with a tampering fault (responses real Entra never sends)", () => {
  const plain = () => issueResponse(input()).response.xml;

  it("every tampering changes the response", () => {
    for (const id of TAMPERING_IDS) {
      expect(issueResponse(input({ tampering: id })).response.xml, id).not.toBe(plain());
    }
  });

  it("wrong Recipient only: Destination stays the Reply URL, the signature still verifies", () => {
    const { xml } = issueResponse(input({ tampering: "recipient-only" })).response;
    const view = viewResponse(xml);
    expect(view.response.getAttribute("Destination")).toBe(REPLY_URL);
    expect(attrOf(view.assertion!, "SubjectConfirmationData", "Recipient")).toBe(TAMPERED_RECIPIENT);
    expect(verifiesWith(xml, view.assertion!, CERTIFICATE_PEM)).toBe(true);
  });

  it("no NameID and no bearer are made before signing, so the signature verifies", () => {
    for (const id of ["no-nameid", "no-bearer"] as const) {
      const { xml } = issueResponse(input({ tampering: id })).response;
      const view = viewResponse(xml);
      expect(verifiesWith(xml, view.assertion!, CERTIFICATE_PEM), id).toBe(true);
    }
    const noNameId = viewResponse(issueResponse(input({ tampering: "no-nameid" })).response.xml);
    expect(textOf(noNameId.assertion!, "NameID")).toBeNull();
    const noBearer = viewResponse(issueResponse(input({ tampering: "no-bearer" })).response.xml);
    expect(attrOf(noBearer.assertion!, "SubjectConfirmation", "Method")).toBe(
      "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key",
    );
  });

  it("changed after signing: the assertion's signature no longer verifies", () => {
    const { xml } = issueResponse(input({ tampering: "changed-after-signing" })).response;
    expect(xml).toContain("B.Simon (changed)");
    expect(verifiesWith(xml, viewResponse(xml).assertion!, CERTIFICATE_PEM)).toBe(false);
  });

  it("two assertions, a DOCTYPE, an empty field, a LogoutRequest", () => {
    const two = issueResponse(input({ tampering: "two-assertions" })).response.xml;
    expect(two.match(/<Assertion /g)).toHaveLength(2);
    expect(issueResponse(input({ tampering: "doctype" })).response.xml.startsWith("<!DOCTYPE")).toBe(true);
    expect(issueResponse(input({ tampering: "empty-form" })).response.base64).toBe("");
    expect(issueResponse(input({ tampering: "logout-request" })).response.xml).toMatch(
      /^<samlp:LogoutRequest /,
    );
  });

  it("Version 1.1, an ended session, an old IssueInstant with a window still open", () => {
    const v11 = viewResponse(issueResponse(input({ tampering: "saml-1-1" })).response.xml);
    expect(v11.response.getAttribute("Version")).toBe("1.1");
    const ended = viewResponse(issueResponse(input({ tampering: "session-ended" })).response.xml);
    expect(attrOf(ended.assertion!, "AuthnStatement", "SessionNotOnOrAfter")).toBe(
      "2026-11-26T09:30:00.000Z",
    );
    const old = viewResponse(issueResponse(input({ tampering: "issued-long-ago" })).response.xml);
    expect(old.response.getAttribute("IssueInstant")).toBe("2026-11-26T07:00:00.000Z");
    expect(attrOf(old.assertion!, "Conditions", "NotOnOrAfter")).toBe("2026-11-26T11:00:00.000Z");
  });
});
