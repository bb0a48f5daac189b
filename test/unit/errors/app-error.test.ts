import { describe, expect, it } from "vitest";
import { AppError, failure } from "../../../src/errors.js";
import { defaultFix, FAILURE_CODES, statusForFailure } from "../../../src/failure-codes.js";
import { platformOf } from "../../../src/platforms/index.js";

/** A sign-in failure (data) and the error a person is shown (AppError): one derived from the other. */
describe("AppError.fromFailure", () => {
  it("takes the registry's status and fix for every failure code", () => {
    for (const code of FAILURE_CODES) {
      const error = AppError.fromFailure(failure(code, "one line"));
      expect(error.code).toBe(code);
      expect(error.status).toBe(statusForFailure(code));
      expect(error.fix).toBe(defaultFix(code));
      expect(error.expose).toBe(error.status < 500);
    }
  });

  it("keeps the failure's line, the check's expected and actual, and words the fix for the platform", () => {
    const wording = platformOf("cloudlink").wording;
    const error = AppError.fromFailure(
      failure("ISSUER_MISMATCH", "The response comes from another Entra tenant.", {
        check: "Issuer",
        expected: "https://sts.windows.net/a/",
        actual: "https://sts.windows.net/b/",
      }),
      wording,
    );
    expect(error.message).toBe("The response comes from another Entra tenant.");
    expect(error.details).toEqual({
      check: "Issuer",
      expected: "https://sts.windows.net/a/",
      actual: "https://sts.windows.net/b/",
    });
    expect(error.fix).toBe(defaultFix("ISSUER_MISMATCH", wording));
  });
});
