import type { ExtractedEntry } from '@liveblog/contracts';
import type { ExtractionDoc, Store } from '@liveblog/storage';

const PER_LIVEBLOG = 500;
const WORDS = ['Sturm', 'Bahn', 'Regierung', 'Wahl', 'Polizei', 'Feuerwehr', 'Hochwasser', 'Minister', 'Verkehr', 'Schule', 'Stadt', 'Grenze', 'Gipfel', 'Streik'];
/** Occurs in one entry of a hundred. */
export const RARE_WORD = 'Deichbruch';
/** Occurs in one entry of all, an early one: a search that walked back through time would read nearly everything. */
export const SINGULAR_WORD = 'Zwergpinguin';
const SINGULAR_ENTRY = 777;
/** Every bench liveblog's id; the liveblog runs read the first one, the newest entries are the last one's. */
export const benchLiveblogId = (lb: number): string => `lb_${lb.toString(16).padStart(16, '0')}`;

function entry(i: number, at: Date): ExtractedEntry {
  const words = Array.from({ length: 40 }, (_, w) => WORDS[(i * 7 + w * 3) % WORDS.length]);
  if (i % 100 === 0) words.push(RARE_WORD);
  if (i === SINGULAR_ENTRY) words.push(SINGULAR_WORD);
  const text = `${words.join(' ')} Eintrag ${i}.`;
  return {
    key: `e${i}`,
    headline: `Meldung ${i}: ${words.slice(0, 4).join(' ')}`,
    text,
    html: `<p>${text}</p>`,
    publishedAt: at.toISOString(),
    modifiedAt: null,
    authors: [],
    agencies: i % 3 === 0 ? ['dpa'] : [],
    pinned: false,
  };
}

/** Liveblogs indexed at once, as indexer replicas or worker concurrency would. */
const CONCURRENT_LIVEBLOGS = 4;

/** One liveblog's extraction of entries number `first` to `first + count - 1`, one a minute. */
function liveblog(lb: number, first: number, count: number): ExtractionDoc {
  const base = Date.UTC(2025, 0, 1);
  const entries = Array.from({ length: count }, (_, k) => entry(first + k, new Date(base + (first + k) * 60_000)));
  const fetchedAt = new Date(base + (first + count) * 60_000);
  return {
    _id: `bench-snap-${lb}`,
    sourceId: `bench-src-${lb}`,
    liveblogId: benchLiveblogId(lb),
    url: `https://bench.example/${lb}`,
    fetchedAt,
    extractedAt: fetchedAt,
    liveblog: { title: `Bench ${lb}`, url: `https://bench.example/${lb}`, language: 'de', summary: null, publishedAt: null, modifiedAt: null },
    entries,
  };
}

/**
 * Writes `total` entries through LiveblogStore.index and EntryStore.index (the indexer's write path), PER_LIVEBLOG entries per
 * liveblog, and stops early when the time budget is spent: returns how many entries were written and
 * how long it took. Reports progress on stderr. `from`, the entries an earlier call wrote (whole
 * liveblogs), goes on where it stopped.
 */
export async function seedEntries(store: Store, total: number, budgetMs: number, from = 0): Promise<{ entries: number; seconds: number }> {
  const started = Date.now();
  const liveblogs = Math.ceil(total / PER_LIVEBLOG);
  let next = Math.ceil(from / PER_LIVEBLOG);
  let written = from;
  const worker = async () => {
    for (let lb = next++; lb < liveblogs && Date.now() - started < budgetMs; lb = next++) {
      const x = liveblog(lb, lb * PER_LIVEBLOG, Math.min(PER_LIVEBLOG, total - lb * PER_LIVEBLOG));
      await store.liveblogs.index(x, x.fetchedAt);
      await store.entries.index(x, x.entries.map((e) => e.key), x.fetchedAt);
      written += x.entries.length;
      if (lb % 20 === 19) process.stderr.write(`  seeded ${written} of ${total} entries (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_LIVEBLOGS }, worker));
  return { entries: written, seconds: (Date.now() - started) / 1000 };
}
