/**
 * `npm run tls`: the CA and server certificate it writes let a TLS client that trusts only that CA
 * connect as each chosen hostname, and nothing else; keys are private files; the printed text has
 * the exact hosts-file lines and the start command.
 */
import { webcrypto } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MITEL_URLS } from "../../../src/platforms/url-profile.js";
import { hostsFileLines } from "../../../src/tls/instructions.js";
import { parseHosts } from "../../../src/tls/local-ca.js";
import { defaultHosts, type WrittenTls, writeLocalTls } from "../../../src/tls/make-local-tls.js";

const HOSTS = ["portal.shoretelsky.com", "authentication.api.mitel.io", "localhost", "127.0.0.1"];

describe("npm run tls", () => {
  let dir: string;
  let written: WrittenTls;
  let port: number;
  let close: () => void;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mms-tls-"));
    written = await writeLocalTls({ dir, hosts: HOSTS, port: 8443 });
    const server = createServer(
      { cert: readFileSync(written.files.cert), key: readFileSync(written.files.key) },
      (_req, res) => res.end("ok"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A TLS handshake that trusts only the generated CA (no other roots, no bypass). */
  const handshake = (servername: string) =>
    new Promise<{ ok: boolean; error?: string }>((resolve) => {
      const socket = connect({
        host: "127.0.0.1",
        port,
        ca: readFileSync(written.files.ca),
        ...(servername.match(/^\d/) ? {} : { servername }),
      });
      socket.once("secureConnect", () => {
        const error = socket.authorized ? undefined : String(socket.authorizationError);
        socket.end();
        resolve({ ok: socket.authorized, ...(error ? { error } : {}) });
      });
      socket.once("error", (err) => resolve({ ok: false, error: err.message }));
    });

  it.each(["portal.shoretelsky.com", "authentication.api.mitel.io", "localhost"])(
    "a client trusting only the CA accepts the certificate as %s",
    async (name) => {
      expect(await handshake(name)).toEqual({ ok: true });
    },
  );

  it("the certificate does not pass for a name it was not made for", async () => {
    const result = await handshake("accounts.mitel.io");
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/altnames|Hostname|IP/i);
  });

  it("the CA cannot vouch for any other site: a certificate it signs for evil.example is refused", async () => {
    await import("reflect-metadata");
    const x509 = await import("@peculiar/x509");
    const subtle = webcrypto.subtle as unknown as SubtleCrypto;
    const caKey = await subtle.importKey(
      "pkcs8",
      new Uint8Array(x509.PemConverter.decodeFirst(readFileSync(written.files.caKey, "utf8"))),
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["sign"],
    );
    const keys = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const ca = new x509.X509Certificate(readFileSync(written.files.ca, "utf8"));
    const evil = await x509.X509CertificateGenerator.create(
      {
        subject: "CN=evil.example",
        issuer: ca.subject,
        publicKey: keys.publicKey,
        signingKey: caKey,
        signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
        extensions: [new x509.SubjectAlternativeNameExtension([{ type: "dns", value: "evil.example" }])],
      },
      webcrypto as unknown as Crypto,
    );
    const key = x509.PemConverter.encode(await subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
    const server = createServer({ cert: evil.toString("pem"), key }, (_q, r) => r.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const result = await new Promise<{ ok: boolean; error?: string }>((resolve) => {
      const socket = connect({
        host: "127.0.0.1",
        port: (server.address() as AddressInfo).port,
        ca: readFileSync(written.files.ca),
        servername: "evil.example",
      });
      socket.once("secureConnect", () => resolve({ ok: true }));
      socket.once("error", (err) => resolve({ ok: false, error: err.message }));
    });
    server.close();
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/permitted subtree violation/i);
  });

  it("keeps the private keys readable by the owner only", () => {
    expect(statSync(written.files.key).mode & 0o777).toBe(0o600);
    expect(statSync(written.files.caKey).mode & 0o777).toBe(0o600);
    expect(readFileSync(written.files.ca, "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it("prints the hosts-file lines, the trust commands and the start command", () => {
    expect(written.text).toContain(
      "127.0.0.1 portal.shoretelsky.com authentication.api.mitel.io   # mitel-mock-sp",
    );
    expect(written.text).toContain(`certutil -addstore -f Root "${written.files.ca}"`);
    expect(written.text).toContain("security add-trusted-cert");
    expect(written.text).toContain("update-ca-certificates");
    expect(written.text).toContain("Trust this CA to identify websites");
    expect(written.text).toContain(
      `TLS_CERT_FILE="${written.files.cert}" TLS_KEY_FILE="${written.files.key}" PORT=8443`,
    );
    expect(written.text).toContain("setcap cap_net_bind_service");
  });
});

describe("tls hosts", () => {
  it("defaults to the configured Mitel hostnames, localhost and 127.0.0.1", () => {
    expect(defaultHosts(DEFAULT_MITEL_URLS)).toEqual([
      "authentication.api.mitel.io",
      "portal.shoretelsky.com",
      "teamwork.shoretel.com",
      "accounts.mitel.io",
      "localhost",
      "127.0.0.1",
    ]);
  });

  it("takes comma-separated names, refuses what is not a hostname", () => {
    expect(parseHosts(["A.example,b.example", "a.example", "::1"])).toEqual({
      hosts: ["a.example", "b.example", "::1"],
      error: null,
    });
    expect(parseHosts(["bad host"]).error).toContain("bad host");
    expect(parseHosts([]).error).toContain("at least one");
  });

  it("maps hostnames only (not localhost or addresses) in the hosts file", () => {
    expect(hostsFileLines(["a.example", "localhost", "127.0.0.1"])).toEqual([
      "127.0.0.1 a.example   # mitel-mock-sp",
      "::1 a.example   # mitel-mock-sp",
    ]);
  });
});
