/** Reads the files written by test/fixtures/certificates/generate.ts. */
import { readFileSync } from "node:fs";

const FIXTURES = new URL("../../fixtures/certificates/", import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), "utf8");
}

export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}
