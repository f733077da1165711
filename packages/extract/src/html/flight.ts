/**
 * Pages rendered by Next.js's app router may ship the article only in the React "flight" data that
 * scripts push into `self.__next_f`, not in the markup. Its long texts are rows `id:T<hex byte
 * length>,<text>`; the row holding the most paragraphs is the article's HTML.
 */
const PUSH = /^\s*self\.__next_f\.push\(([\s\S]*)\)\s*;?\s*$/;
const TEXT_ROW = /([0-9a-f]{1,8}):T([0-9a-f]{1,8}),/g;
/** Fewer paragraphs than this are a caption or a teaser, not an article. */
const MIN_PARAGRAPHS = 3;

/** The script bodies that carry flight data, as `readMeta` found them. */
const FLIGHT_START = /^\s*self\.__next_f\.push\(/;

export function isFlightScript(text: string): boolean {
  return FLIGHT_START.test(text);
}

/** The article HTML inside a page's flight data, or null when it holds none. */
export function flightArticleHtml(scripts: readonly string[]): string | null {
  let payload = '';
  for (const script of scripts) {
    const m = PUSH.exec(script);
    if (!m) continue;
    try {
      const pushed: unknown = JSON.parse(m[1] ?? '');
      if (Array.isArray(pushed) && typeof pushed[1] === 'string') payload += pushed[1];
    } catch {
      // A push of something other than a JSON array is not flight text.
    }
  }
  let best: string | null = null;
  let bestCount = MIN_PARAGRAPHS - 1;
  TEXT_ROW.lastIndex = 0;
  for (let m = TEXT_ROW.exec(payload); m !== null; m = TEXT_ROW.exec(payload)) {
    const bytes = Number.parseInt(m[2] ?? '0', 16);
    const start = m.index + m[0].length;
    // The length counts UTF-8 bytes; no character is shorter than a byte, so this slice holds the row.
    const row = Buffer.from(payload.slice(start, start + bytes)).subarray(0, bytes).toString('utf8');
    const count = row.match(/<p[\s>]/g)?.length ?? 0;
    if (count > bestCount) {
      best = row;
      bestCount = count;
    }
  }
  return best;
}
