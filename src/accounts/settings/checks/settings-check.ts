import type { AccountRecord } from "../../../domain/account.js";
import type { UserRecord } from "../../../domain/user.js";
import type { FailureCode } from "../../../failure-codes.js";
import type { Platform } from "../../../platforms/index.js";

/** What a settings-level check reads: the account's stored settings and users, at a time. */
export interface SettingsFacts {
  account: AccountRecord;
  platform: Platform;
  users: UserRecord[];
  now: Date;
  /** Origins allowed over plain http besides localhost (the configured simulator's). */
  httpOrigins: string[];
}

/**
 * ok: set as a sign-in needs it. warn: works, deserves a look. todo: not set yet (no sign-in can
 * work). error: set, but every sign-in fails with it (the code says how).
 */
export type SettingsVerdict =
  | { state: "ok" | "warn" | "todo"; detail: string }
  | { state: "error"; detail: string; code: FailureCode };

/**
 * A check of the settings alone, before any message arrives: the setup checklist is derived from
 * these, so a setting that makes every sign-in fail keeps it red, and "ready" means a sign-in can
 * succeed.
 */
export interface SettingsCheck {
  id: string;
  /** The code every sign-in fails with when this check says "error". */
  code: FailureCode;
  evaluate(f: SettingsFacts): SettingsVerdict;
}
