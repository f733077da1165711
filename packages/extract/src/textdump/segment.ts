import type { ParsedEntry } from '../document';
import { splitCredit } from './credits';
import { isHeadline } from './headline';

/**
 * Cuts body units into entries. An entry starts at a headline, or at the first paragraph after an
 * entry was closed by its agency credit; the credit moves from the text into `agencies`.
 */
export function segmentEntries(units: readonly string[]): ParsedEntry[] {
  const entries: ParsedEntry[] = [];
  let current: ParsedEntry | null = null;
  const close = (): void => {
    if (current && current.paragraphs.length > 0) entries.push(current);
    current = null;
  };

  for (let i = 0; i < units.length; i++) {
    const unit = units[i] ?? '';
    if (isHeadline(unit, units[i + 1])) {
      close();
      current = { headline: unit, borrowedHeadline: false, paragraphs: [], agencies: [] };
      continue;
    }
    const credit = splitCredit(unit);
    current ??= { headline: null, borrowedHeadline: false, paragraphs: [], agencies: [] };
    const text = credit ? credit.text : unit;
    if (text !== '') current.paragraphs.push(text);
    if (credit) {
      current.agencies = credit.agencies;
      close();
    }
  }
  close();
  return entries;
}
