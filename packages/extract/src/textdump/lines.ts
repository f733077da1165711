/** Whitespace other than single spaces: tabs, no-break spaces, runs. */
const UNTIDY_SPACE = /[^\S ]| {2}/;

/**
 * The units of a text dump: its non-empty lines, whitespace collapsed. In the dumps a paragraph, a
 * headline, a caption or a commenter's name each sit on their own line, while blank lines separate
 * them only most of the time (a title and its caption may share a block), so lines, not blocks, are
 * the units.
 */
export function splitUnits(body: string): string[] {
  const text = body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
  const units: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    // Most lines are clean; rewriting every one of them costs more than the test.
    const unit = UNTIDY_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
    if (unit !== '') units.push(unit);
  }
  return units;
}

/** Closing quotes and brackets, which stand after a sentence's final punctuation ("sehr.“"). */
const CLOSERS = new Set(['"', "'", '\u201c', '\u201d', '\u2019', '\u00bb', '\u00ab', ')', ']']);

/** The last character of a unit that is not a closing quote or bracket ("sehr.“" → "."). */
export function lastSignificantChar(unit: string): string {
  let i = unit.length - 1;
  while (i >= 0 && CLOSERS.has(unit[i] ?? '')) i--;
  return unit[i] ?? '';
}

export function wordCount(unit: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < unit.length; i++) {
    const space = unit.charCodeAt(i) === 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
