/**
 * Reading the service's own pages. The check depends only on the markers the pages keep as a
 * contract (data-error-code, data-cause, data-fix, data-trace-id, data-nameid, data-claim,
 * data-aadsts, data-sign-in-form, data-saml-response-form, #sso-button), not on wording or layout.
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith("#x") || ref.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** Text content of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The value of an attribute inside one start tag. */
export function attributeOf(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${escapeRegExp(name)}="([^"]*)"`, "i").exec(tag);
  return match ? decodeEntities(match[1] ?? "") : null;
}

/** The first element carrying `marker` (an attribute name): its start tag and its text. */
export function elementWith(html: string, marker: string): { tag: string; text: string } | null {
  const start = new RegExp(`<([a-z0-9]+)\\b[^>]*\\s${escapeRegExp(marker)}(?==|\\s|>)[^>]*>`, "i").exec(html);
  if (!start) return null;
  const tagName = start[1] ?? "";
  const rest = html.slice(start.index + start[0].length);
  const end = rest.search(new RegExp(`</${tagName}>`, "i"));
  return { tag: start[0], text: textOf(end >= 0 ? rest.slice(0, end) : "") };
}

/** Every element carrying `marker`, in document order. */
export function elementsWith(html: string, marker: string): Array<{ tag: string; text: string }> {
  const found: Array<{ tag: string; text: string }> = [];
  let rest = html;
  for (;;) {
    const element = elementWith(rest, marker);
    if (!element) return found;
    found.push(element);
    rest = rest.slice(rest.indexOf(element.tag) + element.tag.length);
  }
}

export interface HtmlForm {
  action: string;
  fields: Record<string, string>;
}

/** The first form whose markup (start tag or content) contains `marker`, with its hidden inputs. */
export function formWith(html: string, marker: string): HtmlForm | null {
  for (const match of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/gi)) {
    const [whole, body = ""] = match;
    if (!whole.includes(marker)) continue;
    const fields: Record<string, string> = {};
    for (const input of body.match(/<input\b[^>]*>/gi) ?? []) {
      const name = attributeOf(input, "name");
      if (name && attributeOf(input, "type") === "hidden") fields[name] = attributeOf(input, "value") ?? "";
    }
    const startTag = /<form\b[^>]*>/i.exec(whole)?.[0] ?? "";
    return { action: attributeOf(startTag, "action") ?? "", fields };
  }
  return null;
}
