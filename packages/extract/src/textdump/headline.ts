import { splitCredit } from './credits';
import { lastSignificantChar, wordCount } from './lines';

const MAX_HEADLINE_CHARS = 120;
const MAX_HEADLINE_WORDS = 16;

/**
 * Endings that close a sentence or lead into one. "?" is not among them: German headlines ask
 * questions ("Kommt die Waffenruhe?"). "!" is, because short exclamations in the dumps are quoted
 * calls ("Bleiben Sie in den Schutzräumen!"), not headlines.
 */
const NON_HEADLINE_ENDINGS = new Set(['.', ',', ';', ':', '!', '…', '-', '\u2013']);

/** Whether a line, on its own, could be a headline: short, not a sentence, not a credit. */
export function hasHeadlineShape(unit: string): boolean {
  if (unit.length < 3 || unit.length > MAX_HEADLINE_CHARS) return false;
  if (wordCount(unit) > MAX_HEADLINE_WORDS) return false;
  if (!/\p{L}/u.test(unit)) return false;
  if (NON_HEADLINE_ENDINGS.has(lastSignificantChar(unit))) return false;
  return splitCredit(unit) === null;
}

/** Whether a line reads as body text: a finished sentence, or too long to be anything else. */
export function hasParagraphShape(unit: string): boolean {
  if (unit.length > MAX_HEADLINE_CHARS) return true;
  const text = splitCredit(unit)?.text ?? unit;
  return text !== '' && ['.', '!', '?', '…'].includes(lastSignificantChar(text));
}

/**
 * A headline is told apart from a one-line paragraph by what follows it: a headline introduces body
 * text, so the next unit must read as a paragraph and be longer than the headline itself.
 */
export function isHeadline(unit: string, next: string | undefined): boolean {
  return next !== undefined && hasHeadlineShape(unit) && hasParagraphShape(next) && next.length > unit.length;
}
