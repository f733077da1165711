/** A JSON-LD node: any JSON object. Values stay `unknown` until a reader narrows them. */
export type JsonLdNode = Readonly<Record<string, unknown>>;

export function isNode(value: unknown): value is JsonLdNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Wrappers some CMSs leave around the JSON: HTML comments, CDATA markers, a trailing semicolon. */
const WRAPPER = /^\s*(?:<!--|\/\*\s*<!\[CDATA\[\s*\*\/|<!\[CDATA\[)|(?:-->|\/\*\s*\]\]>\s*\*\/|\]\]>|;)\s*$/g;

/**
 * Every node of every JSON-LD script, top-level arrays and `@graph` lists flattened, in page order.
 * A block that is not valid JSON is skipped: one broken script must not cost the page its other data.
 */
export function parseJsonLd(scripts: readonly string[]): JsonLdNode[] {
  const nodes: JsonLdNode[] = [];
  for (const script of scripts) {
    let data: unknown;
    try {
      data = JSON.parse(script.replace(WRAPPER, ''));
    } catch {
      continue;
    }
    flatten(data, nodes, 0);
  }
  return nodes;
}

/** Real JSON-LD nests a graph in an array or two; deeper nesting is a bomb, not data. */
const MAX_NESTING = 16;

function flatten(data: unknown, out: JsonLdNode[], depth: number): void {
  if (depth > MAX_NESTING) return;
  if (Array.isArray(data)) {
    for (const item of data) flatten(item, out, depth + 1);
    return;
  }
  if (!isNode(data)) return;
  out.push(data);
  if ('@graph' in data) flatten(data['@graph'], out, depth + 1);
}

/** The node's types without vocabulary prefix ("schema:NewsArticle", "http://schema.org/NewsArticle"). */
export function typesOf(node: JsonLdNode): string[] {
  const raw = node['@type'];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.slice(Math.max(t.lastIndexOf('/'), t.lastIndexOf(':')) + 1));
}

export function hasType(node: JsonLdNode, types: ReadonlySet<string>): boolean {
  return typesOf(node).some((t) => types.has(t));
}
