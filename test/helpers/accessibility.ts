import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Page } from "playwright-core";

/**
 * axe-core on every page the browser tests visit: each page of a context is checked once it has
 * loaded, against the WCAG 2.0 and 2.1 A and AA rules, and closing the context fails with every
 * violation found (rule, impact, the elements, the page). axe is evaluated through the DevTools
 * protocol, so the pages' own Content-Security-Policy (no inline scripts) stays as it is.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_2_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface A11yViolation {
  url: string;
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

interface AxeResult {
  violations: Array<{
    id: string;
    impact?: string | null;
    help: string;
    nodes: Array<{ target: unknown[] }>;
  }>;
}

/** Runs axe once on the page as it is now; [] when the page navigated away meanwhile. */
export async function axeViolations(page: Page): Promise<A11yViolation[]> {
  const url = page.url();
  if (!/^https?:/.test(url)) return [];
  try {
    // A string is evaluated by the DevTools protocol as it is (no eval() in the page, which the
    // pages' CSP would refuse).
    if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
    const result = (await page.evaluate(
      (tags) =>
        (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } }).axe.run(
          document,
          {
            runOnly: { type: "tag", values: tags },
            resultTypes: ["violations"],
          },
        ),
      WCAG_2_A_AA,
    )) as AxeResult | undefined;
    return (result?.violations ?? []).map((v) => ({
      url,
      rule: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(" ")),
    }));
  } catch (err) {
    // The page went on (a redirect, an auto-submitted form, the test's next click) or closed:
    // the page it went to is checked when it loads.
    if (
      /context was destroyed|Target (page, context or browser )?(has been )?closed|navigat/i.test(String(err))
    ) {
      return [];
    }
    throw err;
  }
}

/** Checks every page of the context after each load; `assertNone()` waits for the checks, then fails on any violation. */
export function watchAccessibility(context: BrowserContext): { assertNone(): Promise<void> } {
  const found: A11yViolation[] = [];
  const running = new Set<Promise<void>>();
  const watch = (page: Page) => {
    page.on("load", () => {
      const check = axeViolations(page)
        .then((violations) => {
          found.push(...violations);
        })
        .catch(() => undefined)
        .finally(() => running.delete(check));
      running.add(check);
    });
  };
  for (const page of context.pages()) watch(page);
  context.on("page", watch);
  return {
    async assertNone() {
      while (running.size > 0) await Promise.allSettled([...running]);
      if (found.length === 0) return;
      const lines = found.map(
        (v) =>
          `- ${v.rule} (${v.impact ?? "?"}) on ${v.url}: ${v.help} — ${v.targets.slice(0, 5).join(", ")}`,
      );
      throw new Error(`axe-core found WCAG 2 A/AA violations:\n${[...new Set(lines)].join("\n")}`);
    },
  };
}
