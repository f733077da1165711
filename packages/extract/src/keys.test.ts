import { normalizeText, shortHash } from '@liveblog/fingerprint';
import { entryKey, openingWords, uniqueKeys } from './keys';

describe('entryKey', () => {
  test('an entry with a headline is keyed by the normalized headline', () => {
    const key = entryKey({ headline: 'Putin  empfängt Gäste', borrowedHeadline: false, text: 'Egal.' });
    expect(key).toBe(shortHash([normalizeText('Putin empfängt Gäste')]));
    expect(entryKey({ headline: 'putin empfängt gäste', borrowedHeadline: false, text: 'Anders.' })).toBe(key);
  });

  test('without a headline the opening words decide, not later edits or punctuation', () => {
    const text = 'Die Bahn stellt den Fernverkehr ein, sagte ein Sprecher am Morgen. Weitere Details folgen.';
    const key = entryKey({ headline: null, borrowedHeadline: false, text });
    expect(entryKey({ headline: null, borrowedHeadline: false, text: text.replace('Weitere Details folgen.', 'Korrigiert.') })).toBe(key);
    expect(entryKey({ headline: null, borrowedHeadline: false, text: text.replace('ein, sagte', 'ein – sagte') })).toBe(key);
    expect(entryKey({ headline: null, borrowedHeadline: false, text: `Neu: ${text}` })).not.toBe(key);
  });

  test('a borrowed headline does not feed the key', () => {
    const text = 'Ein Absatz ohne eigene Überschrift.';
    expect(entryKey({ headline: 'Top-Thema', borrowedHeadline: true, text })).toBe(
      entryKey({ headline: null, borrowedHeadline: false, text }),
    );
  });

  test('a headline and opening words that read the same give different keys', () => {
    expect(entryKey({ headline: 'Kurz gemeldet', borrowedHeadline: false, text: 'x.' })).not.toBe(
      entryKey({ headline: null, borrowedHeadline: false, text: 'Kurz gemeldet' }),
    );
  });

  test('text of punctuation only still has a key', () => {
    expect(entryKey({ headline: null, borrowedHeadline: false, text: '…' })).toMatch(/^[0-9a-f]{16}$/);
  });
});

test('openingWords', () => {
  expect(openingWords('„Wir sind vorbereitet“, sagte der Landrat am Nachmittag in Husum vor Journalisten.')).toBe(
    'wir sind vorbereitet sagte der landrat am nachmittag',
  );
});

test('uniqueKeys suffixes repeats in page order', () => {
  expect(uniqueKeys(['a', 'b', 'a', 'a', 'b'])).toEqual(['a', 'b', 'a-2', 'a-3', 'b-2']);
});
