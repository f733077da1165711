import type { ExtractedEntry } from '@liveblog/contracts';
import type { ExtractionDoc, Store } from '@liveblog/storage';

const PER_LIVEBLOG = 500;
const WORDS = ['Sturm', 'Bahn', 'Regierung', 'Wahl', 'Polizei', 'Feuerwehr', 'Hochwasser', 'Minister', 'Verkehr', 'Schule', 'Stadt', 'Grenze', 'Gipfel', 'Streik'];
/** Occurs in one entry of a hundred: what the `q` run searches for. */
export const RARE_WORD = 'Deichbruch';

function entry(i: number, at: Date): ExtractedEntry {
  const words = Array.from({ length: 40 }, (_, w) => WORDS[(i * 7 + w * 3) % WORDS.length]);
  if (i % 100 === 0) words.push(RARE_WORD);
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

/**
 * Writes `total` entries through EntryStore.index, one liveblog (extraction) per PER_LIVEBLOG entries, and
 * stops early when the time budget is spent: returns how many entries were written and how long it took.
 */
export async function seedEntries(store: Store, total: number, budgetMs: number): Promise<{ entries: number; seconds: number }> {
  const started = Date.now();
  const base = Date.UTC(2025, 0, 1);
  let written = 0;
  for (let lb = 0; written < total && Date.now() - started < budgetMs; lb++) {
    const count = Math.min(PER_LIVEBLOG, total - written);
    const entries = Array.from({ length: count }, (_, k) => entry(written + k, new Date(base + (written + k) * 60_000)));
    const fetchedAt = new Date(base + (written + count) * 60_000);
    const extraction: ExtractionDoc = {
      _id: `bench-snap-${lb}`,
      sourceId: `bench-src-${lb}`,
      liveblogId: `lb_${lb.toString(16).padStart(16, '0')}`,
      url: `https://bench.example/${lb}`,
      fetchedAt,
      extractedAt: fetchedAt,
      liveblog: { title: `Bench ${lb}`, url: `https://bench.example/${lb}`, language: 'de', summary: null, publishedAt: null, modifiedAt: null },
      entries,
    };
    await store.entries.index(extraction, entries.map((e) => e.key), fetchedAt);
    written += count;
  }
  return { entries: written, seconds: (Date.now() - started) / 1000 };
}
