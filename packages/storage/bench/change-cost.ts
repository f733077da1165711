import { loadavg } from 'node:os';
import { withScratchFerretDB } from '@liveblog/devstack';
import type { ExtractedEntry } from '@liveblog/contracts';
import { contentHash } from '@liveblog/fingerprint';
import { Store, type ExtractionDoc, type FetchLogRow } from '../src';
import { EvolvingPage } from './evolving-page';

/**
 * What one change of a liveblog leaves on disk, by collection: the storage side of every stage, as the
 * services call it (the fetcher's snapshot and its six polls a minute, the parser's extraction, the
 * indexer's entries, liveblog and deletions), for BENCH_LIVEBLOGS liveblogs of 200 KB around 60 entries
 * changing once a minute side by side (so they share the timeline's minutes, as in the soak), measured as
 * the growth of collStats `size` (the documents' bytes) and `totalIndexSize` over BENCH_CHANGES minutes
 * after BENCH_WARMUP minutes: by default minutes 31 to 270, four hours, so that the window holds the starts
 * of snapshot groups (a group's first snapshot stores the whole page) as every four hours do. Rewrites cost no disk here: a rewritten
 * document counts as what it is after. FerretDB on SQLite counts sizes in pages of 4 KB: a figure per change
 * is good to 4096 / (liveblogs × changes) bytes.
 */
const LIVEBLOGS = Number(process.env.BENCH_LIVEBLOGS ?? 2);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 240);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const POLLS_PER_CHANGE = 6;
/** The soak's workload, for the projection: 200 liveblogs changing once a minute. */
const CHANGES_PER_DAY = 200 * 60 * 24;

interface Sizes {
  documents: Record<string, number>;
  indexes: Record<string, number>;
}

async function sizesOf(store: Store): Promise<Sizes> {
  const sizes: Sizes = { documents: {}, indexes: {} };
  for (const { name } of await store.database.db.listCollections({}, { nameOnly: true }).toArray()) {
    const stats = await store.database.db.command({ collStats: name });
    sizes.documents[name] = Number(stats.size ?? 0);
    sizes.indexes[name] = Number(stats.totalIndexSize ?? 0);
  }
  return sizes;
}

/** One liveblog as the services see it. */
class Liveblog {
  private previous: ExtractedEntry[] = [];
  private previousSnapshot: string | null = null;
  private lastPoll: Date | null = null;
  newText = 0;

  constructor(
    private readonly n: number,
    private readonly page: EvolvingPage,
  ) {}

  async change(store: Store, minute: number): Promise<void> {
    const start = Date.UTC(2026, 11, 7, 10, minute);
    const sourceId = `src_${this.n}`;
    for (let p = 1; p < POLLS_PER_CHANGE; p++) await this.poll(store, sourceId, { at: new Date(start + p * 10_000), result: 'not-modified', httpStatus: 304, bytes: 0, snapshotId: null, error: null });
    const { html, newTextBytes } = minute === 0 ? { html: this.page.render(), newTextBytes: 0 } : this.page.change();
    this.newText += newTextBytes;
    const fetchedAt = new Date(start);
    const hash = contentHash(html);
    const id = `sn_${this.n}_${hash.slice(0, 16)}`;
    const url = `https://bench.example/live/${this.n}`;
    await store.snapshots.put({ id, sourceId, url, contentType: 'text/html', contentHash: hash, body: html, fetchedAt, previousId: this.previousSnapshot });
    await this.poll(store, sourceId, { at: fetchedAt, result: 'changed', httpStatus: 200, bytes: html.length, snapshotId: id, error: null });
    this.previousSnapshot = id;
    const entries = this.page.extracted();
    const extraction: ExtractionDoc = {
      _id: id,
      sourceId,
      liveblogId: `lb_${this.n}`,
      url,
      fetchedAt,
      extractedAt: fetchedAt,
      liveblog: { title: `Liveblog ${this.n}`, url, language: 'de', summary: null, publishedAt: null, modifiedAt: fetchedAt.toISOString() },
      entries,
    };
    await store.extractions.put(extraction);
    const before = new Map(this.previous.map((e) => [e.key, JSON.stringify(e)]));
    const changed = entries.filter((e) => before.get(e.key) !== JSON.stringify(e)).map((e) => e.key);
    const present = new Set(entries.map((e) => e.key));
    await store.liveblogs.index(extraction);
    await store.entries.index(extraction, changed, fetchedAt);
    await store.entries.markDeleted(extraction, this.previous.filter((e) => !present.has(e.key)).map((e) => e.key));
    this.previous = entries;
  }

  private async poll(store: Store, sourceId: string, row: FetchLogRow): Promise<void> {
    await store.fetchLog.append(sourceId, row, this.lastPoll);
    this.lastPoll = row.at;
  }
}

async function main(): Promise<void> {
  const liveblogs = Array.from({ length: LIVEBLOGS }, (_, n) => new Liveblog(n, EvolvingPage.invented(200, 60, 1000 + n)));
  const [before, after, newText] = await withScratchFerretDB('bench-change', async (url) => {
    const store = await Store.open(url, 'bench_change');
    try {
      for (let m = 0; m <= WARMUP; m++) for (const lb of liveblogs) await lb.change(store, m);
      const textBefore = liveblogs.reduce((n, lb) => n + lb.newText, 0);
      const first = await sizesOf(store);
      for (let m = WARMUP + 1; m <= WARMUP + CHANGES; m++) {
        for (const lb of liveblogs) await lb.change(store, m);
        process.stderr.write(`  minute ${m}\n`);
      }
      const last = await sizesOf(store);
      return [first, last, liveblogs.reduce((n, lb) => n + lb.newText, 0) - textBefore] as const;
    } finally {
      await store.close();
    }
  });
  const changes = LIVEBLOGS * CHANGES;
  const grown = (kind: keyof Sizes, name: string) => ((after[kind][name] ?? 0) - (before[kind][name] ?? 0)) / changes;
  const names = Object.keys(after.documents).filter((name) => grown('documents', name) + grown('indexes', name) > 0);
  names.sort((a, b) => grown('documents', b) + grown('indexes', b) - grown('documents', a) - grown('indexes', a));
  const total = (kind: keyof Sizes) => names.reduce((n, name) => n + grown(kind, name), 0);
  const gbPerDay = (bytes: number) => ((bytes * CHANGES_PER_DAY) / 1e9).toFixed(2);
  console.log(
    `\nstored per change (collStats growth over ${CHANGES} minutes of ${LIVEBLOGS} liveblogs of 200 KB + 60 entries, after ${WARMUP}); ` +
      `new text ${(newText / changes).toFixed(0)} B per change; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`,
  );
  console.log('| collection | documents B | indexes B | GB/day at 288,000 changes |');
  console.log('|---|---:|---:|---:|');
  for (const name of names) console.log(`| ${name} | ${grown('documents', name).toFixed(0)} | ${grown('indexes', name).toFixed(0)} | ${gbPerDay(grown('documents', name) + grown('indexes', name))} |`);
  console.log(`| **all** | **${total('documents').toFixed(0)}** | **${total('indexes').toFixed(0)}** | **${gbPerDay(total('documents') + total('indexes'))}** |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
