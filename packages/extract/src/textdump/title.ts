/** Titles sit at the top; looking further would mistake a repeated paragraph for one. */
const TITLE_SEARCH_UNITS = 8;
const MAX_TITLE_CHARS = 300;
const MIN_TITLE_LETTERS = 10;

/** Letters and digits only: a teaser and a heading of the same title differ in separators. */
function fold(unit: string): string {
  return unit.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface DoubledTitle {
  title: string;
  /** Index of the unit holding the title; everything before it is navigation. */
  index: number;
}

/**
 * Article dumps carry their title twice near the top: as a teaser ("Ukraine-KriegUSA: Kim …", the
 * kicker glued to it) and as the heading ("Ukraine-Krieg / USA: Kim …"). The later copy is the heading
 * and keeps its separators, so it is the title.
 */
export function findDoubledTitle(units: readonly string[]): DoubledTitle | null {
  const seen = new Set<string>();
  const limit = Math.min(units.length, TITLE_SEARCH_UNITS);
  for (let i = 0; i < limit; i++) {
    const unit = units[i] ?? '';
    if (unit.length > MAX_TITLE_CHARS) continue;
    const key = fold(unit);
    if (key.length < MIN_TITLE_LETTERS) continue;
    if (seen.has(key)) return { title: unit, index: i };
    seen.add(key);
  }
  return null;
}
