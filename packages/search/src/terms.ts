import { newStemmer } from 'snowball-stemmers';

const german = newStemmer('german');

/** Words too common to narrow a search; dropping them keeps the stored term arrays short. */
const STOPWORDS: ReadonlySet<string> = new Set(
  ('aber als am an auch auf aus bei bis da dann das dass dem den der des die dies doch dort du durch ein eine einem einen einer eines er es für hat hatte ' +
    'hier ich ihr im in ist ja kein man mit nach nicht noch nun nur ob oder sei sich sie sind so über um und uns von vor war was wie wir wird zu zum zur')
    .split(' '),
);

const FOLD: Record<string, string> = { ä: 'a', ö: 'o', ü: 'u', ß: 'ss' };

/**
 * Known limits of Snowball's German stemmer: transliterations (ae/oe/ue) are not folded into umlauts,
 * and a genitive s after a vowel stays ("Nordkoreas" is not "Nordkorea").
 *
 * The search terms of a text: lower-cased, split into words, common words dropped, reduced to their
 * German stem, with umlauts and ß folded, without repeats. Queries go through the same function, so
 * "Außenministerin", "aussenministerin" and "Außenministerinnen" find each other.
 */
export function searchTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const word of text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    terms.add(german.stem(word).replace(/[äöüß]/g, (c) => FOLD[c]!));
  }
  return [...terms];
}
