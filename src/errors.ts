/**
 * One error class for everything a person can be told about. `code` is stable (DESIGN §6 for
 * sign-in failures); `expose` says whether `message` may be shown (never for 5xx).
 */
export class AppError extends Error {
  override name = "AppError";
  readonly status: number;
  readonly code: string;
  readonly fix: string | undefined;
  readonly expose: boolean;
  readonly details: Record<string, unknown>;

  constructor(
    code: string,
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
