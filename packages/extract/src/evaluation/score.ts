/**
 * Scores for comparing extracted text with ground truth. Bag-of-words measures are used because
 * extractors disagree on paragraph boundaries and whitespace, which should not count as errors.
 */

// Marks stay inside words so that decomposed umlauts (u + U+0308) do not split a word in two.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Lower-cased word tokens: runs of Unicode letters, marks and digits; everything else separates. */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(WORD) ?? [];
}

/**
 * F1 of the multiset overlap of tokens: a word that occurs twice in the truth must be predicted twice.
 * Two empty texts agree perfectly; an empty text against a non-empty one scores 0.
 */
export function tokenF1(predicted: string, truth: string): number {
  const predictedTokens = tokenize(predicted);
  const truthTokens = tokenize(truth);
  if (predictedTokens.length === 0 && truthTokens.length === 0) return 1;
  if (predictedTokens.length === 0 || truthTokens.length === 0) return 0;

  const remaining = new Map<string, number>();
  for (const token of truthTokens) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let overlap = 0;
  for (const token of predictedTokens) {
    const left = remaining.get(token) ?? 0;
    if (left > 0) {
      overlap += 1;
      remaining.set(token, left - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / predictedTokens.length;
  const recall = overlap / truthTokens.length;
  return (2 * precision * recall) / (precision + recall);
}

/** A headline's comparable form: its tokens joined by single spaces (case, punctuation and spacing ignored). */
export function normalizeHeadline(headline: string): string {
  return tokenize(headline).join(' ');
}

/**
 * Share of ground-truth headlines that some predicted headline equals after normalization. Missing
 * predicted headlines (null) are skipped. A truth without headlines has nothing to miss and scores 1,
 * so averages over pages should leave such pages out.
 */
export function headlineRecall(predicted: (string | null)[], truth: string[]): number {
  const wanted = truth.map(normalizeHeadline).filter((headline) => headline !== '');
  if (wanted.length === 0) return 1;
  const found = new Set(predicted.flatMap((headline) => (headline === null ? [] : [normalizeHeadline(headline)])));
  return wanted.filter((headline) => found.has(headline)).length / wanted.length;
}
