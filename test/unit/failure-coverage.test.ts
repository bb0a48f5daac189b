import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AADSTS_CODES } from "../../src/diagnostics/aadsts-codes.js";
import { FAILURE_CODES, isFailureCode } from "../../src/failure-codes.js";
import { AADSTS_COVERAGE, type Coverage, FAILURE_COVERAGE } from "../../src/failure-coverage.js";
import { coverageTableMarkdown, withCoverageTable } from "../../src/failure-coverage-table.js";
import { entraErrors, FAULT_ERROR_LABELS } from "../../src/idp-simulator/saml/entra-errors.js";
import { REHEARSAL_SCENARIOS, SCENARIO_IDS } from "../../src/rehearsal/scenarios.js";

/**
 * The coverage list is driven by the registries: a failure code of src/failure-codes.ts, or an
 * AADSTS error the service explains or the simulator produces, without a way to produce it from
 * the pages (and a browser test that drives it) or a reason why it cannot be, fails here; so
 * does a README table that was not regenerated.
 */
const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/** Every AADSTS code the simulator can show or send: its error page's and its status fault's. */
function simulatorAadstsCodes(): string[] {
  const shown = Object.values(entraErrors).map(
    (make) => (make as (...args: string[]) => { code: string })("x", "y", "z").code,
  );
  return [...new Set([...shown, ...Object.keys(FAULT_ERROR_LABELS)])];
}

function problemsOf(code: string, coverage: Coverage | undefined): string[] {
  if (!coverage) return [`${code}: no entry (neither a way to produce it nor a reason why it cannot happen)`];
  if ("cannot" in coverage) return coverage.cannot.trim().length > 20 ? [] : [`${code}: the reason is empty`];
  const problems: string[] = [];
  if (coverage.how.trim() === "") problems.push(`${code}: how to produce it is empty`);
  if (!/^test\/browser\/[\w.-]+\.test\.ts$/.test(coverage.test)) {
    problems.push(`${code}: ${coverage.test} is not a browser test`);
  } else if (!existsSync(new URL(coverage.test, root))) {
    problems.push(`${code}: ${coverage.test} does not exist`);
  } else if (!read(coverage.test).includes(`"${code}"`)) {
    problems.push(`${code}: ${coverage.test} never names "${code}"`);
  }
  return problems;
}

describe("failure coverage", () => {
  it("every failure code of the registry has a way to produce it from the pages, or a reason", () => {
    const problems = FAILURE_CODES.flatMap((code) => problemsOf(code, FAILURE_COVERAGE[code]));
    expect(problems).toEqual([]);
    expect(Object.keys(FAILURE_COVERAGE).filter((code) => !isFailureCode(code))).toEqual([]);
  });

  it("every AADSTS error the service explains or the simulator produces has a way, or a reason", () => {
    const known = new Set([...Object.keys(AADSTS_CODES), ...simulatorAadstsCodes()]);
    expect(known.size).toBeGreaterThan(15);
    const problems = [...known].flatMap((code) => problemsOf(code, AADSTS_COVERAGE[code]));
    expect(problems).toEqual([]);
    expect(Object.keys(AADSTS_COVERAGE).filter((code) => !known.has(code))).toEqual([]);
  });

  it("a missing entry or a test that does not drive the code is reported", () => {
    expect(problemsOf("NEW_CODE", undefined)).toHaveLength(1);
    expect(
      problemsOf("NEW_CODE", {
        way: "browser",
        how: "x",
        test: "test/browser/rehearse-browser-actions.test.ts",
      }),
    ).toEqual(['NEW_CODE: test/browser/rehearse-browser-actions.test.ts never names "NEW_CODE"']);
    expect(problemsOf("NEW_CODE", { cannot: "" })).toEqual(["NEW_CODE: the reason is empty"]);
  });

  it("each rehearsal scenario ends on a code the coverage list knows", () => {
    for (const id of SCENARIO_IDS) {
      const shows = REHEARSAL_SCENARIOS[id].shows;
      const code = "failure" in shows ? shows.failure : shows.aadsts;
      expect(code in FAILURE_COVERAGE || code in AADSTS_COVERAGE, `${id} → ${code}`).toBe(true);
    }
  });

  it("README's coverage table is the one generated from the list (npm run coverage-table)", () => {
    const readme = read("README.md");
    expect(withCoverageTable(readme), "README.md is out of date: run npm run coverage-table").toBe(readme);
    for (const code of FAILURE_CODES) expect(coverageTableMarkdown()).toContain(`| \`${code}\` |`);
  });
});
