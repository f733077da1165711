import { contentWordHashes, similarityTokens, STOPWORDS } from './normalize';
import { hashWord32, WORD_SEED_LO } from './token-hash';

describe('similarityTokens', () => {
  test('folds agency credits, digit grouping, punctuation and stopwords', () => {
    expect(similarityTokens('Die 11.000 Soldaten (dts/dpa/red) sind in Kursk.')).toEqual(['11000', 'soldaten', 'kursk']);
    expect(similarityTokens('„Harte Antwort“ (AFP)')).toEqual(['harte', 'antwort']);
    expect(similarityTokens('Kosten: 1’250’000 Franken – UND ﬁnanziert')).toEqual(['kosten', '1250000', 'franken', 'finanziert']);
  });
});

describe('contentWordHashes', () => {
  test('are the hashes of similarityTokens, without the strings', () => {
    const text =
      'Die Ukraine meldet (AFP) neue Angriffe auf die Energieversorgung im Osten des Landes. In Charkiw fiel der ' +
      'Strom für 11.000 Haushalte aus; „Wir sind nicht sicher“, sagte ein Sprecher. Straße, STRASSE, straße 😀 Ende';
    // Repeated past the first buffer's 128 words, so its growth is covered too.
    for (const sample of [text, text.repeat(8)]) {
      expect([...contentWordHashes(sample)]).toEqual(similarityTokens(sample).map((token) => hashWord32(token, WORD_SEED_LO)));
    }
    expect(contentWordHashes('und die der')).toHaveLength(0);
    // Every stopword is recognised by its hash: two sharing one would let one of them through.
    expect(contentWordHashes([...STOPWORDS].join(' '))).toHaveLength(0);
    // A word that merely starts like a stopword is content.
    expect(similarityTokens('Derby Ending Dieser')).toEqual(['derby', 'ending', 'dieser']);
  });
});
