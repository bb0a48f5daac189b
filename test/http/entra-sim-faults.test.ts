import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  attrOf,
  claimValues,
  signatureUnder,
  statusCode,
  textOf,
  verifiesWith,
  viewResponse,
} from "../unit/idp-simulator/response-inspection.js";
import {
  createHarness,
  csrfFrom,
  type Harness,
  SP_ENTITY_ID,
  SP_REPLY_URL,
  signIn,
} from "../unit/idp-simulator/simulator-harness.js";
import { PROTOCOL_NS } from "../unit/idp-simulator/support.js";

const DSIG = "http://www.w3.org/2000/09/xmldsig#";
const EMAIL_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

async function appPath(h: Harness): Promise<string> {
  const overview = await h.agent.get("/entra-sim/");
  const id = /data-app-link="([^"]+)"/.exec(overview.text)?.[1];
  if (!id) {
    throw new Error("no application on the overview");
  }
  return `/entra-sim/apps/${id}`;
}

async function post(h: Harness, path: string, fields: Record<string, string>): Promise<void> {
  const page = await h.agent.get("/entra-sim/");
  const res = await h.agent
    .post(path)
    .type("form")
    .send({ _csrf: csrfFrom(page.text), ...fields });
  if (res.status !== 303) {
    throw new Error(`POST ${path} answered ${res.status}: ${res.text.slice(0, 800)}`);
  }
}

async function withFaults(h: Harness, faults: Record<string, string>): Promise<string> {
  const base = await appPath(h);
  await post(h, `${base}/faults/reset`, {});
  await post(h, `${base}/faults`, faults);
  const result = await signIn(h, "B.Simon@contoso.com");
  expect(result.status).toBe(200);
  return result.responseXml!;
}

function notOnOrAfter(xml: string): number {
  return Date.parse(attrOf(viewResponse(xml).assertion!, "Conditions", "NotOnOrAfter")!);
}

function notBefore(xml: string): number {
  return Date.parse(attrOf(viewResponse(xml).assertion!, "Conditions", "NotBefore")!);
}

describe("Entra simulator fault injection", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });

  it("no faults: valid and current", async () => {
    const xml = await withFaults(h, {});
    const view = viewResponse(xml);
    expect(verifiesWith(xml, view.assertion!, h.wiring.certificateBase64)).toBe(true);
    expect(notBefore(xml)).toBeLessThan(Date.now());
    expect(notOnOrAfter(xml)).toBeGreaterThan(Date.now());
  });

  it("signs with a certificate that is not the active one", async () => {
    const xml = await withFaults(h, { signWithNonActiveCertificate: "on" });
    const view = viewResponse(xml);
    expect(signatureUnder(view.assertion!)).toBeDefined();
    expect(verifiesWith(xml, view.assertion!, h.wiring.certificateBase64)).toBe(false);
    const embedded = view.assertion!.getElementsByTagNameNS(DSIG, "X509Certificate")[0]!.textContent!;
    const embeddedPem = `-----BEGIN CERTIFICATE-----\n${embedded}\n-----END CERTIFICATE-----\n`;
    expect(verifiesWith(xml, view.assertion!, embeddedPem)).toBe(true);
    expect(new X509Certificate(embeddedPem).fingerprint).not.toBe(
      new X509Certificate(h.wiring.certificateBase64).fingerprint,
    );
  });

  it("assertion expired", async () => {
    const xml = await withFaults(h, { expired: "on" });
    expect(notOnOrAfter(xml)).toBeLessThan(Date.now() - 30 * 60_000);
    const confirmation = attrOf(viewResponse(xml).assertion!, "SubjectConfirmationData", "NotOnOrAfter")!;
    expect(Date.parse(confirmation)).toBeLessThan(Date.now());
  });

  it("assertion not yet valid", async () => {
    const xml = await withFaults(h, { notYetValid: "on" });
    expect(notBefore(xml)).toBeGreaterThan(Date.now() + 30 * 60_000);
  });

  it("wrong Audience", async () => {
    const xml = await withFaults(h, { wrongAudience: "on" });
    const audience = textOf(viewResponse(xml).assertion!, "Audience");
    expect(audience).not.toBe(SP_ENTITY_ID);
    expect(audience).toBe("urn:entra-sim:wrong-audience");
    expect(verifiesWith(xml, viewResponse(xml).assertion!, h.wiring.certificateBase64)).toBe(true);
  });

  it("wrong Recipient and Destination, still posted to the Reply URL", async () => {
    await withFaults(h, { wrongRecipient: "on" });
    const result = await signIn(h, "B.Simon@contoso.com");
    const view = viewResponse(result.responseXml!);
    expect(result.postTo).toBe(SP_REPLY_URL);
    expect(view.response.getAttribute("Destination")).not.toBe(SP_REPLY_URL);
    expect(attrOf(view.assertion!, "SubjectConfirmationData", "Recipient")).not.toBe(SP_REPLY_URL);
  });

  it("wrong Issuer", async () => {
    const xml = await withFaults(h, { wrongIssuer: "on" });
    const view = viewResponse(xml);
    const issuer = textOf(view.assertion!, "Issuer")!;
    expect(issuer).toMatch(/^https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\/$/);
    expect(issuer).not.toBe(h.wiring.entraIdentifier);
  });

  it("no signature", async () => {
    const xml = await withFaults(h, { noSignature: "on" });
    expect(xml).not.toContain("Signature");
  });

  it("non-Success Status carrying an AADSTS message, no assertion", async () => {
    const xml = await withFaults(h, { errorStatus: "AADSTS50105" });
    const view = viewResponse(xml);
    expect(view.assertion).toBeUndefined();
    expect(statusCode(view)).toBe("urn:oasis:names:tc:SAML:2.0:status:Requester");
    const message = textOf(view.response, "StatusMessage", PROTOCOL_NS)!;
    expect(message.startsWith("AADSTS50105: ")).toBe(true);
    expect(message).toContain("Trace ID: ");
    expect(message).toContain("Correlation ID: ");
  });

  it("persistent opaque NameID, stable across sign-ins", async () => {
    const first = await withFaults(h, { persistentNameId: "on" });
    const second = await withFaults(h, { persistentNameId: "on" });
    const nameId = textOf(viewResponse(first).assertion!, "NameID")!;
    expect(nameId).not.toContain("@");
    expect(nameId.length).toBeGreaterThan(20);
    expect(attrOf(viewResponse(first).assertion!, "NameID", "Format")).toBe(
      "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    );
    expect(textOf(viewResponse(second).assertion!, "NameID")).toBe(nameId);
  });

  it("email claim missing", async () => {
    const xml = await withFaults(h, { emailClaimMissing: "on" });
    expect(claimValues(viewResponse(xml), EMAIL_CLAIM)).toEqual([]);
    expect(
      claimValues(viewResponse(xml), "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"),
    ).toEqual(["B.Simon@contoso.com"]);
  });

  it("clock offset of N minutes moves every instant", async () => {
    const xml = await withFaults(h, { clockOffsetMinutes: "-90" });
    const issueInstant = Date.parse(viewResponse(xml).response.getAttribute("IssueInstant")!);
    expect(issueInstant).toBeLessThan(Date.now() - 85 * 60_000);
    expect(issueInstant).toBeGreaterThan(Date.now() - 95 * 60_000);
  });

  it("refuses an out-of-range clock offset and both expiry faults at once", async () => {
    const base = await appPath(h);
    const page = await h.agent.get(base);
    const offset = await h.agent
      .post(`${base}/faults`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), clockOffsetMinutes: "1.5" });
    expect(offset.status).toBe(400);
    expect(offset.text).toContain("Clock offset must be a whole number");
    const both = await h.agent
      .post(`${base}/faults`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), expired: "on", notYetValid: "on" });
    expect(both.status).toBe(400);
    expect(both.text).toContain("cannot be both expired and not yet valid");
  });

  it("turning all faults off restores a normal response", async () => {
    const base = await appPath(h);
    await post(h, `${base}/faults`, { noSignature: "on", wrongAudience: "on" });
    const page = await h.agent.get(base);
    expect(page.text).toContain('data-faults-active="2"');
    await post(h, `${base}/faults/reset`, {});
    const result = await signIn(h, "B.Simon@contoso.com");
    const view = viewResponse(result.responseXml!);
    expect(verifiesWith(result.responseXml!, view.assertion!, h.wiring.certificateBase64)).toBe(true);
    expect(textOf(view.assertion!, "Audience")).toBe(SP_ENTITY_ID);
  });
});
