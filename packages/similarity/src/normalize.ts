import { normalizeText } from '@liveblog/fingerprint';

/**
 * Agency credits differ between outlets carrying the same copy ("(dpa)", "(dts/dpa/red)", "(AFP)"),
 * so they must not count as content. Matched after lower-casing.
 */
const AGENCY_CREDIT = /\((?:[a-z]{2,5}\/)*[a-z]{2,5}\)/g;
/** "11.000" and "11000" are the same number; decimal commas fold the same way. */
const DIGIT_GROUPING = /(\d)[.,'](?=\d)/g;
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
const STOPWORDS = new Set([
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'einer', 'eines',
  'und', 'oder', 'in', 'im', 'an', 'am', 'auf', 'zu', 'zum', 'zur', 'von', 'vom', 'mit', 'für',
  'bei', 'nach', 'aus', 'ist', 'sind', 'war', 'hat', 'haben', 'sei', 'es', 'sich', 'nicht', 'auch',
  'dass', 'als', 'wie', 'so', 'er', 'sie', 'wir',
]);

/** The content words of a text, in order: what near-duplicate shingles are built from. */
export function similarityTokens(text: string): string[] {
  const folded = normalizeText(text).replace(AGENCY_CREDIT, ' ').replace(DIGIT_GROUPING, '$1');
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    if (i < folded.length && isWordChar(folded.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      const word = folded.slice(start, i);
      if (!STOPWORDS.has(word)) tokens.push(word);
      start = -1;
    }
  }
  return tokens;
}
