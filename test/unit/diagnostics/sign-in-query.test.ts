import { describe, expect, it } from "vitest";
import { parseSignInQuery, parseTime } from "../../../src/sign-ins/sign-in-query.js";

describe("sign-in log filters", () => {
  it("reads times with and without a zone (no zone means UTC), dates and epoch ms", () => {
    expect(parseTime("2026-11-26T10:00:00Z")).toBe(Date.parse("2026-11-26T10:00:00Z"));
    expect(parseTime("2026-11-26T10:00:00+01:00")).toBe(Date.parse("2026-11-26T09:00:00Z"));
    expect(parseTime("2026-11-26T10:00")).toBe(Date.parse("2026-11-26T10:00:00Z"));
    expect(parseTime("2026-11-26")).toBe(Date.parse("2026-11-26T00:00:00Z"));
    expect(parseTime("1795687200000")).toBe(1795687200000);
    expect(parseTime("")).toBeNull();
    expect(parseTime("soon")).toBeNaN();
  });

  it("builds the store filter and refuses bad values by name", () => {
    expect(parseSignInQuery("a", { outcome: "failure", code: "audience_mismatch", limit: "10" })).toEqual({
      accountId: "a",
      outcome: "failure",
      failureCode: "AUDIENCE_MISMATCH",
      limit: 10,
      offset: 0,
    });
    expect(() => parseSignInQuery("a", { limit: "500" })).toThrow(/^limit: use a number from 1 to 200/);
    expect(() => parseSignInQuery("a", { until: "later" })).toThrow(/^until:/);
  });
});
