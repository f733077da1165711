import { addCounts, headlineRecall, normalizeHeadline, snippetCounts, snippetScores, tokenF1, tokenOverlap, tokenize, wcxbWordF1, wcxbWordOverlap } from './score';

describe('tokenize', () => {
  test.each([
    ['', []],
    ['  \n\t ', []],
    ['Hello, World!', ['hello', 'world']],
    ['Größe ÄNDERT sich', ['größe', 'ändert', 'sich']],
    ['12:30 Uhr — 3,5 %', ['12', '30', 'uhr', '3', '5']],
    ['u\u0308ber', ['über']],
    ['Дождь идёт', ['дождь', 'идёт']],
    ['Liveticker+++Neu', ['liveticker', 'neu']],
  ])('%j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
});

describe('tokenF1', () => {
  test.each([
    ['identical', 'the quick fox', 'the quick fox', 1],
    ['case and punctuation ignored', 'The quick, fox.', 'the quick fox', 1],
    ['order ignored', 'fox quick the', 'the quick fox', 1],
    ['both empty', '', '', 1],
    ['empty prediction', '', 'the fox', 0],
    ['empty truth', 'the fox', '', 0],
    ['disjoint', 'a b', 'c d', 0],
    // precision 2/4, recall 2/2
    ['extra words', 'a b c d', 'a b', 2 / 3],
    // multiset: truth has "a" once, so the second predicted "a" is wrong: precision 1/2, recall 1/1
    ['repeats count once each', 'a a', 'a', 2 / 3],
    // precision 1/1, recall 1/3
    ['missing words', 'a', 'a b c', 0.5],
  ])('%s', (_name, predicted, truth, f1) => {
    expect(tokenF1(predicted, truth)).toBeCloseTo(f1, 10);
  });
});

describe('tokenOverlap: the precision and recall behind tokenF1', () => {
  test.each([
    ['both empty', '', '', 1, 1],
    ['empty prediction', '', 'the fox', 0, 0],
    ['disjoint', 'a b', 'c d', 0, 0],
    ['extra words lower precision', 'a b c d', 'a b', 0.5, 1],
    ['missing words lower recall', 'a', 'a b c', 1, 1 / 3],
    ['repeats count once each', 'a a', 'a', 0.5, 1],
  ])('%s', (_name, predicted, truth, precision, recall) => {
    const overlap = tokenOverlap(predicted, truth);
    expect(overlap.precision).toBeCloseTo(precision, 10);
    expect(overlap.recall).toBeCloseTo(recall, 10);
    expect(overlap.f1).toBeCloseTo(tokenF1(predicted, truth), 10);
  });

  test('wcxbWordOverlap splits words as WCXB does', () => {
    const overlap = wcxbWordOverlap("isn't it", 'isn t it or');
    expect(overlap.precision).toBeCloseTo(1, 10);
    expect(overlap.recall).toBeCloseTo(3 / 4, 10);
    expect(overlap.f1).toBeCloseTo(wcxbWordF1("isn't it", 'isn t it or'), 10);
  });
});

describe('headlineRecall', () => {
  test.each([
    ['all found', ['Alpha beta', 'Gamma'], ['alpha  beta!', 'gamma'], 1],
    ['half found', ['Alpha beta'], ['Alpha beta', 'Gamma'], 0.5],
    ['nulls skipped', [null, 'Gamma'], ['Alpha', 'Gamma'], 0.5],
    ['none predicted', [], ['Alpha'], 0],
    ['no truth headlines', ['Alpha'], [], 1],
    ['blank truth headline ignored', [], ['  ', '---'], 1],
    ['partial headline is not a match', ['Alpha'], ['Alpha beta'], 0],
    ['duplicates in truth each count', ['Alpha'], ['Alpha', 'Alpha', 'Beta', 'Gamma'], 0.5],
  ])('%s', (_name, predicted, truth, recall) => {
    expect(headlineRecall(predicted, truth)).toBeCloseTo(recall, 10);
  });

  test('normalizeHeadline collapses case, punctuation and spacing', () => {
    expect(normalizeHeadline('  +++ Eil: Neue   LAGE +++ ')).toBe('eil neue lage');
  });
});

describe('wcxbWordF1', () => {
  test.each([
    ['identical', 'The quick fox', 'the quick fox', 1],
    // \w keeps the underscore and splits at the apostrophe, as Python's re does
    ['underscore and apostrophe', "snake_case isn't", 'snake_case isn t', 1],
    // no normalization: a decomposed umlaut splits where Python's \w+ splits it
    ['decomposed mark splits', 'u\u0308ber', 'u ber', 1],
    ['empty prediction', '', 'a', 0],
    ['extra words', 'a b c d', 'a b', 2 / 3],
  ])('%s', (_name, predicted, truth, f1) => {
    expect(wcxbWordF1(predicted, truth)).toBeCloseTo(f1, 10);
  });
});

describe('snippets', () => {
  test('with found, with missed and without found count as TP, FN and FP, whitespace collapsed', () => {
    const counts = snippetCounts('Body  text\nruns on.\n\nShare this', ['body text runs', 'Body text\n runs on', 'missing part'], ['Share this', 'Newsletter']);
    // "body text runs" differs in case: the match is exact apart from whitespace
    expect(counts).toEqual({ truePositives: 1, falseNegatives: 2, falsePositives: 1 });
  });

  test('scores pool the counts of all pages', () => {
    const pooled = addCounts({ truePositives: 3, falseNegatives: 1, falsePositives: 0 }, { truePositives: 1, falseNegatives: 1, falsePositives: 2 });
    const { precision, recall, f1 } = snippetScores(pooled);
    expect(precision).toBeCloseTo(4 / 6, 10);
    expect(recall).toBeCloseTo(4 / 6, 10);
    expect(f1).toBeCloseTo(4 / 6, 10);
  });

  test('nothing to count is no error', () => {
    expect(snippetScores({ truePositives: 0, falseNegatives: 0, falsePositives: 0 })).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(snippetScores({ truePositives: 0, falseNegatives: 2, falsePositives: 1 }).f1).toBe(0);
  });
});
