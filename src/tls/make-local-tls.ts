/**
 * `npm run tls -- [--hosts a,b,...] [--dir DIR] [--port N]`: creates a local CA and a server
 * certificate (see local-ca.ts), writes them under DATA_DIR/tls (or --dir), and prints how to
 * trust the CA, the hosts-file lines and how to start the service on HTTPS.
 *
 * Default hosts: the Mitel-shaped hostnames of the configuration (urls.mitel), localhost and
 * 127.0.0.1 (the Entra simulator's default address, another site than the SP).
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfigOrExit } from "../config/load-config.js";
import { allPlatforms } from "../platforms/index.js";
import { mitelSignOnUrl } from "../platforms/url-profile.js";
import { tlsInstructions } from "./instructions.js";
import { createLocalTls, fingerprint256, parseHosts } from "./local-ca.js";

export const TLS_FILES = {
  ca: "local-ca.crt",
  caKey: "local-ca.key",
  cert: "server.crt",
  key: "server.key",
} as const;

/** The Mitel hostnames of the configuration, then localhost and 127.0.0.1. */
export function defaultHosts(mitel: Parameters<typeof mitelSignOnUrl>[1]): string[] {
  const urls = [
    mitel.identifierBase,
    ...allPlatforms().flatMap((p) => p.apps.map((a) => mitelSignOnUrl(a, mitel))),
  ];
  return [...new Set([...urls.map((u) => new URL(u).hostname), "localhost", "127.0.0.1"])];
}

export interface WrittenTls {
  dir: string;
  files: { ca: string; caKey: string; cert: string; key: string };
  hosts: string[];
  caName: string;
  text: string;
}

export async function writeLocalTls(options: {
  dir: string;
  hosts: string[];
  port: number;
}): Promise<WrittenTls> {
  const tls = await createLocalTls(options.hosts);
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const files = {
    ca: join(dir, TLS_FILES.ca),
    caKey: join(dir, TLS_FILES.caKey),
    cert: join(dir, TLS_FILES.cert),
    key: join(dir, TLS_FILES.key),
  };
  const write = (path: string, text: string, secret: boolean) => {
    writeFileSync(path, text, { mode: secret ? 0o600 : 0o644 });
    if (secret) chmodSync(path, 0o600); // an existing file keeps its mode otherwise
  };
  write(files.ca, tls.ca.certificatePem, false);
  write(files.caKey, tls.ca.privateKeyPem, true);
  write(files.cert, tls.server.certificatePem, false);
  write(files.key, tls.server.privateKeyPem, true);
  const caName = tls.caName;
  const text = tlsInstructions({
    dir,
    caFile: files.ca,
    certFile: files.cert,
    keyFile: files.key,
    caName,
    caFingerprint: fingerprint256(tls.ca.certificatePem),
    hosts: tls.hosts,
    port: options.port,
  });
  return { dir, files, hosts: tls.hosts, caName, text };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      hosts: { type: "string", multiple: true },
      dir: { type: "string" },
      port: { type: "string", default: "8443" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write("Usage: npm run tls -- [--hosts host1,host2,...] [--dir DIR] [--port 8443]\n");
    return;
  }
  const config = loadConfigOrExit();
  const parsed = parseHosts(values.hosts ?? defaultHosts(config.urls.mitel));
  const port = Number(values.port);
  if (parsed.error || !Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`npm run tls: ${parsed.error ?? "--port must be a port number"}\n`);
    process.exit(2);
  }
  const written = await writeLocalTls({
    dir: values.dir ?? join(config.storage.dataDir, "tls"),
    hosts: parsed.hosts,
    port,
  });
  process.stdout.write(`${written.text}\n`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${resolve(process.argv[1])}`).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`npm run tls: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
