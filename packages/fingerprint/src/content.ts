import { shortHash } from './hash';
import { normalizeText } from './normalize';

/** What an entry says, with noise folded: two versions with the same value are the same content. */
export function entryContentHash(entry: { headline: string | null; text: string }): string {
  return shortHash([normalizeText(entry.headline ?? ''), normalizeText(entry.text)], 32);
}
