import type { ExtractedEntry } from '@liveblog/contracts';
import type { ExtractionDoc, Store } from '@liveblog/storage';
import { inventedReport, SeededRandom } from '../src';

/** Liveblogs live at any one time, each with an entry a minute: the soak's full scale. */
const LIVE = 200;
/** Writers at once, each indexing its own share of the live liveblogs, as indexer replicas would. */
const WRITERS = 2;
/** Hours a preseeded liveblog runs before the next ones take over. */
const HOURS_PER_LIVEBLOG = 12;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The extraction of hour `hour` of liveblog `n` of its generation: the hour's 60 entries, newest first. */
function hourOf(n: number, hour: number, base: number, random: SeededRandom): ExtractionDoc {
  const generation = Math.floor(hour / HOURS_PER_LIVEBLOG);
  const liveblogId = `lb_preseed_${generation}_${n}`;
  const url = `https://archiv.example/${generation}/${n}`;
  const start = base + hour * HOUR_MS;
  const fetchedAt = new Date(start + HOUR_MS);
  const entries = Array.from({ length: 60 }, (_, m): ExtractedEntry => {
    const minute = 59 - m;
    const { headline, sentences } = inventedReport(random, `${generation}-${n}-${hour}-${minute}`);
    const text = sentences.join(' ');
    const at = new Date(start + minute * MINUTE_MS).toISOString();
    return { key: `h${hour}m${minute}`, headline, text, html: `<p>${text}</p>`, publishedAt: at, modifiedAt: null, authors: [], agencies: [], pinned: false };
  });
  return {
    _id: `sn_preseed_${generation}_${n}_${hour}`,
    sourceId: `src_preseed_${generation}_${n}`,
    liveblogId,
    url,
    fetchedAt,
    extractedAt: fetchedAt,
    liveblog: { title: `Archiv ${generation}/${n}`, url, language: 'de', summary: null, publishedAt: null, modifiedAt: null },
    entries,
  };
}

/**
 * Grows the store by up to `total` entries of earlier (ended) liveblogs, written through the indexer's
 * write path as history at the soak's scale would have left them: LIVE liveblogs at a time, an entry a
 * minute each, a fresh set every HOURS_PER_LIVEBLOG hours. Each writer indexes its liveblogs' hour at
 * once (EntryStore.indexMany), so the entries of one minute share their timeline documents as they do
 * live. The history ends where the current hour begins, and its hours are folded as the indexer's sweep
 * would have folded them. Stops when `budgetMs` is spent; returns what it wrote.
 */
export async function preseed(store: Store, total: number, budgetMs: number, progress: (line: string) => void): Promise<number> {
  const started = Date.now();
  const hours = Math.ceil(total / (LIVE * 60));
  const base = Math.floor(started / HOUR_MS) * HOUR_MS - hours * HOUR_MS;
  let written = 0;
  const writer = async (w: number) => {
    const random = new SeededRandom(w + 1);
    const mine = Array.from({ length: LIVE / WRITERS }, (_, i) => w + i * WRITERS);
    for (let hour = 0; hour < hours && Date.now() - started < budgetMs; hour++) {
      const batch = mine.map((n) => hourOf(n, hour, base, random));
      for (const x of batch) await store.liveblogs.index(x, x.fetchedAt);
      await store.entries.indexMany(batch.map((x) => ({ extraction: x, keys: x.entries.map((e) => e.key) })), batch[0]!.fetchedAt);
      written += batch.length * 60;
      progress(`preseed: ${written} of ${hours * LIVE * 60} entries (writer ${w + 1} of ${WRITERS} at hour ${hour + 1} of ${hours}, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  const folding = Date.now();
  const folded = await store.entries.foldHours(new Date(), new Date(base));
  progress(`preseed: folded ${folded} hours in ${((Date.now() - folding) / 1000).toFixed(0)} s`);
  return written;
}
