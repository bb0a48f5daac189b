import "reflect-metadata";
import { webcrypto } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import * as x509 from "@peculiar/x509";
import type { BrowserContext, Page } from "playwright-core";
import { type FreshBrowser, launchFreshBrowser } from "../../helpers/browser.js";

/**
 * Browser-test tools for the binding and CSP suites: a fresh Chromium that may accept a
 * self-signed certificate, a self-signed certificate for localhost (with the subjectAltName
 * Chromium insists on), a tiny "attacker" site on another origin that auto-posts a form, and a
 * watcher for Content-Security-Policy violations.
 */
export type Browser = FreshBrowser;

export function launchBrowser(options: { acceptSelfSigned?: boolean } = {}): Promise<Browser> {
  return launchFreshBrowser({ ...options, screenshotPrefix: "security-" });
}

/** A self-signed RSA certificate for localhost and 127.0.0.1 (subjectAltName), PEM key and cert. */
export async function selfSignedLocalhost(): Promise<{ key: string; cert: string }> {
  const crypto = webcrypto as unknown as Crypto;
  const algorithm = {
    name: "RSASSA-PKCS1-v1_5",
    hash: "SHA-256",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
  };
  const keys = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const notBefore = new Date(Date.now() - 60_000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: "01",
      name: "CN=localhost",
      notBefore,
      notAfter: new Date(notBefore.getTime() + 24 * 3600_000),
      signingAlgorithm: algorithm,
      keys,
      extensions: [
        new x509.SubjectAlternativeNameExtension([
          { type: "dns", value: "localhost" },
          { type: "ip", value: "127.0.0.1" },
        ]),
        new x509.BasicConstraintsExtension(false),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  return { key: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"), cert: certificate.toString("pem") };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A server on 127.0.0.1:0 (http, or https with this key and certificate), its handler attached later. */
export async function listen(tls?: { key: string; cert: string }) {
  let handler: Handler = (_req, res) => {
    res.statusCode = 503;
    res.end("starting");
  };
  const onRequest: Handler = (req, res) => handler(req, res);
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    attach(next: Handler) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Another site (http://127.0.0.1:<port>) with pages that auto-submit a form to a URL of our
 * choosing, as Entra's response page does, or as an attacker's page would. Its own pages carry no
 * CSP (an inline script submits the form); one page carries a CSP on purpose, as a control for
 * the violation watcher.
 */
export async function formPostingSite() {
  const server = await listen();
  const pages = new Map<string, { action: string; fields: Record<string, string> }>();
  const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  server.attach((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/csp-control") {
      res.setHeader("Content-Security-Policy", "script-src 'self'");
      res.setHeader("Content-Type", "text/html");
      res.end(
        "<!doctype html><html lang=\"en\"><title>control</title><script>document.title = 'inline ran';</script>",
      );
      return;
    }
    const page = pages.get(path);
    if (!page) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const inputs = Object.entries(page.fields)
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join("");
    res.setHeader("Content-Type", "text/html");
    res.end(
      `<!doctype html><title>posting</title><form method="post" action="${escapeHtml(page.action)}">${inputs}</form><script>document.forms[0].submit();</script>`,
    );
  });
  let next = 0;
  return {
    origin: `http://127.0.0.1:${server.port}`,
    /** Registers a page that posts these fields to `action`; returns its URL. */
    postPage(action: string, fields: Record<string, string>): string {
      const path = `/post-${++next}`;
      pages.set(path, { action, fields });
      return `http://127.0.0.1:${server.port}${path}`;
    },
    close: server.close,
  };
}

/**
 * Records CSP violations on every page this context opens: the console messages Chromium writes
 * ("Refused to execute inline script because it violates the following Content Security Policy
 * directive...") and the securitypolicyviolation events (from a script Playwright injects, which
 * the page's CSP does not govern).
 */
export async function watchCsp(context: BrowserContext, page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|frame)/i.test(message.text()))
      seen.push(message.text());
  });
  await context.addInitScript(() => {
    const store: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = store;
    document.addEventListener("securitypolicyviolation", (event) => {
      store.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.href}`);
    });
  });
  return async () => {
    const fromEvents = await page
      .evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
      .catch(() => [] as string[]);
    return [...seen, ...fromEvents];
  };
}
