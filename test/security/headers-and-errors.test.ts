import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime } from "../helpers/test-runtime.js";
import {
  type AttackTarget,
  createAttackTarget,
  postResponse,
  signedFor,
  startLogin,
} from "./support/acs-harness.js";
import { expectNoInternals } from "./support/leaks.js";
import { toBase64 } from "./support/xml.js";

/**
 * Security headers on every kind of page, and error answers that never show a stack trace, an
 * internal path or an exception message meant for developers.
 */
let target: AttackTarget;
beforeAll(async () => {
  target = await createAttackTarget();
});
afterAll(() => target.rt.dispose());

const TOKEN = "test-admin-token-0123456789abcdef";

describe("security headers", () => {
  const pages: Array<[string, () => Promise<request.Response>]> = [
    ["home", () => request(target.rt.app).get("/")],
    ["sign-on page", () => request(target.rt.app).get("/micloud/portal")],
    ["404 page", () => request(target.rt.app).get("/no-such-page")],
    ["admin sign-in", () => request(target.rt.app).get("/admin/sign-in")],
    [
      "ACS failure page",
      () =>
        request(target.rt.app)
          .post(target.acsPath)
          .type("form")
          .send({ SAMLResponse: toBase64("<x/>") }),
    ],
    ["API", () => request(target.rt.app).get("/api/v1/accounts").set("Authorization", `Bearer ${TOKEN}`)],
  ];

  it.each(pages)(
    "%s: CSP without inline script, no framing, nosniff, no-referrer, no-store",
    async (_name, get) => {
      const res = await get();
      const csp = String(res.headers["content-security-policy"] ?? "");
      const directive = (name: string) =>
        csp
          .split(";")
          .find((d) => d.trim().startsWith(`${name} `))
          ?.trim() ?? "";
      expect(directive("script-src")).toBe("script-src 'self'");
      expect(directive("script-src-attr")).toBe("script-src-attr 'none'");
      expect(directive("style-src")).toBe("style-src 'self'");
      expect(directive("object-src")).toBe("object-src 'none'");
      expect(directive("frame-ancestors")).toBe("frame-ancestors 'none'");
      expect(directive("base-uri")).toBe("base-uri 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("no-referrer");
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.headers["x-powered-by"]).toBeUndefined();
      expect(res.headers["strict-transport-security"]).toBeUndefined();
    },
  );

  it("the landing page (with claims) is not cacheable either", async () => {
    const login = await startLogin(target);
    await postResponse(target, login, signedFor(target, login));
    const res = await login.agent.get("/micloud/portal");
    expect(res.text).toMatch(/data-nameid/);
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  it("static assets may be cached", async () => {
    const res = await request(target.rt.app).get("/assets/app.css");
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toMatch(/max-age=\d+/);
  });

  it("HSTS is sent when the public URL is https", async () => {
    const https = await createTestRuntime({
      overrides: { server: { publicUrl: "https://sp.example.com", port: 0 } },
    });
    try {
      const res = await request(https.app).get("/");
      expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    } finally {
      await https.dispose();
    }
  });

  it("rendered pages hold no inline script, event handler or javascript: URL", async () => {
    const login = await startLogin(target);
    await postResponse(target, login, signedFor(target, login));
    const bodies = [
      (await request(target.rt.app).get("/")).text,
      (await request(target.rt.app).get("/micloud/portal")).text,
      (await request(target.rt.app).get("/cloudlink/accounts")).text,
      (await request(target.rt.app).get("/admin/sign-in")).text,
      (await login.agent.get("/micloud/portal")).text,
      (await request(target.rt.app).post(target.acsPath).type("form").send({ SAMLResponse: "x" })).text,
    ];
    for (const html of bodies) {
      for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
        expect(script).toMatch(/^<script\b[^>]*\bsrc="\/assets\/[^"]+"[^>]*><\/script>$/);
      }
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/javascript:/i);
      expect(html).not.toMatch(/\sstyle\s*=/i);
    }
  });
});

describe("no stack traces or internal paths in any response", () => {
  const probes: Array<[string, () => request.Test]> = [
    ["unknown page", () => request(target.rt.app).get("/%E0%A4%A")],
    [
      "bad percent-encoding in a route parameter",
      () => request(target.rt.app).get("/micloud/%E0%A4%A/saml/metadata"),
    ],
    ["unknown account metadata", () => request(target.rt.app).get("/micloud/nope/saml/metadata")],
    ["unknown platform", () => request(target.rt.app).get("/nope/x/saml/login")],
    ["path traversal under /assets", () => request(target.rt.app).get("/assets/..%2F..%2Fpackage.json")],
    [
      "malformed JSON",
      () =>
        request(target.rt.app)
          .post("/api/v1/accounts")
          .set("Authorization", `Bearer ${TOKEN}`)
          .set("Content-Type", "application/json")
          .send("{not json"),
    ],
    [
      "JSON of the wrong shape",
      () =>
        request(target.rt.app)
          .post("/api/v1/accounts")
          .set("Authorization", `Bearer ${TOKEN}`)
          .send({ id: ["a"], platform: { x: 1 } }),
    ],
    [
      "unsupported charset",
      () =>
        request(target.rt.app)
          .post(target.acsPath)
          .set("Content-Type", "application/x-www-form-urlencoded; charset=utf-7")
          .send("SAMLResponse=x"),
    ],
    [
      "gzip that is not gzip",
      () =>
        request(target.rt.app)
          .post(target.acsPath)
          .set("Content-Type", "application/x-www-form-urlencoded")
          .set("Content-Encoding", "gzip")
          .send("SAMLResponse=x"),
    ],
    [
      "too many form fields",
      () =>
        request(target.rt.app)
          .post(target.acsPath)
          .type("form")
          .send(Array.from({ length: 300 }, (_, i) => `f${i}=1`).join("&")),
    ],
    [
      "SAMLResponse as an object (JSON)",
      () =>
        request(target.rt.app)
          .post(target.acsPath)
          .send({ SAMLResponse: { $: 1 } }),
    ],
    [
      "ACS with a Signature of nonsense",
      () =>
        request(target.rt.app)
          .post(target.acsPath)
          .type("form")
          .send({ SAMLResponse: toBase64(nonsenseSignature()) }),
    ],
    [
      "sign-on with an account id full of markup",
      () => request(target.rt.app).get("/micloud/portal?account=%3Cscript%3E"),
    ],
    ["wrong method on the ACS", () => request(target.rt.app).put(target.acsPath)],
    ["HEAD of the ACS", () => request(target.rt.app).head(target.acsPath)],
  ];

  it.each(probes)("%s → a 4xx with a clean body", async (label, send) => {
    for (const accept of ["text/html", "application/json"]) {
      const res = await send().set("Accept", accept);
      expect(res.status, label).toBeGreaterThanOrEqual(400);
      expect(res.status, label).toBeLessThan(500);
      expectNoInternals(res.text ?? "", label);
    }
  });

  it("a real server error (storage gone) answers 500 with a generic message and a trace id, nothing more", async () => {
    const broken = await createTestRuntime();
    await broken.ctx.storage.close();
    try {
      for (const accept of ["text/html", "application/json"]) {
        const res = await request(broken.app).get("/micloud/portal?account=anything").set("Accept", accept);
        expect(res.status).toBe(500);
        expect(res.text).toMatch(/Something went wrong on our side/);
        expectNoInternals(res.text, "500");
      }
    } finally {
      await broken.dispose().catch(() => undefined);
    }
  });
});

function nonsenseSignature(): string {
  return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a"><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><Reference URI="#_a"><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>!!</DigestValue></Reference></SignedInfo><SignatureValue>??</SignatureValue></Signature><Subject><NameID>B.Simon@contoso.com</NameID></Subject></Assertion></samlp:Response>`;
}
