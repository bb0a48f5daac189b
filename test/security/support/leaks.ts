import { expect } from "vitest";

/** Stack frames, internal paths, raw exception names: nothing a user (or an attacker) should read. */
export function expectNoInternals(body: string, where: string): void {
  expect(body, where).not.toMatch(/\n\s*at [^\n]+:\d+:\d+/);
  expect(body, where).not.toMatch(/\bat (?:async )?[\w.$<>]+ \([^)]*:\d+:\d+\)/);
  expect(body, where).not.toContain(process.cwd());
  expect(body, where).not.toMatch(/\/work\/|node_modules|\/usr\/lib\/node|file:\/\//);
  expect(body, where).not.toMatch(/\b(?:TypeError|ReferenceError|RangeError|SyntaxError)\b/);
}
