/**
 * Test harness for the Entra simulator: an in-memory KeyValueStore, a tiny Express app that mounts
 * the simulator at /entra-sim the way the service does (express-session + urlencoded first), and
 * helpers to build AuthnRequests and read the simulator's HTML. Nothing here imports SP code.
 */
import { deflateRawSync } from "node:zlib";
import express from "express";
import session from "express-session";
import supertest from "supertest";
import {
  createEntraSimulator,
  type EntraSimulator,
  type SimulatorAppWiring,
} from "../../../src/idp-simulator/index.js";
import type { KeyValueStore } from "../../../src/storage/ports.js";

export class MemoryKeyValueStore implements KeyValueStore {
  readonly map = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.map.set(key, value);
  }

  async setIfAbsent(key: string, value: string): Promise<string> {
    const existing = this.map.get(key);
    if (existing !== undefined) {
      return existing;
    }
    this.map.set(key, value);
    return value;
  }

  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }

  async listByPrefix(prefix: string): Promise<Array<{ key: string; value: string }>> {
    return [...this.map.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => ({ key, value }));
  }
}

export const PUBLIC_URL = "http://127.0.0.1:3999";
export const SP_BASE = "http://localhost:3000";
export const ACCOUNT_ID = "acc-micloud-1";
export const SP_ENTITY_ID = `${SP_BASE}/micloud/${ACCOUNT_ID}/saml/metadata`;
export const SP_REPLY_URL = `${SP_BASE}/micloud/${ACCOUNT_ID}/saml/acs`;
export const SP_SIGN_ON_URL = `${SP_BASE}/micloud/portal?account=${ACCOUNT_ID}`;

export interface Harness {
  kv: MemoryKeyValueStore;
  simulator: EntraSimulator;
  wiring: SimulatorAppWiring;
  app: express.Express;
  agent: ReturnType<typeof supertest.agent>;
  logs: Array<{ level: "info" | "warn"; msg: string | undefined; o: object }>;
}

export async function createHarness(
  options: {
    kv?: MemoryKeyValueStore;
    now?: () => number;
    appOverrides?: { assignedUpns?: string[] };
    galleryPatterns?: { identifierBase: string; signOnUrls: string[] };
  } = {},
): Promise<Harness> {
  const kv = options.kv ?? new MemoryKeyValueStore();
  const logs: Harness["logs"] = [];
  const simulator = await createEntraSimulator({
    kv,
    publicUrl: PUBLIC_URL,
    ...(options.now ? { now: options.now } : {}),
    ...(options.galleryPatterns ? { galleryPatterns: options.galleryPatterns } : {}),
    log: {
      info: (o, msg) => logs.push({ level: "info", msg, o }),
      warn: (o, msg) => logs.push({ level: "warn", msg, o }),
    },
  });
  const wiring = await simulator.ensureMitelConnectApp({
    key: ACCOUNT_ID,
    displayName: "Mitel Connect",
    identifier: SP_ENTITY_ID,
    replyUrl: SP_REPLY_URL,
    signOnUrl: SP_SIGN_ON_URL,
    ...options.appOverrides,
  });
  const app = express();
  app.use(
    session({
      secret: "entra-sim-test-secret",
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: "lax" },
    }),
  );
  app.use(express.urlencoded({ extended: false }));
  app.use("/entra-sim", simulator.router);
  return { kv, simulator, wiring, app, agent: supertest.agent(app), logs };
}

export interface AuthnRequestOptions {
  id?: string;
  issuer?: string | null;
  acsUrl?: string | null;
  destination?: string;
  subject?: string;
  nameIdFormat?: string;
}

export function authnRequestXml(options: AuthnRequestOptions = {}): string {
  const id = options.id ?? "_a1b2c3d4-e5f6-4789-9abc-def012345678";
  const issuer = options.issuer === undefined ? SP_ENTITY_ID : options.issuer;
  const acsUrl = options.acsUrl === undefined ? SP_REPLY_URL : options.acsUrl;
  let xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="2026-11-26T10:00:00.000Z"`;
  if (options.destination) {
    xml += ` Destination="${options.destination}"`;
  }
  xml += ` ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"`;
  if (acsUrl !== null) {
    xml += ` AssertionConsumerServiceURL="${acsUrl}"`;
  }
  xml += ">";
  if (issuer !== null) {
    xml += `<saml:Issuer>${issuer}</saml:Issuer>`;
  }
  if (options.subject) {
    xml += `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${options.subject}</saml:NameID></saml:Subject>`;
  }
  if (options.nameIdFormat) {
    xml += `<samlp:NameIDPolicy Format="${options.nameIdFormat}" AllowCreate="true"/>`;
  }
  xml += "</samlp:AuthnRequest>";
  return xml;
}

/** HTTP-Redirect binding: raw DEFLATE, then base64. */
export function redirectEncode(xml: string): string {
  return deflateRawSync(Buffer.from(xml, "utf8")).toString("base64");
}

/** HTTP-POST binding: base64 only. */
export function postEncode(xml: string): string {
  return Buffer.from(xml, "utf8").toString("base64");
}

export function loginPath(wiring: SimulatorAppWiring): string {
  return new URL(wiring.loginUrl).pathname;
}

export function redirectQuery(
  options: AuthnRequestOptions = {},
  extra: Record<string, string> = {},
): Record<string, string> {
  return { SAMLRequest: redirectEncode(authnRequestXml(options)), ...extra };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" };

export function decodeHtml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_m, name: string) => ENTITIES[name] ?? _m);
}

/** The value attribute of the (first) input named `name`. */
export function inputValue(html: string, name: string): string | undefined {
  const match = new RegExp(`<input[^>]*\\bname="${name}"[^>]*\\bvalue="([^"]*)"`).exec(html);
  return match?.[1] === undefined ? undefined : decodeHtml(match[1]);
}

export function formAction(html: string, marker: string): string | undefined {
  const match = new RegExp(`<form[^>]*\\baction="([^"]*)"[^>]*${marker}`).exec(html);
  return match?.[1] === undefined ? undefined : decodeHtml(match[1]);
}

export function csrfFrom(html: string): string {
  const token = inputValue(html, "_csrf");
  if (!token) {
    throw new Error("No CSRF token in the page");
  }
  return token;
}

export interface SignInResult {
  status: number;
  html: string;
  /** Decoded SAMLResponse XML, when the page posts one. */
  responseXml?: string;
  postTo?: string;
  relayState?: string;
}

/** Sends an AuthnRequest (redirect binding), then signs in as `user` by picking the account. */
export async function signIn(
  h: Harness,
  user: string,
  request: AuthnRequestOptions = {},
  extra: Record<string, string> = {},
): Promise<SignInResult> {
  const page = await h.agent.get(loginPath(h.wiring)).query(redirectQuery(request, extra));
  if (page.status !== 200) {
    throw new Error(`AuthnRequest refused (${page.status}): ${page.text.slice(0, 500)}`);
  }
  const pending = inputValue(page.text, "pending");
  const res = await h.agent
    .post(`${loginPath(h.wiring)}/sign-in`)
    .type("form")
    .send({ _csrf: csrfFrom(page.text), pending: pending ?? "", pick: user });
  const base64 = inputValue(res.text, "SAMLResponse");
  return {
    status: res.status,
    html: res.text,
    ...(base64 ? { responseXml: Buffer.from(base64, "base64").toString("utf8") } : {}),
    ...(base64 ? { postTo: formAction(res.text, "data-auto-submit") } : {}),
    ...(inputValue(res.text, "RelayState") !== undefined
      ? { relayState: inputValue(res.text, "RelayState") }
      : {}),
  };
}
