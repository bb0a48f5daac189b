import type { AccountRecord } from "../domain/account.js";
import type { UserRecord } from "../domain/user.js";
import { allPlatforms, platformOf } from "../platforms/index.js";
import type { PlatformId } from "../platforms/platform-id.js";
import type { UserSearch } from "../storage/ports.js";
import type { NearMiss, UserMatchInfo, UserSummary } from "./types.js";

/** The directory reads the diagnosis needs (DirectoryService provides them). */
export interface UserLookup {
  findForLogin(account: AccountRecord, login: string): Promise<UserRecord | undefined>;
  search(search: UserSearch): Promise<UserRecord[]>;
  discover(platform: PlatformId, login: string): Promise<UserRecord[]>;
}

export interface AccountLookup {
  get(id: string): Promise<AccountRecord | undefined>;
}

const PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
const TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
const CLAIM_UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
const CLAIM_EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
/** Directory size scanned for near-misses; a mock account is far smaller. */
const SCAN_LIMIT = 5000;

export function summariseUser(user: UserRecord): UserSummary {
  return {
    id: user.id,
    accountId: user.accountId,
    name: user.name,
    email: user.email,
    username: user.username,
    status: user.status,
  };
}

/** Letters compared loosely: compatibility forms folded, every space and invisible character gone, lower case. */
export function looseKey(value: string): string {
  return value
    .normalize("NFKC")
    .replace(/[\s\p{Cf}]/gu, "")
    .toLowerCase();
}

function invisibleCharacters(value: string): string[] {
  const found = new Set<string>();
  for (const ch of value.trim()) {
    if (/[\s\p{Cf}]/u.test(ch))
      found.add(`U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return [...found];
}

function describeLooseDifference(nameId: string, stored: string): string {
  const parts: string[] = [];
  const hidden = invisibleCharacters(nameId);
  if (hidden.length > 0)
    parts.push(`whitespace or an invisible character inside the NameID (${hidden.join(", ")})`);
  if (nameId.normalize("NFKC") !== nameId) parts.push("look-alike (full-width or compatibility) characters");
  if (nameId.replace(/[\s\p{Cf}]/gu, "") !== stored.replace(/[\s\p{Cf}]/gu, "")) parts.push("letter case");
  return parts.join(" and ") || "whitespace or letter case";
}

/** "a@b.com#EXT#@tenant.onmicrosoft.com" style guest UPN → the guest's own address, a@b.com. */
export function guestHomeAddress(upn: string): string | null {
  const match = /^(.+)#EXT#@/i.exec(upn);
  if (!match?.[1]) return null;
  const local = match[1];
  const at = local.lastIndexOf("_");
  return at > 0 ? `${local.slice(0, at)}@${local.slice(at + 1)}` : null;
}

function userLabel(user: UserRecord, field: "username" | "email"): string {
  const value = field === "username" ? (user.username ?? "(none)") : user.email;
  return `${user.name} (${field === "username" ? "Username" : "Email"} ${value})`;
}

/**
 * Who the NameID matches, and if nobody, who it nearly matches and why: letter case or
 * whitespace, the email where MiCloud matches the Username, an opaque persistent NameID, a guest's
 * #EXT# UPN, a claim that names a user, the same user in another account. Reads only.
 */
export async function matchUser(
  deps: { directory: UserLookup; accounts: AccountLookup },
  account: AccountRecord,
  nameId: string | null,
  nameIdFormat: string | null,
  claims: Array<{ name: string; values: string[] }>,
  /** The user the ACS matched already, when it did (saves the lookup). */
  knownUser?: UserRecord,
): Promise<UserMatchInfo> {
  const platform = platformOf(account.platform);
  const field = platform.loginField;
  const fieldLabel = field === "username" ? "Username" : platform.wording.emailField;
  const info: UserMatchInfo = {
    nameId,
    nameIdFormat,
    loginField: fieldLabel,
    matchedUser: null,
    nearMisses: [],
  };
  const value = (nameId ?? "").trim();
  if (!value) return info;

  const user = knownUser ?? (await deps.directory.findForLogin(account, value));
  if (user) {
    info.matchedUser = summariseUser(user);
    if (user.status !== "active") info.nearMisses.push(notActive(user, account));
    return info;
  }

  const users = await deps.directory.search({ accountId: account.id, limit: SCAN_LIMIT });
  const loginOf = (u: UserRecord) => (field === "username" ? (u.username ?? "") : u.email);
  const key = looseKey(value);
  const add = (miss: NearMiss) => {
    if (!info.nearMisses.some((m) => m.kind === miss.kind && m.user?.id === miss.user?.id))
      info.nearMisses.push(miss);
  };

  for (const u of users.filter((u) => looseKey(loginOf(u)) === key)) {
    add({
      kind: "case-or-whitespace",
      user: summariseUser(u),
      text: `The NameID ${JSON.stringify(nameId)} differs from the ${fieldLabel} of ${userLabel(u, field)} only in ${describeLooseDifference(value, loginOf(u))}.`,
    });
  }
  if (field === "username") {
    for (const u of users.filter((u) => looseKey(u.email) === key && looseKey(u.username ?? "") !== key)) {
      add({
        kind: "email-not-username",
        user: summariseUser(u),
        text: `The NameID equals the Business Email Address of ${u.name}, but MiCloud Connect matches the NameID against Username, which is ${JSON.stringify(u.username ?? "")}. Make Entra send the UPN (Attributes & Claims > Unique User Identifier: user.userprincipalname), or, if ${value} is the user's UPN, set ${u.name}'s Username to it in the Mitel Account portal (Users).`,
      });
    }
  }

  const guestAddress = guestHomeAddress(value);
  if (guestAddress) {
    const guest = users.find(
      (u) => looseKey(loginOf(u)) === looseKey(guestAddress) || looseKey(u.email) === looseKey(guestAddress),
    );
    add({
      kind: "guest-ext-upn",
      ...(guest ? { user: summariseUser(guest) } : {}),
      text:
        `The NameID is a guest's UPN (${value}): Entra writes a guest's user principal name as <their address with _ for @>#EXT#@<tenant>. ` +
        (guest ? `${userLabel(guest, field)} has the guest's own address ${guestAddress}. ` : "") +
        "In Entra: Attributes & Claims > Unique User Identifier (Name ID): use user.mail for guests (or a claim condition for guest users), or create the Mitel user with the #EXT# UPN.",
    });
  }

  const opaque =
    nameIdFormat === PERSISTENT || nameIdFormat === TRANSIENT || (!value.includes("@") && value.length >= 16);
  const fromClaims = claimMatches(claims, users, loginOf);
  if (opaque && !guestAddress) {
    const claimUser = fromClaims[0];
    add({
      kind: "opaque-nameid",
      ...(claimUser ? { user: summariseUser(claimUser.user) } : {}),
      text:
        `The NameID ${JSON.stringify(value)} is an opaque identifier${nameIdFormat ? ` (format ${shortFormat(nameIdFormat)})` : ""}, not a UPN: ` +
        "Entra's Unique User Identifier (Name ID) is not user.userprincipalname." +
        (claimUser
          ? ` The response's ${claimUser.claim} claim, ${claimUser.value}, matches ${userLabel(claimUser.user, field)}.`
          : ""),
    });
  } else {
    for (const m of fromClaims) {
      add({
        kind: "claim-matches-user",
        user: summariseUser(m.user),
        text: `The NameID does not match anyone, but the response's ${m.claim} claim (${m.value}) matches ${userLabel(m.user, field)}: Entra's Unique User Identifier (Name ID) uses another attribute than the one that equals the Mitel ${fieldLabel}.`,
      });
    }
  }

  for (const other of await deps.directory.discover(account.platform, value)) {
    if (other.accountId === account.id) continue;
    const otherAccount = await deps.accounts.get(other.accountId);
    add({
      kind: "other-account",
      user: summariseUser(other),
      accountName: otherAccount?.displayName ?? other.accountId,
      text: `${userLabel(other, field)} exists in another ${platform.wording.productName} account, “${otherAccount?.displayName ?? other.accountId}” (${other.accountId}), but the response was posted to the Reply URL of “${account.displayName}” (${account.id}). Either create the user here, or point Entra's Reply URL and Identifier at the other account.`,
    });
  }
  for (const otherPlatform of allPlatforms().filter((p) => p.id !== account.platform)) {
    for (const other of await deps.directory.discover(otherPlatform.id, value)) {
      const otherAccount = await deps.accounts.get(other.accountId);
      add({
        kind: "other-platform",
        user: summariseUser(other),
        accountName: otherAccount?.displayName ?? other.accountId,
        text: `A user with this ${otherPlatform.loginLabel} exists in the ${otherPlatform.wording.productName} account “${otherAccount?.displayName ?? other.accountId}”, not in this ${platform.wording.productName} account.`,
      });
    }
  }
  return info;
}

function claimMatches(
  claims: Array<{ name: string; values: string[] }>,
  users: UserRecord[],
  loginOf: (u: UserRecord) => string,
): Array<{ claim: string; value: string; user: UserRecord }> {
  const out: Array<{ claim: string; value: string; user: UserRecord }> = [];
  for (const [uri, label] of [
    [CLAIM_UPN, "name (user principal name)"],
    [CLAIM_EMAIL, "emailaddress"],
  ] as const) {
    for (const value of claims.find((c) => c.name === uri)?.values ?? []) {
      const user = users.find((u) => looseKey(loginOf(u)) === looseKey(value));
      if (user && !out.some((m) => m.user.id === user.id)) out.push({ claim: label, value, user });
    }
  }
  return out;
}

function shortFormat(format: string): string {
  return format.split(":").pop() ?? format;
}

function notActive(user: UserRecord, account: AccountRecord): NearMiss {
  return {
    kind: "not-active",
    user: summariseUser(user),
    text: `${user.name} (${user.email}) exists in ${account.displayName} but is ${statusWords(user.status, account.platform)}. ${activationAdvice(user, account.platform)}`,
  };
}

/** The portal's words: MiCloud activates users, CloudLink registers them. */
export function statusWords(status: UserRecord["status"], platform: PlatformId): string {
  if (status === "disabled") return "deactivated";
  if (status === "pending") return platformOf(platform).wording.pendingWords;
  return "active";
}

export function activationAdvice(user: Pick<UserRecord, "name" | "status">, platform: PlatformId): string {
  const portal = platformOf(platform).wording.portalName;
  const words = platformOf(platform).wording;
  const verb = words.activateVerb;
  const how =
    user.status === "pending"
      ? ` (a real ${words.productName} user ${words.activationByEmail}; this mock does it at once)`
      : "";
  return `In the ${portal}: Users > ${user.name} > ${verb}${how}, then sign in again.`;
}
