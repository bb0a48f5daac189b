/**
 * JSON text laid out the way the project's formatter (Biome) lays it out, so that the committed
 * results file passes `npm run lint` as written: objects one key per line, arrays of plain
 * values on one line when that line fits in 110 columns.
 */
const LINE_WIDTH = 110;
const INDENT = "  ";

export function toJsonText(value: unknown): string {
  return `${layout(value, "", 0, false)}\n`;
}

function isPlainValue(value: unknown): boolean {
  return value === null || typeof value !== "object";
}

/** `column` is where the value starts on its line; `comma` says whether a comma follows it. */
function layout(value: unknown, indent: string, column: number, comma: boolean): string {
  if (isPlainValue(value)) return JSON.stringify(value) ?? "null";
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every(isPlainValue)) {
      const oneLine = `[${value.map((v) => JSON.stringify(v) ?? "null").join(", ")}]`;
      if (column + oneLine.length + (comma ? 1 : 0) <= LINE_WIDTH) return oneLine;
    }
    const items = value.map(
      (item, i) => `${inner}${layout(item, inner, inner.length, i < value.length - 1)}`,
    );
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([key, v], i) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    return `${head}${layout(v, inner, head.length, i < entries.length - 1)}`;
  });
  return `{\n${lines.join(",\n")}\n${indent}}`;
}
