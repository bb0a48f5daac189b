import type { FailureCode } from "./failure-codes.js";

/** Codes of the service's other errors (the admin console, the API, the hand-over). */
export type ServiceErrorCode =
  | "NOT_FOUND"
  | "UNAUTHORIZED"
  | "OPERATOR_SIGN_IN_REQUIRED"
  | "SIGN_IN_TICKET_INVALID"
  | "CSRF_TOKEN_INVALID"
  | "BAD_REQUEST"
  | "BAD_REQUEST_BODY"
  | "BODY_TOO_LARGE"
  | "INTERNAL_ERROR"
  | "INVALID_BODY"
  | "INVALID_QUERY"
  | "INVALID_FILTER"
  | "INVALID_TIME"
  | "INVALID_ACCOUNT"
  | "INVALID_ACCOUNT_ID"
  | "INVALID_DISPLAY_NAME"
  | "INVALID_SSO_SETTINGS"
  | "INVALID_USER"
  | "INVALID_STATUS"
  | "INVALID_PASSWORD"
  | "INVALID_SP_KEY"
  | "ACCOUNT_EXISTS"
  | "USER_EXISTS"
  | "SAML_RESPONSE_TOO_LARGE";

/** Every code a person can be told about: a sign-in's failure code or one of the service's. */
export type ErrorCode = FailureCode | ServiceErrorCode;

/**
 * One error class for everything a person can be told about. `code` is stable (DESIGN §6 for
 * sign-in failures); `expose` says whether `message` may be shown (never for 5xx).
 */
export class AppError extends Error {
  override name = "AppError";
  readonly status: number;
  readonly code: ErrorCode;
  readonly fix: string | undefined;
  readonly expose: boolean;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { status?: number; fix?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 400;
    this.fix = options.fix;
    this.expose = this.status < 500;
    this.details = options.details ?? {};
  }
}

export function notFound(what: string): AppError {
  return new AppError("NOT_FOUND", `${what} was not found.`, { status: 404 });
}
