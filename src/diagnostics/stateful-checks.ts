import type { ResponseFacts } from "../saml/inspect-response.js";
import type { SamlFailure } from "../saml/saml-failure.js";
import type { FailureCode } from "../sign-ins/failure-codes.js";
import type { AuthnRequestRecord } from "../storage/ports.js";
import type { CheckInputs, StatefulCheck } from "./check-inputs.js";

/** What the stateful checks need to know about the attempt. */
export interface StatefulInput {
  mode: "acs" | "analyze";
  facts: ResponseFacts | null;
  failure: SamlFailure | null;
}

/** Codes the ACS returns only after it consumed the request ID (one-time use). */
const AFTER_CONSUMPTION: ReadonlySet<FailureCode> = new Set([
  "REQUEST_NOT_FROM_THIS_BROWSER",
  "NAMEID_MISSING",
  "USER_NOT_FOUND",
  "USER_NOT_ACTIVE",
]);
const AFTER_BINDING: ReadonlySet<FailureCode> = new Set([
  "NAMEID_MISSING",
  "USER_NOT_FOUND",
  "USER_NOT_ACTIVE",
]);

/**
 * Request ID, browser binding and replay depend on state the ACS changes as it goes: their
 * verdicts follow how far the ACS got. In Analyze they are not evaluated (nothing is consumed).
 */
export function statefulChecks(
  input: StatefulInput,
  request: AuthnRequestRecord | null,
  at: number,
): Pick<CheckInputs, "request" | "browser" | "replay"> {
  const requestExpected = "a request issued by this account, unused and unexpired";
  const describe = () => {
    if (!input.facts?.inResponseTo) return "no request ID";
    if (!request) return `${input.facts.inResponseTo}: not known here`;
    const issued = `issued at ${new Date(request.createdAt).toISOString()}`;
    if (request.consumedAt !== null)
      return `${request.id}: ${issued}, used at ${new Date(request.consumedAt).toISOString()}`;
    if (request.expiresAt <= at)
      return `${request.id}: ${issued}, expired at ${new Date(request.expiresAt).toISOString()}`;
    return `${request.id}: ${issued}, unused`;
  };
  const skip = (expected: string, actual: string, code: FailureCode): StatefulCheck => ({
    status: "skip",
    expected,
    actual,
    code,
  });
  if (input.mode === "analyze") {
    const note = "checked only when the browser posts to the Reply URL";
    return {
      request: skip(`${requestExpected} (${note})`, describe(), "UNKNOWN_REQUEST"),
      browser: skip("the browser that started the sign-in", note, "REQUEST_NOT_FROM_THIS_BROWSER"),
      replay: skip("a new assertion ID", note, "RESPONSE_REPLAYED"),
    };
  }
  const f = input.failure;
  const fromFailure = (code: FailureCode): StatefulCheck => ({
    status: "fail",
    expected: f?.expected ?? "",
    actual: f?.actual ?? "",
    code,
  });
  const passed = (expected: string, actual: string, code: FailureCode): StatefulCheck => ({
    status: "pass",
    expected,
    actual,
    code,
  });
  const replayOfAssertion = f?.code === "RESPONSE_REPLAYED" && f.check === "assertion used once";
  const consumed = f === null || AFTER_CONSUMPTION.has(f.code) || replayOfAssertion;

  let requestCheck: StatefulCheck;
  if (
    f &&
    (f.code === "UNKNOWN_REQUEST" || f.code === "RESPONSE_REPLAYED") &&
    !replayOfAssertion &&
    f.check !== "InResponseTo (signed)"
  ) {
    requestCheck = fromFailure(f.code);
  } else if (consumed) {
    requestCheck = passed(
      requestExpected,
      `${input.facts?.inResponseTo ?? ""}: used by this sign-in`,
      "UNKNOWN_REQUEST",
    );
  } else if (!input.facts?.inResponseTo) {
    requestCheck = skip(requestExpected, "no request ID", "UNKNOWN_REQUEST");
  } else if (!request || request.expiresAt <= at) {
    requestCheck = { status: "fail", expected: requestExpected, actual: describe(), code: "UNKNOWN_REQUEST" };
  } else if (request.consumedAt !== null) {
    requestCheck = {
      status: "fail",
      expected: requestExpected,
      actual: describe(),
      code: "RESPONSE_REPLAYED",
    };
  } else {
    requestCheck = passed(
      requestExpected,
      `${describe()} (not used: the sign-in stopped earlier)`,
      "UNKNOWN_REQUEST",
    );
  }

  const bindingExpected = "the browser that started the sign-in";
  const browser =
    f?.code === "REQUEST_NOT_FROM_THIS_BROWSER"
      ? fromFailure(f.code)
      : f === null || AFTER_BINDING.has(f.code) || replayOfAssertion
        ? passed(bindingExpected, "the same browser", "REQUEST_NOT_FROM_THIS_BROWSER")
        : skip(bindingExpected, "not reached", "REQUEST_NOT_FROM_THIS_BROWSER");
  const replay = replayOfAssertion
    ? fromFailure("RESPONSE_REPLAYED")
    : f === null || AFTER_BINDING.has(f.code)
      ? passed("a new assertion ID", "first use", "RESPONSE_REPLAYED")
      : skip("a new assertion ID", "not reached", "RESPONSE_REPLAYED");
  return { request: requestCheck, browser, replay };
}
