/** The response headers a page uses to say how long it may be cached. */
export interface CachingHeaders {
  cacheControl: string | null;
  expires: string | null;
  date: string | null;
}

export interface PageHints {
  /** The longest time the page (or its feed) asks to be cached, in seconds; null: it gives none. */
  floorSeconds: number | null;
  /** Its JSON-LD says the coverage has ended (`coverageEndTime` in the past). */
  ended: boolean;
}

const MAX_AGE = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/i;
const FEED_TTL = /<ttl>\s*(\d+)\s*<\/ttl>/i;
const COVERAGE_END = /"coverageEndTime"\s*:\s*"([^"]+)"/;

/**
 * What a fetched page says about polling it: Cache-Control max-age, Expires (against the response's
 * Date) and an RSS feed's `ttl` (minutes) are a politeness floor, the largest of them counts; a JSON-LD
 * `coverageEndTime` in the past ends the liveblog.
 */
export function pageHints(headers: CachingHeaders, body: string, now: Date): PageHints {
  const floors: number[] = [];
  const maxAge = headers.cacheControl?.match(MAX_AGE);
  if (maxAge) floors.push(Number(maxAge[1]));
  else if (headers.expires) {
    const expires = Date.parse(headers.expires);
    const sent = headers.date ? Date.parse(headers.date) : now.getTime();
    // An Expires in the past (servers send "0" or "-1" for that too) asks for nothing.
    if (Number.isFinite(expires) && Number.isFinite(sent)) floors.push(Math.max(0, Math.round((expires - sent) / 1000)));
  }
  const ttl = body.match(FEED_TTL);
  if (ttl) floors.push(Number(ttl[1]) * 60);
  const end = body.match(COVERAGE_END);
  const endsAt = end ? Date.parse(end[1]!) : Number.NaN;
  return {
    floorSeconds: floors.length > 0 ? Math.max(...floors) : null,
    ended: Number.isFinite(endsAt) && endsAt < now.getTime(),
  };
}
