import type { AccountRecord } from "../domain/account.js";
import type { UserRecord, UserStatus } from "../domain/user.js";
import { AppError, notFound } from "../errors.js";
import { platformOf } from "../platforms/index.js";
import type { PlatformId } from "../platforms/platform-id.js";
import { hashPassword, verifyPassword } from "../security/passwords.js";
import { DuplicateKeyError } from "../storage/errors.js";
import type { UserSearch, UserStore } from "../storage/ports.js";
import { normaliseUserInput, type UserInput } from "./user-input.js";

/** The user directory of each account, with each platform's matching rule. */
export class DirectoryService {
  constructor(private readonly users: UserStore) {}

  async create(account: AccountRecord, input: UserInput & { password?: string }): Promise<UserRecord> {
    const user = normaliseUserInput(account.platform, input);
    try {
      return await this.users.create({
        accountId: account.id,
        ...user,
        status: input.status ?? "pending",
        passwordHash: input.password ? await hashPassword(input.password) : null,
      });
    } catch (err) {
      if (err instanceof DuplicateKeyError) throw this.duplicate(account);
      throw err;
    }
  }

  async update(account: AccountRecord, userId: string, input: UserInput): Promise<UserRecord> {
    const user = normaliseUserInput(account.platform, input);
    try {
      const updated = await this.users.update(account.id, userId, {
        ...user,
        ...(input.status ? { status: input.status } : {}),
      });
      if (!updated) throw notFound("User");
      return updated;
    } catch (err) {
      if (err instanceof DuplicateKeyError) throw this.duplicate(account);
      throw err;
    }
  }

  async setStatus(account: AccountRecord, userId: string, status: UserStatus): Promise<UserRecord> {
    const updated = await this.users.update(account.id, userId, { status });
    if (!updated) throw notFound("User");
    return updated;
  }

  async setPassword(account: AccountRecord, userId: string, password: string | null): Promise<UserRecord> {
    if (password !== null && password.length < 8) {
      throw new AppError("INVALID_PASSWORD", "Password: use at least 8 characters.", {
        details: { field: "password" },
      });
    }
    const updated = await this.users.update(account.id, userId, {
      passwordHash: password === null ? null : await hashPassword(password),
    });
    if (!updated) throw notFound("User");
    return updated;
  }

  get(accountId: string, userId: string): Promise<UserRecord | undefined> {
    return this.users.get(accountId, userId);
  }

  delete(accountId: string, userId: string): Promise<boolean> {
    return this.users.delete(accountId, userId);
  }

  search(search: UserSearch): Promise<UserRecord[]> {
    return this.users.search(search);
  }

  count(accountId: string): Promise<number> {
    return this.users.count(accountId);
  }

  /** The platform's rule: MiCloud matches the NameID to Username, CloudLink to Email. */
  findForLogin(account: AccountRecord, login: string): Promise<UserRecord | undefined> {
    return this.users.findByLogin(account.id, platformOf(account.platform).loginField, login);
  }

  /** Sign-on page discovery: every user of the platform with this username/email. */
  discover(platform: PlatformId, login: string): Promise<UserRecord[]> {
    return this.users.findAllByLogin(platform, platformOf(platform).loginField, login);
  }

  async checkPassword(user: UserRecord, password: string): Promise<boolean> {
    return verifyPassword(password, user.passwordHash);
  }

  private duplicate(account: AccountRecord): AppError {
    const field = platformOf(account.platform).loginField;
    return new AppError(
      "USER_EXISTS",
      field === "username"
        ? "Another user of this account has that Username."
        : "Another user of this account has that Email.",
      { status: 409, details: { field } },
    );
  }
}
