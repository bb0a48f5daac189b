/** Writes README's coverage table (between its markers) from src/failure-coverage.ts. */
import { readFileSync, writeFileSync } from "node:fs";
import { withCoverageTable } from "../src/failure-coverage-table.js";

const path = new URL("../README.md", import.meta.url);
const before = readFileSync(path, "utf8");
const after = withCoverageTable(before);
if (after !== before) writeFileSync(path, after);
console.log(after === before ? "README.md coverage table: up to date" : "README.md coverage table: updated");
