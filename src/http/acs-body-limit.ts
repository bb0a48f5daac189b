import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { failure } from "../errors.js";
import { SAML_MESSAGE_LIMITS } from "../saml/xml-prescan.js";
import { newTraceId } from "../security/random-ids.js";
import { sendSignInFailure } from "./sign-in-failure.js";

/**
 * The Reply URL's own body limit. The largest SAML message the ACS reads (SAML_MESSAGE_LIMITS,
 * 32 KB of XML) is 44 KB in base64 and at most three times that form-encoded; anything larger
 * cannot be accepted, so it is refused from its Content-Length before a byte of it is read or
 * parsed, with the code the parser's size limit gives (SAML_RESPONSE_TOO_LARGE). Other routes
 * keep the service-wide 512 KB.
 */
export const ACS_BODY_LIMIT_BYTES = Math.ceil(((SAML_MESSAGE_LIMITS.maxLength * 4) / 3) * 3) + 16 * 1024;

export function acsBodyParser(): Array<RequestHandler | ErrorRequestHandler> {
  const tooLarge: ErrorRequestHandler = (err, req, res, next) => {
    if ((err as { type?: string } | null)?.type !== "entity.too.large") return next(err);
    const limitKb = Math.round(ACS_BODY_LIMIT_BYTES / 1024);
    sendSignInFailure(req, res, {
      failure: failure(
        "SAML_RESPONSE_TOO_LARGE",
        `The posted form is larger than the ${limitKb} KB the Reply URL accepts; Entra's responses are a few KB.`,
        {
          check: "size",
          expected: `at most ${limitKb} KB`,
          actual: `${req.headers["content-length"] ?? "?"} bytes`,
        },
      ),
      // Not recorded: nothing of it was read.
      traceId: newTraceId(),
    });
  };
  return [
    express.urlencoded({ extended: false, limit: ACS_BODY_LIMIT_BYTES, parameterLimit: 200 }),
    tooLarge,
  ];
}
