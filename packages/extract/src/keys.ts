import { normalizeText, shortHash } from '@liveblog/fingerprint';

/** Enough words to tell entries apart, few enough that corrections further down keep the key. */
const KEY_WORDS = 8;
/** Raw tokens to look at: more than KEY_WORDS because dashes and other punctuation-only tokens drop out. */
const KEY_TOKENS = 2 * KEY_WORDS;
/** Where the opening words are looked for; normalizing whole entries is the costliest step on big pages. */
const KEY_SOURCE_CHARS = 300;

/** The opening words of a text, normalized and without punctuation, so that fixing a comma keeps the key. */
export function openingWords(text: string): string {
  const head = text.slice(0, KEY_SOURCE_CHARS).trimStart().split(/\s+/, KEY_TOKENS).join(' ');
  const words = normalizeText(head)
    .split(' ')
    .map((word) => word.replace(/[^\p{L}\p{N}]+/gu, ''))
    .filter((word) => word !== '');
  return words.slice(0, KEY_WORDS).join(' ');
}

/**
 * The key of one entry: what is least likely to change when the entry is re-fetched or corrected.
 * That is the page's own id or anchor for the entry when it has one; else the headline when the entry
 * printed one; else the opening words of its text. Each is hashed with its own leading part so that
 * the three never collide.
 */
export function entryKey(entry: { id?: string; headline: string | null; borrowedHeadline: boolean; text: string }): string {
  if (entry.id !== undefined && entry.id !== '') return shortHash(['id', entry.id]);
  if (entry.headline !== null && !entry.borrowedHeadline) return shortHash([normalizeText(entry.headline)]);
  const opening = openingWords(entry.text);
  return shortHash(['text', opening === '' ? normalizeText(entry.text.slice(0, KEY_SOURCE_CHARS)) : opening]);
}

/** Keys in page order, repeated ones suffixed `-2`, `-3`, … so that keys are unique within a page. */
export function uniqueKeys(keys: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return keys.map((key) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}-${n}`;
  });
}
