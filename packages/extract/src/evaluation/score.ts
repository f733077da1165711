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

/** Precision, recall and F1 of a predicted text against the truth. */
export interface Overlap {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * F1 of the multiset overlap of tokens: a word that occurs twice in the truth must be predicted twice.
 * Two empty texts agree perfectly; an empty text against a non-empty one scores 0.
 */
export function tokenF1(predicted: string, truth: string): number {
  return tokenOverlap(predicted, truth).f1;
}

/** tokenF1 with its precision and recall: a low recall is text missed, a low precision text let in. */
export function tokenOverlap(predicted: string, truth: string): Overlap {
  return multisetOverlap(tokenize(predicted), tokenize(truth));
}

// Python's `\w` on text: Unicode letters and digits and the underscore, no marks, no normalization.
const WCXB_WORD = /[\p{L}\p{N}_]+/gu;

/** WCXB's tokens: lower-cased `\w+` runs, as its own scorer takes them (re.findall(r'\w+', text.lower())). */
export function wcxbTokenize(text: string): string[] {
  return text.toLowerCase().match(WCXB_WORD) ?? [];
}

/** WCXB's word F1 of one page: the multiset overlap of its tokens, as tokenF1 but with WCXB's tokenizer. */
export function wcxbWordF1(predicted: string, truth: string): number {
  return wcxbWordOverlap(predicted, truth).f1;
}

/** wcxbWordF1 with its precision and recall. */
export function wcxbWordOverlap(predicted: string, truth: string): Overlap {
  return multisetOverlap(wcxbTokenize(predicted), wcxbTokenize(truth));
}

function multisetOverlap(predictedTokens: readonly string[], truthTokens: readonly string[]): Overlap {
  if (predictedTokens.length === 0 && truthTokens.length === 0) return { precision: 1, recall: 1, f1: 1 };
  if (predictedTokens.length === 0 || truthTokens.length === 0) return { precision: 0, recall: 0, f1: 0 };

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
  if (overlap === 0) return { precision: 0, recall: 0, f1: 0 };
  const precision = overlap / predictedTokens.length;
  const recall = overlap / truthTokens.length;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

/** Snippet counts as trafilatura's evaluation keeps them, summed over pages before P/R/F1 are taken. */
export interface SnippetCounts {
  /** `with` snippets found. */
  truePositives: number;
  /** `with` snippets missed. */
  falseNegatives: number;
  /** `without` snippets found. */
  falsePositives: number;
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * One page's counts: each `with` passage found in the extracted text is a true positive, each missed a
 * false negative; each `without` passage found is a false positive. Whitespace is collapsed on both
 * sides, as extractors differ in line breaks; the match is otherwise exact.
 */
export function snippetCounts(extracted: string, wanted: readonly string[], unwanted: readonly string[]): SnippetCounts {
  const text = collapse(extracted);
  const found = (snippet: string): boolean => text.includes(collapse(snippet));
  const hits = wanted.filter(found).length;
  return { truePositives: hits, falseNegatives: wanted.length - hits, falsePositives: unwanted.filter(found).length };
}

export function addCounts(a: SnippetCounts, b: SnippetCounts): SnippetCounts {
  return {
    truePositives: a.truePositives + b.truePositives,
    falseNegatives: a.falseNegatives + b.falseNegatives,
    falsePositives: a.falsePositives + b.falsePositives,
  };
}

/** Precision, recall and F1 over counts; a ratio with nothing to count is 1 (nothing was wrong). */
export function snippetScores(counts: SnippetCounts): Overlap {
  const { truePositives: tp, falseNegatives: fn, falsePositives: fp } = counts;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
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
