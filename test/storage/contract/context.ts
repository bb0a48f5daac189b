/** Shared by the contract sections: the storage of the running test, and small record builders. */

import type { SignInRecord } from "../../../src/domain/sign-in-record.js";
import type { NewUser } from "../../../src/domain/user.js";
import type { Storage } from "../../../src/storage/ports.js";
import { signInRecord } from "../../helpers/sign-in-record.js";

export interface ContractContext {
  readonly storage: Storage;
}

export async function seedAccount(
  storage: Storage,
  id: string,
  platform: "micloud" | "cloudlink" = "micloud",
): Promise<void> {
  await storage.accounts.create({ id, platform, displayName: `Account ${id}` });
}

export function newUser(accountId: string, overrides: Partial<NewUser> = {}): NewUser {
  return { accountId, name: "Alice Example", email: "alice@example.com", ...overrides };
}

export function signIn(
  accountId: string,
  traceId: string,
  at: number,
  overrides: Partial<SignInRecord> = {},
) {
  return signInRecord(traceId, {}, { accountId, at, ...overrides });
}
