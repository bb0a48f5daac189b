import { defaultFix, type FailureCode, type FixWording, statusForFailure } from "./failure-codes.js";

/**
 * One failed sign-in check, as data: which code, one line for the user, and what was expected and
 * what arrived. The sign-in engine and the SAML layer return it (a refusal is an answer, not an
 * exception); the sign-in log stores it; shown to a person it becomes an AppError
 * (`AppError.fromFailure`), whose status and fix come from the failure-code registry.
 */
export interface SamlFailure {
  code: FailureCode;
  /** One line, for the user. */
  reason: string;
  check?: string;
  expected?: string;
  actual?: string;
}

export function failure(
  code: FailureCode,
  reason: string,
  extra: Omit<SamlFailure, "code" | "reason"> = {},
): SamlFailure {
  return { code, reason, ...extra };
}

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
  | "USER_EXISTS";

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

  /**
   * A sign-in failure as the error a person is shown: the registry's status, the failure's one
   * line, the registry's fix in the platform's words (when known), the check's expected/actual.
   */
  static fromFailure(f: SamlFailure, wording?: FixWording): AppError {
    return new AppError(f.code, f.reason, {
      status: statusForFailure(f.code),
      fix: defaultFix(f.code, wording),
      details: { check: f.check, expected: f.expected, actual: f.actual },
    });
  }
}

export function notFound(what: string): AppError {
  return new AppError("NOT_FOUND", `${what} was not found.`, { status: 404 });
}
