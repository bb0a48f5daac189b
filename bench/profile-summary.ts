import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Summarises V8 .cpuprofile files (from `node --cpu-prof`): self time per function and per
 * package, so the hot path's avoidable work stands out. Usage:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/run.js --only=acs
 *   node dist/bench/profile-summary.js /tmp/prof [top=40] [--all] [--callers=NAME] [--outside=NAME]
 * With a folder, the largest profile is read (the server's main thread; the load generator's
 * worker thread writes a smaller one).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function pickFile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => join(path, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  const first = files[0];
  if (!first) throw new Error(`no .cpuprofile in ${path}`);
  return first;
}

function packageOf(url: string): string {
  if (!url) return "(native/gc/idle)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:")) return "node core";
  const dist = url.indexOf("/dist/");
  return dist >= 0 ? url.slice(dist + 1).replace(/\.js$/, "") : url;
}

function main(): void {
  const args = process.argv.slice(2);
  // --all: inclusive time of every function (libraries too), to see who calls the hot code.
  const everyFunction = args.includes("--all");
  // --callers=NAME: who calls the function NAME (time spent in it, by calling frame).
  const callersOf = args.find((a) => a.startsWith("--callers="))?.slice("--callers=".length);
  // --outside=NAME: self time by package of every sample NOT under the function NAME (e.g.
  // validatePostResponseAsync: what the ACS costs besides node-saml), idle left out.
  const outsideOf = args.find((a) => a.startsWith("--outside="))?.slice("--outside=".length);
  const [target, topArg] = args.filter((a) => !a.startsWith("--"));
  if (!target) throw new Error("usage: profile-summary <file-or-folder> [top]");
  const top = Number(topArg ?? 40);
  const file = pickFile(target);
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${packageOf(url)}:${lineNumber + 1}` : "";
    const key = `${functionName || "(anonymous)"} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + us);
  }
  // Inclusive time of the project's own functions: every sample counts once for each distinct
  // function of ours on its stack, which shows what each ACS step costs with what it calls.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || !(everyFunction ? frame.url : /\/dist\/(src|bench)\//.test(frame.url))) continue;
      const key = `${frame.functionName || "(anonymous)"} ${packageOf(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const callers = new Map<string, number>();
  if (callersOf) {
    for (const [id, us] of selfUs) {
      const chain: ProfileNode[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const node = byId.get(at);
        if (node) chain.push(node);
      }
      // The outermost call of NAME on this stack, and the frame that made it.
      const index = chain.findLastIndex((n) => n.callFrame.functionName === callersOf);
      const caller = index >= 0 ? chain[index + 1]?.callFrame : undefined;
      if (!caller) continue;
      const key = `${caller.functionName || "(anonymous)"} ${packageOf(caller.url)}:${caller.lineNumber + 1}`;
      callers.set(key, (callers.get(key) ?? 0) + us);
    }
  }
  const outside = new Map<string, number>();
  if (outsideOf) {
    for (const [id, us] of selfUs) {
      let under = false;
      for (let at: number | undefined = id; at !== undefined && !under; at = parent.get(at)) {
        under = byId.get(at)?.callFrame.functionName === outsideOf;
      }
      const frame = byId.get(id)?.callFrame;
      if (!frame || frame.functionName === "(idle)") continue;
      const key = under ? `(inside ${outsideOf})` : frame.url ? packageOf(frame.url) : frame.functionName;
      outside.set(key, (outside.get(key) ?? 0) + us);
    }
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
  const print = (title: string, entries: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    for (const [key, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}\n`);
    }
  };
  process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
  print("Self time by package / file", byPackage);
  print("Self time by function", byFunction);
  print(
    everyFunction ? "Inclusive time of every function" : "Inclusive time of the project's functions",
    inclusive,
  );
  if (callersOf) print(`Callers of ${callersOf}`, callers);
  if (outsideOf) print(`Busy time inside ${outsideOf} vs the rest, by package`, outside);
}

main();
