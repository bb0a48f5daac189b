/** A user of a Mitel account: whom a sign-in's NameID must match. */
export type UserStatus = "pending" | "active" | "disabled";

export interface UserRecord {
  id: string;
  accountId: string;
  /** MiCloud: Name. CloudLink: derived "First Last". */
  name: string;
  firstName: string | null;
  lastName: string | null;
  /** MiCloud: Business Email Address. CloudLink: Email. */
  email: string;
  /** MiCloud: Username (defaults to the email). CloudLink: null. */
  username: string | null;
  status: UserStatus;
  /** scrypt hash in the form "scrypt$N$r$p$salt$hash" (base64 parts), or null. */
  passwordHash: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewUser {
  accountId: string;
  name: string;
  firstName?: string | null;
  lastName?: string | null;
  email: string;
  username?: string | null;
  status?: UserStatus;
  passwordHash?: string | null;
}

export type UserPatch = Partial<Omit<NewUser, "accountId">>;
