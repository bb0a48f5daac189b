import type { ErrorRequestHandler, Response } from "express";
import type { z } from "zod";
import { AppError, type ErrorCode } from "../../../errors.js";

export interface FieldProblem {
  field: string;
  message: string;
}

/** 400 with every field problem at once, so a CI script can show them all. */
export function sendInvalid(
  res: Response,
  code: ErrorCode,
  message: string,
  fields: FieldProblem[],
  warnings: FieldProblem[] = [],
): void {
  res.status(400).json({ error: { code, message, fields }, ...(warnings.length ? { warnings } : {}) });
}

export function zodProblems(issues: z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    const field = issue.path.length ? issue.path.join(".") : "(body)";
    if (issue.code === "unrecognized_keys")
      return { field, message: `unknown field(s): ${issue.keys.join(", ")}` };
    return { field, message: issue.message };
  });
}

/** Parses a JSON body with a schema; on failure answers 400 naming the fields and returns undefined. */
export function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  res: Response,
): z.output<T> | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    sendInvalid(res, "INVALID_BODY", "Send a JSON object (Content-Type: application/json).", []);
    return undefined;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    sendInvalid(
      res,
      "INVALID_BODY",
      "The request body has invalid fields.",
      zodProblems(parsed.error.issues),
    );
    return undefined;
  }
  return parsed.data;
}

/**
 * Service refusals (bad user field, duplicate, unknown account) with the field they concern; the
 * shared error handler takes everything else (and masks 5xx).
 */
export const apiErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (!(err instanceof AppError) || err.status >= 500 || res.headersSent) return next(err);
  const field = typeof err.details.field === "string" ? err.details.field : undefined;
  res.status(err.status).json({
    error: {
      code: err.code,
      message: err.message,
      ...(err.fix ? { fix: err.fix } : {}),
      ...(field ? { field } : {}),
    },
  });
};
