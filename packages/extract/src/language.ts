/** Words so frequent that a few hundred words of text always contain several of them. */
const STOPWORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  de: new Set(
    'der die das und nicht ist mit den dem des von sich auf für eine ein auch nach wird wurde'.split(' '),
  ),
  en: new Set(
    'the and not is with of to that for was are has have from this will said were been which'.split(' '),
  ),
};

const SAMPLE_CHARS = 5000;
const MIN_HITS = 3;

/**
 * The language of a text by counting stopwords in its first few thousand characters; null when no
 * language wins clearly. Cheap and good enough to tell the German and English pages we ingest apart.
 */
export function detectLanguage(text: string): string | null {
  const words = text.slice(0, SAMPLE_CHARS).toLowerCase().match(/\p{L}+/gu) ?? [];
  let best: string | null = null;
  let bestHits = 0;
  let runnerUp = 0;
  for (const [language, stopwords] of Object.entries(STOPWORDS)) {
    const hits = words.filter((word) => stopwords.has(word)).length;
    if (hits > bestHits) {
      runnerUp = bestHits;
      best = language;
      bestHits = hits;
    } else if (hits > runnerUp) {
      runnerUp = hits;
    }
  }
  return bestHits >= MIN_HITS && bestHits >= 2 * runnerUp ? best : null;
}
