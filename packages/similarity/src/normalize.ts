import { finishWordHash, fnv1aStep, hashWord32, WORD_SEED_LO } from './token-hash';

/**
 * Agency credits differ between outlets carrying the same copy ("(dpa)", "(dts/dpa/red)", "(AFP)"),
 * so they must not count as content. Matched after lower-casing.
 */
const AGENCY_CREDIT = /\((?:[a-z]{2,5}\/)*[a-z]{2,5}\)/g;
/**
 * "11.000" and "11000" are the same number; decimal commas fold the same way, and so does the Swiss
 * apostrophe in any of its typographic forms.
 */
const DIGIT_GROUPING = /(\d)[.,'\u2018\u2019\u201a\u2039\u203a](?=\d)/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Word-character class per UTF-16 code unit, filled on first sight: splitting on a \p{L} regex costs
 * more than everything else in a fingerprint put together. Surrogates count as separators (emoji).
 */
const wordCharClass = new Uint8Array(0x10000);
const UNKNOWN = 0;
const WORD = 1;
const SEPARATOR = 2;

function isWordChar(code: number): boolean {
  let known = wordCharClass[code];
  if (known === UNKNOWN) {
    known = WORD_CHAR.test(String.fromCharCode(code)) ? WORD : SEPARATOR;
    wordCharClass[code] = known;
  }
  return known === WORD;
}

/**
 * Function words carry no story but make up much of German text: dropping them keeps a one-word
 * edit from touching as many shingles and makes shingles denser in content.
 */
export const STOPWORDS = new Set([
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'einer', 'eines',
  'und', 'oder', 'in', 'im', 'an', 'am', 'auf', 'zu', 'zum', 'zur', 'von', 'vom', 'mit', 'für',
  'bei', 'nach', 'aus', 'ist', 'sind', 'war', 'hat', 'haben', 'sei', 'es', 'sich', 'nicht', 'auch',
  'dass', 'als', 'wie', 'so', 'er', 'sie', 'wir',
]);

/**
 * What similarity folds before splitting into words: Unicode form, case, agency credits and digit
 * grouping. Quotes, dashes and whitespace need no folding here (normalizeText in @liveblog/fingerprint
 * does it for keys): they separate words either way, and skipping those passes halves a fingerprint's cost.
 */
function foldForSimilarity(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(AGENCY_CREDIT, ' ').replace(DIGIT_GROUPING, '$1');
}

/**
 * Stopwords by hash, as signed integers like the scanner's hashes below (unsigned values of 2^31 and
 * more would be boxed doubles). None of the 46 collide; a word whose hash matches is then compared in
 * place, without slicing it out.
 */
const STOPWORD_BY_HASH = new Map([...STOPWORDS].map((word) => [hashWord32(word, WORD_SEED_LO) | 0, word]));

/**
 * Calls `visit` with the bounds and the 32-bit hash (hashWord32 with WORD_SEED_LO, as a signed integer
 * to stay off the heap) of each content word of the folded text, in order. Hashing while scanning
 * spares a string per word.
 */
function forEachContentWord(folded: string, visit: (start: number, end: number, hash: number) => void): void {
  let start = -1;
  let state = WORD_SEED_LO;
  for (let i = 0; i <= folded.length; i++) {
    const code = i < folded.length ? folded.charCodeAt(i) : 0x20;
    if (i < folded.length && isWordChar(code)) {
      if (start < 0) {
        start = i;
        state = WORD_SEED_LO;
      }
      state = fnv1aStep(state, code);
    } else if (start >= 0) {
      const hash = finishWordHash(state, WORD_SEED_LO) | 0;
      const stopword = STOPWORD_BY_HASH.get(hash);
      if (stopword === undefined || stopword.length !== i - start || !folded.startsWith(stopword, start)) visit(start, i, hash);
      start = -1;
    }
  }
}

/** The content words of a text, in order: what near-duplicate shingles are built from. */
export function similarityTokens(text: string): string[] {
  const folded = foldForSimilarity(text);
  const tokens: string[] = [];
  forEachContentWord(folded, (start, end) => tokens.push(folded.slice(start, end)));
  return tokens;
}

/** The 32-bit hashes of the content words of a text, in order: similarityTokens without the strings. */
export function contentWordHashes(text: string): Uint32Array {
  let hashes = new Uint32Array(128);
  let count = 0;
  forEachContentWord(foldForSimilarity(text), (_start, _end, hash) => {
    if (count === hashes.length) {
      const grown = new Uint32Array(hashes.length * 2);
      grown.set(hashes);
      hashes = grown;
    }
    hashes[count++] = hash;
  });
  return hashes.subarray(0, count);
}
