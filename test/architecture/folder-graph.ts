import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/**
 * Which top-level parts of src/ import which: a folder (src/saml/…) or a file directly in src/
 * (src/context.ts is "context"). Type-only imports count too: a type a folder borrows is still a
 * dependency of its design.
 */
export type FolderGraph = Map<string, Set<string>>;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** "src/saml/parse.ts" → "saml"; "src/context.ts" → "context". */
function partOf(srcRoot: string, file: string): string {
  const [head = ""] = relative(srcRoot, file).split(sep);
  return head.replace(/\.ts$/, "");
}

export function folderGraph(srcRoot: string): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of sourceFiles(srcRoot)) {
    const from = partOf(srcRoot, file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = resolve(dirname(file), fileName);
      if (relative(srcRoot, target).startsWith("..")) continue;
      const to = partOf(srcRoot, target.replace(/\.js$/, ".ts"));
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** The groups of parts that import each other in a ring (strongly connected, more than one part). */
export function cyclesOf(graph: FolderGraph): string[][] {
  // Tarjan's algorithm, written out: a few lines instead of a dependency.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups;
}
