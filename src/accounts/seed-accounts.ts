import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { parsePastedCertificates } from "../certificates/index.js";
import { ConfigError, describeIssues } from "../config/load-config.js";
import { type SeedAccount, seedFileSchema } from "../config/schema.js";
import type { DirectoryService } from "../directory/directory-service.js";
import type { AccountRecord, SsoSettings } from "../domain/account.js";
import { AppError } from "../errors.js";
import type { Logger } from "../log.js";
import { appFor, platformOf } from "../platforms/index.js";
import { replyUrl, signOnUrl, spEntityId } from "../saml/sp-identifiers.js";
import type { AccountService } from "./account-service.js";
import { checkIdpLogoutUrl } from "./settings/single-sign-out.js";
import type { SpKeyService } from "./sp-keys/sp-key-service.js";

/** The simulator's answer for a seeded account: what an admin copies from "Set up Mitel Connect". */
export interface SimulatorWiring {
  loginUrl: string;
  entraIdentifier: string;
  certificateBase64: string;
}

export type WireToSimulator = (input: {
  key: string;
  displayName: string;
  identifier: string;
  replyUrl: string;
  signOnUrl: string;
  assignedUpns: string[];
}) => Promise<SimulatorWiring>;

export interface SeedDeps {
  accounts: AccountService;
  directory: DirectoryService;
  /** Generates the key pairs of a seeded account that signs requests or takes encrypted assertions. */
  spKeys?: SpKeyService;
  publicUrl: string;
  log: Logger;
  wireToSimulator?: WireToSimulator;
  /** Origins allowed over plain http besides localhost (the simulator's), as in the console. */
  httpOrigins?: string[];
}

/** Reads and validates one seed file; a bad file stops start-up with the key that is wrong. */
export function readSeedFile(path: string) {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new ConfigError(`Cannot read seed file ${path}: ${(err as Error).message}`);
  }
  const parsed = seedFileSchema.safeParse(doc ?? {});
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error.issues, path));
  return parsed.data;
}

/**
 * Config as code: creates the accounts and users of the seed files that do not exist yet. An
 * existing account or user is left as it is, so admin changes survive restarts.
 *
 * Accounts are independent of each other, so a file's accounts are seeded together: on a first
 * start each one wired to the simulator waits for an RSA key to be generated (off the main
 * thread), and those run side by side instead of one after another.
 */
export async function applySeedFiles(deps: SeedDeps, files: string[]): Promise<void> {
  for (const file of files) {
    const seed = readSeedFile(file);
    await Promise.all(seed.accounts.map((account) => seedAccount(deps, account, file)));
  }
}

async function seedAccount(deps: SeedDeps, seed: SeedAccount, file: string): Promise<void> {
  let account = await deps.accounts.get(seed.id);
  if (!account) {
    const created = await createUnlessRaced(deps, () =>
      deps.accounts.create({
        id: seed.id,
        platform: seed.platform,
        displayName: seed.displayName,
        spEntityIdOverride: seed.spEntityIdOverride ?? null,
        replyUrlOverride: seed.replyUrlOverride ?? null,
        urlProfile: seed.urlProfile ?? null,
        ...(seed.uuid ? { uuid: seed.uuid.toLowerCase() } : {}),
      }),
    );
    if (created) {
      const sso = await seededSso(deps, seed, created, file);
      account = await deps.accounts.update(created.id, { sso });
      for (const key of seed.spKeys ?? []) {
        await deps.spKeys?.importKey({
          accountId: account.id,
          use: key.use,
          certificatePem: key.certificate,
          privateKeyPem: key.privateKey,
          active: key.active,
        });
      }
      await deps.spKeys?.ensureKeysFor(account);
      deps.log.info({ account: account.id, platform: account.platform }, "seeded account");
    } else {
      account = await deps.accounts.require(seed.id);
    }
  }
  for (const user of seed.users) {
    const login =
      platformOf(account.platform).loginField === "username" ? (user.username ?? user.email) : user.email;
    if (await deps.directory.findForLogin(account, login)) continue;
    const seeded = account;
    await createUnlessRaced(deps, () =>
      deps.directory.create(seeded, {
        email: user.email,
        ...(user.name ? { name: user.name } : {}),
        ...(user.firstName ? { firstName: user.firstName } : {}),
        ...(user.lastName ? { lastName: user.lastName } : {}),
        ...(user.username ? { username: user.username } : {}),
        status: user.status,
        ...(user.password ? { password: user.password } : {}),
      }),
    );
  }
}

/**
 * Several workers or replicas may seed at the same moment: the one that loses the race to create
 * an account or user finds it existing, which is the outcome seeding wants anyway.
 */
async function createUnlessRaced<T>(deps: SeedDeps, create: () => Promise<T>): Promise<T | undefined> {
  try {
    return await create();
  } catch (err) {
    if (err instanceof AppError && (err.code === "ACCOUNT_EXISTS" || err.code === "USER_EXISTS")) {
      deps.log.debug({ code: err.code }, "seed entry created concurrently elsewhere");
      return undefined;
    }
    throw err;
  }
}

async function seededSso(
  deps: SeedDeps,
  seed: SeedAccount,
  account: AccountRecord,
  file: string,
): Promise<Partial<SsoSettings>> {
  const platform = platformOf(account.platform);
  const sso: Partial<SsoSettings> = {
    idpSignInUrl: seed.sso.idpSignInUrl ?? "",
    idpEntityId: seed.sso.idpEntityId ?? "",
    mitelCredentialsAllowed: platform.supportsMitelCredentials && (seed.sso.mitelCredentialsAllowed ?? false),
    allowSha1: seed.sso.allowSha1 ?? false,
    requireResponseSignature: seed.sso.requireResponseSignature ?? false,
    integrationAdded: seed.sso.integrationAdded ?? platform.ssoOpensWith === "integration",
    forceAuthn: seed.sso.forceAuthn ?? false,
    nameIdPolicyFormat: seed.sso.nameIdPolicyFormat ?? "unspecified",
    signAuthnRequests: seed.sso.signAuthnRequests ?? false,
    encryptedAssertions: seed.sso.encryptedAssertions ?? false,
  };
  const logoutUrl = checkIdpLogoutUrl(seed.sso.idpLogoutUrl, deps.httpOrigins ?? []);
  if (logoutUrl.error) {
    throw new ConfigError(`Seed file ${file}: accounts[${seed.id}].sso.idpLogoutUrl: ${logoutUrl.error}`);
  }
  sso.idpLogoutUrl = logoutUrl.value;
  let certificateText = seed.sso.idpCertificate;
  if (seed.ssoFromSimulator) {
    if (!deps.wireToSimulator) {
      deps.log.warn(
        { account: account.id },
        "seed asks for the Entra simulator, which is off; SSO left unconfigured",
      );
    } else {
      const wiring = await deps.wireToSimulator({
        key: account.id,
        displayName: account.displayName,
        identifier: spEntityId(account, deps.publicUrl),
        replyUrl: replyUrl(account, deps.publicUrl),
        signOnUrl: signOnUrl(account, appFor(platform, null), deps.publicUrl),
        assignedUpns: seed.users.map((u) => u.username ?? u.email),
      });
      sso.idpSignInUrl = wiring.loginUrl;
      sso.idpEntityId = wiring.entraIdentifier;
      certificateText = wiring.certificateBase64;
    }
  }
  if (certificateText) {
    const parsed = parsePastedCertificates(certificateText, {
      allowMultiple: platform.allowsMultipleCertificates,
    });
    if (!parsed.ok) {
      throw new ConfigError(
        `Seed file ${file}: accounts[${seed.id}].sso.idpCertificate: ${parsed.error.message}`,
      );
    }
    sso.idpCertificates = parsed.certificates.map((c) => c.pem);
  }
  const complete = Boolean(sso.idpSignInUrl && sso.idpEntityId && sso.idpCertificates?.length);
  sso.enabled = (seed.sso.enabled ?? false) && complete;
  return sso;
}
