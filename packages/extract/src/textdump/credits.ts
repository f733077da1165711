/** Agency codes as pages print them, mapped to the code the contract stores. */
const AGENCIES: ReadonlyMap<string, string> = new Map([
  ['afp', 'afp'],
  ['ap', 'ap'],
  ['apa', 'apa'],
  ['ddp', 'ddp'],
  ['dpa', 'dpa'],
  ['dpa-afx', 'dpa-afx'],
  ['afx', 'afx'],
  ['dts', 'dts'],
  ['epd', 'epd'],
  ['kna', 'kna'],
  ['rtr', 'rtr'],
  ['reuters', 'rtr'],
  ['sid', 'sid'],
  ['efe', 'efe'],
  ['ansa', 'ansa'],
]);

/** "Redaktion": the newsroom's own share of a credit. Stripped with the credit, but not an agency. */
const NEWSROOM = 'red';

/**
 * Up to five short codes between "/" or ",", as credits have ("dts/dpa/red"); anything else in
 * parentheses is prose. Credits also carry editors' or regional desks' initials ("dpa/lby"): those are
 * accepted, then stripped rather than kept as agencies.
 */
const CREDIT_BODY = /^\s*[a-z][a-z-]{0,11}\s*(?:[/,]\s*[a-z][a-z-]{0,11}\s*){0,4}$/i;
/** Bounds the text handed to the regex: five codes with separators fit easily. */
const MAX_CREDIT_CHARS = 80;

export interface Credit {
  /** The paragraph without its credit. Empty when the credit stood on a line of its own. */
  text: string;
  /** Lower-case agency codes in credit order, without duplicates; [] for a newsroom-only credit. */
  agencies: string[];
}

/**
 * Splits a closing agency credit such as "(afp)", "(AFP)" or "(dts/dpa/red)" off a paragraph.
 * Returns null when the paragraph does not end in one. A parenthesis counts as a credit only if one
 * of its parts is a known agency or the newsroom, so "(USA)" or "(Video)" stay in the text.
 */
export function splitCredit(paragraph: string): Credit | null {
  const end = paragraph.trimEnd();
  if (!end.endsWith(')')) return null;
  const open = end.lastIndexOf('(');
  if (open < 0 || end.length - open > MAX_CREDIT_CHARS) return null;
  const inner = end.slice(open + 1, -1);
  if (!CREDIT_BODY.test(inner)) return null;
  const parts = inner.split(/[/,]/).map((p) => p.trim().toLowerCase());
  if (!parts.some((p) => AGENCIES.has(p) || p === NEWSROOM)) return null;
  const agencies: string[] = [];
  for (const part of parts) {
    const code = AGENCIES.get(part);
    if (code !== undefined && !agencies.includes(code)) agencies.push(code);
  }
  return { text: end.slice(0, open).trimEnd(), agencies };
}
