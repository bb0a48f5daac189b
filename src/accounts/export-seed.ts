import { stringify } from "yaml";
import type { SeedAccount, SeedUser } from "../config/schema.js";
import type { AccountRecord } from "../domain/account.js";
import type { UserRecord } from "../domain/user.js";
import { platformOf } from "../platforms/index.js";

/** What an export reads: every account and, per account, every user. */
export interface ExportSource {
  listAccounts(): Promise<AccountRecord[]>;
  listUsers(accountId: string): Promise<UserRecord[]>;
}

type ExportedUser = Omit<SeedUser, "password">;
type ExportedAccount = Omit<SeedAccount, "users" | "ssoFromSimulator"> & { users: ExportedUser[] };

const HEADER = `# mitel-mock-sp seed file, exported from this instance.
# Load it elsewhere with CONFIG_FILE / seeds (config/default.yaml): on an empty instance it
# recreates these accounts with their SSO settings, URL profile and UUID, overrides, signature
# options and users. Seeding never changes an account or user that already exists.
# Not included: user passwords (seeds take passwords as plain text, and this instance keeps only
# their hashes; add "password:" lines yourself if users need one), the sign-in log, and the Entra
# simulator's apps and keys (an account wired to the simulator keeps the simulator's current
# certificate here; on a new instance use ssoFromSimulator: true instead).
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

function exportedAccount(account: AccountRecord, users: UserRecord[]): ExportedAccount {
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
    },
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
    accounts.map(async (account) => exportedAccount(account, await source.listUsers(account.id))),
  );
  return `${HEADER}${stringify({ accounts: exported }, { lineWidth: 0 })}`;
}
