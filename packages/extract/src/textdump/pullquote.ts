import { normalizeText } from '@liveblog/fingerprint';
import { hasHeadlineShape } from './headline';
import { lastSignificantChar, wordCount } from './lines';

const MIN_QUOTE_CHARS = 20;
const MAX_QUOTE_CHARS = 250;
const MAX_ATTRIBUTION_CHARS = 100;
/** How far from a pull quote the quoted paragraph may stand. Bounds the work to a constant per unit. */
const WINDOW = 12;

const TRAILING = new Set([' ', '.', '!', '?', '…']);

/** A quote's words without quotation marks, trailing punctuation or spacing differences. */
function fold(text: string): string {
  const folded = normalizeText(text).replace(/["']/g, '');
  // A loop, not /[.!? ]+$/: that regex backtracks quadratically over long runs of dots and spaces.
  let end = folded.length;
  while (end > 0 && TRAILING.has(folded[end - 1] ?? '')) end--;
  return folded.slice(0, end);
}

/**
 * The quote's longest word but the first, as printed. A paragraph that repeats the quote contains it
 * verbatim, so paragraphs without it need not be normalized and compared at all.
 */
function probeWord(quote: string): string {
  const words = quote.match(/\p{L}+/gu) ?? [];
  return words.slice(1).reduce((longest, word) => (word.length > longest.length ? word : longest), '');
}

function isQuoteShaped(unit: string): boolean {
  return (
    unit.length >= MIN_QUOTE_CHARS &&
    unit.length <= MAX_QUOTE_CHARS &&
    ['.', '!', '?', '…'].includes(lastSignificantChar(unit))
  );
}

/** "Sergej Schoigu, russischer Verteidigungsminister": a name, maybe a role, no sentence. */
function isAttributionShaped(unit: string): boolean {
  return unit.length <= MAX_ATTRIBUTION_CHARS && wordCount(unit) <= 8 && hasHeadlineShape(unit);
}

/**
 * Drops pull quotes with their attribution line. A pull quote repeats a sentence of a nearby
 * paragraph in large type, followed by who said it. Shape alone would also match a one-sentence
 * paragraph followed by a headline, so the quote must also be found in a paragraph nearby.
 */
export function dropPullQuotes(units: readonly string[]): string[] {
  const folded = new Map<number, string>();
  const foldedAt = (i: number): string => {
    let f = folded.get(i);
    if (f === undefined) {
      f = fold(units[i] ?? '');
      folded.set(i, f);
    }
    return f;
  };
  const isRepeatedNearby = (i: number): boolean => {
    const unit = units[i] ?? '';
    const quote = foldedAt(i);
    if (quote.length < MIN_QUOTE_CHARS) return false;
    const probe = probeWord(unit);
    const from = Math.max(0, i - WINDOW);
    const to = Math.min(units.length - 1, i + 1 + WINDOW);
    for (let j = from; j <= to; j++) {
      if (j === i || j === i + 1) continue;
      const other = units[j] ?? '';
      if (other.length > unit.length && other.includes(probe) && foldedAt(j).includes(quote)) return true;
    }
    return false;
  };

  const kept: string[] = [];
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] ?? '';
    const attribution = units[i + 1];
    if (attribution !== undefined && isQuoteShaped(unit) && isAttributionShaped(attribution) && isRepeatedNearby(i)) {
      i++;
      continue;
    }
    kept.push(unit);
  }
  return kept;
}
