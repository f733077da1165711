import type { ExtractedEntry } from '@liveblog/contracts';
import type { ExtractionDoc, Store } from '@liveblog/storage';

const PER_LIVEBLOG = 500;
const CONCURRENT = 4;

function preseedEntry(lb: number, i: number, at: Date): ExtractedEntry {
  const text = `Archivmeldung ${lb}-${i}: Der Ausschuss hat Vorlage ${lb * PER_LIVEBLOG + i} beraten, ${i % 40} Stimmen dafür.`;
  return { key: `p${i}`, headline: `Archiv ${lb}-${i}`, text, html: `<p>${text}</p>`, publishedAt: at.toISOString(), modifiedAt: null, authors: [], agencies: [], pinned: false };
}

/**
 * Grows the store by up to `total` entries of other (ended) liveblogs through the indexer's write path,
 * so the soak runs against a store of that size. Stops when `budgetMs` is spent; returns what it wrote.
 */
export async function preseed(store: Store, total: number, budgetMs: number, progress: (line: string) => void): Promise<number> {
  const started = Date.now();
  const liveblogs = Math.ceil(total / PER_LIVEBLOG);
  const base = Date.UTC(2026, 0, 1);
  let next = 0;
  let written = 0;
  const worker = async () => {
    for (let lb = next++; lb < liveblogs && Date.now() - started < budgetMs; lb = next++) {
      const count = Math.min(PER_LIVEBLOG, total - lb * PER_LIVEBLOG);
      const fetchedAt = new Date(base + lb * 3_600_000);
      const x: ExtractionDoc = {
        _id: `sn_preseed_${lb}`,
        sourceId: `src_preseed_${lb}`,
        liveblogId: `lb_preseed_${lb}`,
        url: `https://archiv.example/${lb}`,
        fetchedAt,
        extractedAt: fetchedAt,
        liveblog: { title: `Archiv ${lb}`, url: `https://archiv.example/${lb}`, language: 'de', summary: null, publishedAt: null, modifiedAt: null },
        entries: Array.from({ length: count }, (_, i) => preseedEntry(lb, i, new Date(fetchedAt.getTime() - i * 60_000))),
      };
      await store.liveblogs.index(x);
      await store.entries.index(x, x.entries.map((e) => e.key), fetchedAt);
      written += count;
      if (lb % 20 === 19) progress(`preseed: ${written} of ${total} entries (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT }, worker));
  return written;
}
