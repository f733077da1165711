import { entryContentHash } from './content';
import { shortHash } from './hash';
import { ids } from './ids';
import { normalizeText } from './normalize';

describe('normalizeText', () => {
  test.each([
    ['  Putin\n\nempfängt  ', 'putin empfängt'],
    ['„Harte Antwort“', '"harte antwort"'],
    ['Nord\u2013Korea', 'nord-korea'],
    ['\uFB01nal', 'final'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe('shortHash', () => {
  test('length-prefixing keeps part boundaries', () => {
    expect(shortHash(['ab', 'c'])).not.toBe(shortHash(['a', 'bc']));
  });
  test('is stable', () => {
    expect(shortHash(['x'])).toBe(shortHash(['x']));
    expect(shortHash(['x'])).toHaveLength(16);
  });
});

describe('entryContentHash', () => {
  test('ignores whitespace and case, not words', () => {
    const a = entryContentHash({ headline: 'Titel', text: 'Ein Satz.\n\nZweiter Satz.' });
    expect(entryContentHash({ headline: 'titel', text: 'Ein  Satz. Zweiter Satz. ' })).toBe(a);
    expect(entryContentHash({ headline: 'Titel', text: 'Ein Satz. Dritter Satz.' })).not.toBe(a);
  });
});

describe('ids.snapshot', () => {
  test('names the transition, so a revert is a new snapshot', () => {
    const a = ids.snapshot('src', null, 'A');
    expect(ids.snapshot('src', null, 'A')).toBe(a);
    expect(ids.snapshot('src', 'B', 'A')).not.toBe(a);
  });
});
