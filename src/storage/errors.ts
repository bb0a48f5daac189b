/**
 * Errors the storage layer raises on purpose. Callers branch on these (e.g. to show "a user with
 * this email already exists") instead of parsing driver-specific messages.
 */

/** What kind of record collided; lets callers word the message without knowing table names. */
export type DuplicateEntity = "account" | "user" | "authn_request" | "sign_in";

export class DuplicateKeyError extends Error {
  override readonly name = "DuplicateKeyError";
  readonly entity: DuplicateEntity;
  /** Which unique key collided when an entity has several (users: "email" or "username"). */
  readonly key: string | undefined;

  constructor(entity: DuplicateEntity, message: string, options: { key?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.entity = entity;
    this.key = options.key;
  }
}
