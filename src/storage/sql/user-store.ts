/** UserStore over the users table; logins are matched through the normalised *_norm columns. */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable, Updateable } from "kysely";
import type { NewUser, UserPatch, UserRecord, UserStatus } from "../../domain/user.js";
import type { LoginField } from "../../platforms/platform.js";
import type { PlatformId } from "../../platforms/platform-id.js";
import { DuplicateKeyError } from "../errors.js";
import type { UserSearch, UserStore } from "../ports.js";
import { isUniqueViolation, violationText } from "./db-errors.js";
import { containsIgnoringCase, normaliseLogin, paginate, toCount } from "./query-helpers.js";
import type { Tables, UsersTable } from "./schema.js";

type UserRow = Selectable<UsersTable>;

const LOGIN_COLUMN = { email: "login_email_norm", username: "login_username_norm" } as const;
const USER_STATUSES: readonly string[] = ["pending", "active", "disabled"] satisfies UserStatus[];

function isUserStatus(value: string): value is UserStatus {
  return USER_STATUSES.includes(value);
}

export class SqlUserStore implements UserStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => number = Date.now,
  ) {}

  async create(user: NewUser): Promise<UserRecord> {
    const now = this.now();
    const username = user.username ?? null;
    const row: UserRow = {
      id: randomUUID(),
      account_id: user.accountId,
      name: user.name,
      first_name: user.firstName ?? null,
      last_name: user.lastName ?? null,
      email: user.email,
      username,
      login_email_norm: normaliseLogin(user.email),
      login_username_norm: usernameNorm(username),
      // The port leaves status optional; a user created without one can sign in.
      status: user.status ?? "active",
      password_hash: user.passwordHash ?? null,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.insertInto("users").values(row).execute();
    } catch (err) {
      throw asDuplicate(err, user.accountId);
    }
    return toRecord(row);
  }

  async get(accountId: string, userId: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("id", "=", userId)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async update(accountId: string, userId: string, patch: UserPatch): Promise<UserRecord | undefined> {
    const changes: Updateable<UsersTable> = { updated_at: this.now() };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.firstName !== undefined) changes.first_name = patch.firstName;
    if (patch.lastName !== undefined) changes.last_name = patch.lastName;
    if (patch.email !== undefined) {
      changes.email = patch.email;
      changes.login_email_norm = normaliseLogin(patch.email);
    }
    if (patch.username !== undefined) {
      changes.username = patch.username;
      changes.login_username_norm = usernameNorm(patch.username);
    }
    if (patch.status !== undefined) changes.status = patch.status;
    if (patch.passwordHash !== undefined) changes.password_hash = patch.passwordHash;
    try {
      const row = await this.db
        .updateTable("users")
        .set(changes)
        .where("account_id", "=", accountId)
        .where("id", "=", userId)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    } catch (err) {
      throw asDuplicate(err, accountId);
    }
  }

  async delete(accountId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("users")
      .where("account_id", "=", accountId)
      .where("id", "=", userId)
      .executeTakeFirst();
    return toCount(result.numDeletedRows) > 0;
  }

  async search(search: UserSearch): Promise<UserRecord[]> {
    let query = this.db.selectFrom("users").selectAll().where("account_id", "=", search.accountId);
    if (search.status !== undefined) query = query.where("status", "=", search.status);
    const text = search.query?.trim();
    if (text) {
      query = query.where((eb) =>
        eb.or([
          containsIgnoringCase(eb.ref("name"), text),
          containsIgnoringCase(eb.ref("email"), text),
          containsIgnoringCase(eb.ref("username"), text),
        ]),
      );
    }
    // id breaks ties so pages do not overlap when names repeat.
    const rows = await paginate(query.orderBy("name").orderBy("id"), search.limit, search.offset).execute();
    return rows.map(toRecord);
  }

  async count(accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    return toCount(row?.n);
  }

  async findByLogin(accountId: string, field: LoginField, value: string): Promise<UserRecord | undefined> {
    const login = normaliseLogin(value);
    if (login === "") return undefined;
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("account_id", "=", accountId)
      .where(LOGIN_COLUMN[field], "=", login)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async findAllByLogin(platform: PlatformId, field: LoginField, value: string): Promise<UserRecord[]> {
    const login = normaliseLogin(value);
    if (login === "") return [];
    const rows = await this.db
      .selectFrom("users")
      .innerJoin("accounts", "accounts.id", "users.account_id")
      .selectAll("users")
      .where("accounts.platform", "=", platform)
      .where(`users.${LOGIN_COLUMN[field]}`, "=", login)
      .orderBy("users.account_id")
      .execute();
    return rows.map(toRecord);
  }
}

/** A blank username is "no username": it must not collide with other blanks in the unique index. */
function usernameNorm(username: string | null): string | null {
  if (username === null) return null;
  const norm = normaliseLogin(username);
  return norm === "" ? null : norm;
}

function asDuplicate(err: unknown, accountId: string): unknown {
  if (!isUniqueViolation(err)) return err;
  const key = violationText(err).includes("login_username_norm") ? "username" : "email";
  return new DuplicateKeyError("user", `A user with this ${key} already exists in account "${accountId}"`, {
    key,
    cause: err,
  });
}

function toRecord(row: UserRow): UserRecord {
  const status = row.status;
  if (!isUserStatus(status)) throw new Error(`User "${row.id}" has unknown status "${status}"`);
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    username: row.username,
    status,
    passwordHash: row.password_hash,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
