import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cyclesOf, folderGraph } from "./folder-graph.js";

/**
 * No two folders of src/ import each other, directly or around a ring: each layer can be read
 * (and changed) with only the ones below it in mind. A cycle shows up here with its members.
 */
const SRC = fileURLToPath(new URL("../../src", import.meta.url));

describe("imports between the folders of src/", () => {
  it("form no cycle", () => {
    expect(cyclesOf(folderGraph(SRC))).toEqual([]);
  });

  it("the cycle finder names a ring it is given (so the test above can fail)", () => {
    const ring = new Map([
      ["storage", new Set(["domain", "platforms"])],
      ["platforms", new Set(["storage"])],
      ["domain", new Set<string>()],
      ["http", new Set(["storage"])],
    ]);
    expect(cyclesOf(ring)).toEqual([["platforms", "storage"]]);
  });

  it("sees the folders it should (the graph is not empty by mistake)", () => {
    const graph = folderGraph(SRC);
    expect(graph.get("storage")).toContain("domain");
    expect(graph.get("sign-in-engine")).toContain("saml");
  });
});
