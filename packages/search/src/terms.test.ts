import { searchTerms } from './terms';

describe('searchTerms', () => {
  test.each([
    ['case, umlauts and ß fold', 'Außenministerin', 'aussenministerin'],
    ['inflections share a stem', 'Soldaten', 'soldat'],
    ['plural and singular meet', 'Kämpfe', 'kampf'],
    ['verbs meet their noun', 'kämpfen', 'kampf'],
  ])('%s: %s', (_name, word, term) => {
    expect(searchTerms(word)).toEqual([term]);
  });

  test('stopwords, one-letter words and repeats are dropped; numbers stay', () => {
    expect(searchTerms('Die Zahl der Soldaten, der Soldaten: 11.000 in Kursk (a)')).toEqual(['zahl', 'soldat', '11', '000', 'kursk']);
  });

  test('a query matches the text it came from', () => {
    const text = 'Russlands Präsident Wladimir Putin empfing im Kreml erneut Nordkoreas Außenministerin.';
    const stored = new Set(searchTerms(text));
    for (const term of searchTerms('AUSSENMINISTERIN Putins Kreml')) expect(stored.has(term)).toBe(true);
  });

  test('punctuation-only input has no terms', () => {
    expect(searchTerms(' – … !')).toEqual([]);
  });
});
