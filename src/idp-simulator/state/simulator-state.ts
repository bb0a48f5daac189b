/**
 * The simulator's data, kept as JSON documents in the service's key/value store:
 *
 *   entra-sim:secret                 random key material (HMAC for pending requests, persistent NameIDs)
 *   entra-sim:default-tenant         the id of the tenant the pages show
 *   entra-sim:tenant:{tenantId}      a tenant and its users
 *   entra-sim:app:{tenantId}:{id}    one enterprise application, with its private keys
 *
 * Creation is first-writer-wins (setIfAbsent), so two processes starting at once agree on one tenant
 * and one application per key. Later edits are read-modify-write; within a process they are
 * serialised per document so two concurrent form posts do not lose each other's changes.
 */
import type { KeyValueStore } from "../../storage/ports.js";
import { generateSigningCertificate } from "../keys/signing-certificate.js";
import { guidFromSeed, newGuid, randomToken } from "./ids.js";
import {
  type BasicSamlConfiguration,
  NO_FAULTS,
  type SimApp,
  type SimCertificate,
  type SimTenant,
  type SimUser,
} from "./model.js";

export const KEY_PREFIX = "entra-sim:";
const SECRET_KEY = `${KEY_PREFIX}secret`;
const DEFAULT_TENANT_KEY = `${KEY_PREFIX}default-tenant`;

function tenantKey(tenantId: string): string {
  return `${KEY_PREFIX}tenant:${tenantId}`;
}

function appPrefix(tenantId: string): string {
  return `${KEY_PREFIX}app:${tenantId}:`;
}

function appKey(tenantId: string, id: string): string {
  return `${appPrefix(tenantId)}${id}`;
}

export const SEED_PRIMARY_DOMAIN = "contoso.com";
export const SEED_USER_UPN = "B.Simon@contoso.com";
export const SEED_UNASSIGNED_USER_UPN = "A.Wilber@contoso.com";

export interface NewAppInput extends BasicSamlConfiguration {
  key: string;
  displayName: string;
  assignedUpns?: string[];
}

export interface NewUserInput {
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userType?: "Member" | "Guest";
}

export class SimulatorState {
  private readonly locks = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly kv: KeyValueStore,
    private readonly now: () => number,
    /** Random key material shared by every process using this store. */
    readonly secret: Buffer,
    readonly defaultTenantId: string,
  ) {}

  static async open(kv: KeyValueStore, now: () => number): Promise<SimulatorState> {
    const secret = Buffer.from(await kv.setIfAbsent(SECRET_KEY, randomToken(32)), "base64url");
    const defaultTenantId = await ensureDefaultTenant(kv, now);
    return new SimulatorState(kv, now, secret, defaultTenantId);
  }

  async getTenant(tenantId: string): Promise<SimTenant | undefined> {
    const raw = await this.kv.get(tenantKey(tenantId));
    return raw === undefined ? undefined : parseTenant(raw);
  }

  async requireTenant(tenantId: string): Promise<SimTenant> {
    const tenant = await this.getTenant(tenantId);
    if (!tenant) {
      throw new Error(`Entra simulator tenant ${tenantId} does not exist`);
    }
    return tenant;
  }

  async addUser(tenantId: string, input: NewUserInput): Promise<SimUser> {
    let created: SimUser | undefined;
    await this.update(tenantKey(tenantId), parseTenant, (tenant) => {
      const user: SimUser = { objectId: newGuid(), ...input, createdAt: this.now() };
      created = user;
      return { ...tenant, users: [...tenant.users, user] };
    });
    if (!created) {
      throw new Error("User was not created");
    }
    return created;
  }

  async listApps(tenantId: string): Promise<SimApp[]> {
    const rows = await this.kv.listByPrefix(appPrefix(tenantId));
    return rows.map((row) => parseApp(row.value)).sort((a, b) => a.createdAt - b.createdAt);
  }

  async getApp(tenantId: string, id: string): Promise<SimApp | undefined> {
    const raw = await this.kv.get(appKey(tenantId, id));
    return raw === undefined ? undefined : parseApp(raw);
  }

  /** The application whose Identifier is exactly `identifier` (the oldest, should several share it). */
  async findAppByIdentifier(tenantId: string, identifier: string): Promise<SimApp | undefined> {
    const apps = await this.listApps(tenantId);
    return apps.find((app) => app.identifier === identifier);
  }

  /** Applies `change` to the stored application; undefined when it does not exist. */
  async updateApp(
    tenantId: string,
    id: string,
    change: (app: SimApp) => SimApp | Promise<SimApp>,
  ): Promise<SimApp | undefined> {
    return this.update(appKey(tenantId, id), parseApp, async (app) => ({
      ...(await change(app)),
      updatedAt: this.now(),
    }));
  }

  /** The application created for this key (ensureApp), in the default tenant; undefined if none. */
  async findAppByKey(key: string): Promise<SimApp | undefined> {
    return (await this.listApps(this.defaultTenantId)).find((app) => app.key === key);
  }

  /** Writes back an application exactly as it was read (a rehearsal's "put things back"). */
  async restoreApp(app: SimApp): Promise<void> {
    await this.kv.set(appKey(app.tenantId, app.id), JSON.stringify(app));
  }

  /**
   * "New application" in the admin center: from the gallery ("Mitel Connect") or "Create your own
   * application" (non-gallery). Basic SAML Configuration starts empty, as in Entra; one active
   * signing certificate is created with it; nobody is assigned yet.
   */
  async createApp(
    tenantId: string,
    input: { displayName: string; galleryApp: SimApp["galleryApp"] },
  ): Promise<SimApp> {
    const id = newGuid();
    const now = this.now();
    const app: SimApp = {
      id,
      appId: newGuid(),
      key: id,
      tenantId,
      displayName: input.displayName,
      galleryApp: input.galleryApp,
      identifier: "",
      replyUrl: "",
      signOnUrl: "",
      relayState: "",
      logoutUrl: "",
      ...(await this.newAppSettings(now)),
      assignedUserIds: [],
    };
    await this.kv.setIfAbsent(appKey(tenantId, id), JSON.stringify(app));
    return app;
  }

  /** Creates the application for `input.key` unless it exists; never changes an existing one. */
  async ensureApp(tenantId: string, input: NewAppInput): Promise<{ app: SimApp; created: boolean }> {
    const id = guidFromSeed(`entra-sim app object ${tenantId} ${input.key}`);
    const key = appKey(tenantId, id);
    const existing = await this.kv.get(key);
    if (existing !== undefined) {
      return { app: parseApp(existing), created: false };
    }
    const tenant = await this.requireTenant(tenantId);
    const assignedUpns = input.assignedUpns ?? [SEED_USER_UPN];
    const assignedUserIds = tenant.users
      .filter((user) =>
        assignedUpns.some((upn) => upn.toLowerCase() === user.userPrincipalName.toLowerCase()),
      )
      .map((user) => user.objectId);
    const now = this.now();
    const app: SimApp = {
      id,
      appId: guidFromSeed(`entra-sim application id ${tenantId} ${input.key}`),
      key: input.key,
      tenantId,
      displayName: input.displayName,
      galleryApp: "Mitel Connect",
      identifier: input.identifier,
      replyUrl: input.replyUrl,
      signOnUrl: input.signOnUrl,
      relayState: input.relayState,
      logoutUrl: input.logoutUrl,
      ...(await this.newAppSettings(now)),
      assignedUserIds,
    };
    const document = JSON.stringify(app);
    const stored = await this.kv.setIfAbsent(key, document);
    return { app: parseApp(stored), created: stored === document };
  }

  /** A fresh "CN=Microsoft Azure Federated SSO Certificate", valid three years from now. */
  /**
   * What every new application starts with, as in Entra: SHA-256 assertion signing with one new
   * active certificate, Name ID from the UPN, assignment required, no verification or token
   * encryption certificates, no faults.
   */
  private async newAppSettings(now: number) {
    return {
      signingMode: "assertion",
      signingAlgorithm: "sha256",
      certificates: [await this.newCertificate(true)],
      strayCertificate: null,
      nameIdSource: "user.userprincipalname",
      nameIdFormat: "default",
      assignmentRequired: true,
      faults: { ...NO_FAULTS },
      verificationCertificates: [],
      requireVerificationCertificates: false,
      tokenEncryptionCertificates: [],
      createdAt: now,
      updatedAt: now,
    } satisfies Partial<SimApp>;
  }

  async newCertificate(active: boolean): Promise<SimCertificate> {
    const now = this.now();
    const generated = await generateSigningCertificate({ notBefore: new Date(now) });
    return {
      thumbprint: generated.sha1Thumbprint,
      certificatePem: generated.certificatePem,
      privateKeyPem: generated.privateKeyPem,
      notBefore: generated.notBefore.getTime(),
      notAfter: generated.notAfter.getTime(),
      createdAt: now,
      active,
    };
  }

  /** Read-modify-write of one document, serialised per key within this process. */
  private async update<T>(
    key: string,
    parse: (raw: string) => T,
    change: (value: T) => T | Promise<T>,
  ): Promise<T | undefined> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        const raw = await this.kv.get(key);
        if (raw === undefined) {
          return undefined;
        }
        const next = await change(parse(raw));
        await this.kv.set(key, JSON.stringify(next));
        return next;
      });
    this.locks.set(key, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === run) {
        this.locks.delete(key);
      }
    }
  }
}

/**
 * The default tenant: its document is written under its own (random) key first, and only then is it
 * named the default. Whoever names it first wins; a loser removes the document it wrote.
 */
async function ensureDefaultTenant(kv: KeyValueStore, now: () => number): Promise<string> {
  const existing = await kv.get(DEFAULT_TENANT_KEY);
  if (existing !== undefined) {
    return existing;
  }
  const tenant = seedTenant(now());
  await kv.setIfAbsent(tenantKey(tenant.id), JSON.stringify(tenant));
  const winner = await kv.setIfAbsent(DEFAULT_TENANT_KEY, tenant.id);
  if (winner !== tenant.id) {
    await kv.delete(tenantKey(tenant.id));
  }
  return winner;
}

function seedTenant(now: number): SimTenant {
  return {
    id: newGuid(),
    name: "Contoso",
    primaryDomain: SEED_PRIMARY_DOMAIN,
    createdAt: now,
    users: [
      {
        objectId: newGuid(),
        userPrincipalName: SEED_USER_UPN,
        displayName: "B.Simon",
        givenName: "Britta",
        surname: "Simon",
        mail: SEED_USER_UPN,
        createdAt: now,
      },
      {
        objectId: newGuid(),
        userPrincipalName: SEED_UNASSIGNED_USER_UPN,
        displayName: "A.Wilber",
        givenName: "Alex",
        surname: "Wilber",
        mail: SEED_UNASSIGNED_USER_UPN,
        createdAt: now,
      },
    ],
  };
}

function parseObject(raw: string, what: string): Record<string, unknown> {
  const value: unknown = JSON.parse(raw);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`Stored Entra simulator ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function parseTenant(raw: string): SimTenant {
  const value = parseObject(raw, "tenant");
  if (typeof value.id !== "string" || !Array.isArray(value.users)) {
    throw new Error("Stored Entra simulator tenant is malformed");
  }
  return value as unknown as SimTenant;
}

function parseApp(raw: string): SimApp {
  const value = parseObject(raw, "application");
  if (typeof value.id !== "string" || !Array.isArray(value.certificates) || value.certificates.length === 0) {
    throw new Error("Stored Entra simulator application is malformed");
  }
  const app = value as unknown as SimApp;
  // Documents written by an older version may lack newer fault switches and sections.
  return {
    ...app,
    faults: { ...NO_FAULTS, ...app.faults },
    verificationCertificates: app.verificationCertificates ?? [],
    requireVerificationCertificates: app.requireVerificationCertificates ?? false,
    tokenEncryptionCertificates: app.tokenEncryptionCertificates ?? [],
  };
}
