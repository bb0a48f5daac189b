import { stringify } from "yaml";
import type { SeedAccount, SeedUser } from "../config/schema.js";
import type { AccountRecord } from "../domain/account.js";
import type { SpKeyRecord } from "../domain/sp-key.js";
import type { UserRecord } from "../domain/user.js";
import { platformOf } from "../platforms/index.js";

/** What an export reads: every account and, per account, every user. */
export interface ExportSource {
  listAccounts(): Promise<AccountRecord[]>;
  listUsers(accountId: string): Promise<UserRecord[]>;
  /** Given only when the SP key pairs are asked for (includeKeys=1): they hold private keys. */
  listSpKeys?: (accountId: string) => Promise<SpKeyRecord[]>;
}

type ExportedUser = Omit<SeedUser, "password">;
type ExportedAccount = Omit<SeedAccount, "users" | "ssoFromSimulator" | "spKeys"> & {
  spKeys?: Array<{ use: SpKeyRecord["use"]; active: boolean; certificate: string; privateKey: string }>;
  users: ExportedUser[];
};

const HEADER = `# mitel-mock-sp seed file, exported from this instance.
# Load it elsewhere with CONFIG_FILE / seeds (config/default.yaml): on an empty instance it
# recreates these accounts with their SSO settings, URL profile and UUID, overrides, signature
# options and users. Seeding never changes an account or user that already exists.
# Not included: user passwords (seeds take passwords as plain text, and this instance keeps only
# their hashes; add "password:" lines yourself if users need one), the sign-in log, and the Entra
# simulator's apps and keys (an account wired to the simulator keeps the simulator's current
# certificate here; on a new instance use ssoFromSimulator: true instead), and the accounts' SP key
# pairs (signed AuthnRequests, encrypted assertions: new ones are generated where a switch is on;
# export with includeKeys=1 to carry them, private keys included).
`;

const KEYS_WARNING = `# THIS FILE HOLDS PRIVATE KEYS (spKeys, exported with includeKeys=1): keep it as secret as the
# keys themselves; anyone holding it can sign AuthnRequests and decrypt assertions as these accounts.
`;

/** Text keys only when set: a seed's absent key and an empty value mean the same. */
function present<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function exportedUser(user: UserRecord, platform: AccountRecord["platform"]): ExportedUser {
  return {
    // CloudLink derives the name from first and last name; MiCloud has one Name field.
    ...(platformOf(platform).userModel === "first-and-last-name" ? {} : present("name", user.name)),
    ...present("firstName", user.firstName),
    ...present("lastName", user.lastName),
    email: user.email,
    ...present("username", user.username),
    status: user.status,
  };
}

function exportedAccount(
  account: AccountRecord,
  users: UserRecord[],
  spKeys: SpKeyRecord[] | undefined,
): ExportedAccount {
  const sso = account.sso;
  const byLogin = (a: UserRecord, b: UserRecord) =>
    (a.username ?? a.email).localeCompare(b.username ?? b.email) || a.email.localeCompare(b.email);
  return {
    id: account.id,
    platform: account.platform,
    displayName: account.displayName,
    uuid: account.uuid,
    ...(account.urlProfile ? { urlProfile: account.urlProfile } : {}),
    ...present("spEntityIdOverride", account.spEntityIdOverride),
    ...present("replyUrlOverride", account.replyUrlOverride),
    sso: {
      enabled: sso.enabled,
      ...present("idpSignInUrl", sso.idpSignInUrl),
      ...present("idpEntityId", sso.idpEntityId),
      ...present("idpCertificate", sso.idpCertificates.join("\n")),
      mitelCredentialsAllowed: sso.mitelCredentialsAllowed,
      allowSha1: sso.allowSha1,
      requireResponseSignature: sso.requireResponseSignature,
      integrationAdded: sso.integrationAdded,
      forceAuthn: sso.forceAuthn,
      nameIdPolicyFormat: sso.nameIdPolicyFormat,
      ...present("idpLogoutUrl", sso.idpLogoutUrl),
      signAuthnRequests: sso.signAuthnRequests,
      encryptedAssertions: sso.encryptedAssertions,
    },
    ...(spKeys?.length
      ? {
          spKeys: spKeys.map((k) => ({
            use: k.use,
            active: k.active,
            certificate: k.certificatePem,
            privateKey: k.privateKeyPem,
          })),
        }
      : {}),
    users: [...users].sort(byLogin).map((u) => exportedUser(u, account.platform)),
  };
}

/**
 * The instance's accounts, settings and users as a seed file (the format CONFIG_FILE seeds read),
 * in a fixed order so that exporting what a seed created gives the same text back.
 */
export async function exportSeedFile(source: ExportSource): Promise<string> {
  const accounts = [...(await source.listAccounts())].sort((a, b) => a.id.localeCompare(b.id));
  const exported = await Promise.all(
    accounts.map(async (account) =>
      exportedAccount(account, await source.listUsers(account.id), await source.listSpKeys?.(account.id)),
    ),
  );
  const header = source.listSpKeys ? `${KEYS_WARNING}${HEADER}` : HEADER;
  return `${header}${stringify({ accounts: exported }, { lineWidth: 0 })}`;
}
