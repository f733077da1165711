import type { ExtractRules, ParsedSourceSpec } from '@liveblog/contracts';
import { ids } from '@liveblog/fingerprint';
import type { AnyBulkWriteOperation, UpdateFilter } from 'mongodb';
import { orderedBulkWrite } from './bulk';
import type { Collections } from './database';
import type { SourceDoc, SourceStatus } from './documents';

const emptyStatus: SourceStatus = {
  lastFetchedAt: null,
  lastHttpStatus: null,
  lastBytes: null,
  lastChanged: null,
  lastContentHash: null,
  lastSnapshotId: null,
  etag: null,
  lastModified: null,
  consecutiveFailures: 0,
  lastError: null,
  lastErrorAt: null,
  lastChangedAt: null,
  intervalSeconds: null,
  rhythmSeconds: null,
  floorSeconds: null,
  nextDueAt: null,
  ended: false,
  lastEntryCount: null,
  hint: null,
};

/** FerretDB drops null fields written through $setOnInsert; a source reads back with every field. */
const withDefaults = (doc: SourceDoc): SourceDoc => ({
  ...doc,
  name: doc.name ?? null,
  linkPattern: doc.linkPattern ?? null,
  discoveredFrom: doc.discoveredFrom ?? null,
  extract: doc.extract ?? null,
  render: doc.render ?? false,
  status: { ...emptyStatus, ...doc.status },
});

/** What an operator's spec decides about a source: written on every declaration, by file or API. */
function declaredFields(spec: ParsedSourceSpec, now: Date) {
  return {
    url: spec.url,
    name: spec.name ?? null,
    kind: spec.url.startsWith('file:') ? ('file' as const) : spec.kind,
    intervalSeconds: spec.intervalSeconds,
    linkPattern: spec.linkPattern ?? null,
    liveblogIntervalSeconds: spec.liveblogIntervalSeconds,
    extract: spec.extract ?? null,
    render: spec.render,
    updatedAt: now,
  };
}

/** What an operator may change on a source at run time; `extract: null` removes the rules. */
export interface SourceChange {
  paused?: boolean;
  intervalSeconds?: number;
  extract?: ExtractRules | null;
  render?: boolean;
}

export interface Schedule {
  intervalSeconds: number;
  rhythmSeconds: number | null;
  floorSeconds: number | null;
  nextDueAt: Date | null;
  ended: boolean;
}

export type FetchOutcome =
  | {
      kind: 'changed';
      httpStatus: number | null;
      bytes: number;
      contentHash: string;
      /** null for index pages, which are read for links rather than stored. */
      snapshotId: string | null;
      etag: string | null;
      lastModified: string | null;
    }
  | { kind: 'unchanged'; httpStatus: number | null; bytes: number }
  | { kind: 'failed'; httpStatus: number | null; error: string };

/** The status a poll leaves on its source, and the plan it led to. */
function fetchUpdate(outcome: FetchOutcome, at: Date, schedule: Schedule | null): UpdateFilter<SourceDoc> {
  const plan = schedule
    ? {
        'status.intervalSeconds': schedule.intervalSeconds,
        'status.rhythmSeconds': schedule.rhythmSeconds,
        'status.floorSeconds': schedule.floorSeconds,
        'status.nextDueAt': schedule.nextDueAt,
        'status.ended': schedule.ended,
      }
    : {};
  const common = { 'status.lastFetchedAt': at, 'status.lastHttpStatus': outcome.httpStatus, ...plan };
  if (outcome.kind === 'failed') {
    return { $set: { ...common, 'status.lastError': outcome.error, 'status.lastErrorAt': at }, $inc: { 'status.consecutiveFailures': 1 } };
  }
  const changed =
    outcome.kind === 'changed'
      ? {
          'status.lastContentHash': outcome.contentHash,
          'status.lastSnapshotId': outcome.snapshotId,
          'status.etag': outcome.etag,
          'status.lastModified': outcome.lastModified,
          'status.lastChangedAt': at,
        }
      : {};
  return {
    $set: {
      ...common,
      ...changed,
      'status.lastBytes': outcome.bytes,
      'status.lastChanged': outcome.kind === 'changed',
      'status.consecutiveFailures': 0,
      'status.lastError': null,
    },
  };
}

export class SourceStore {
  constructor(private readonly c: Collections) {}

  /** Declared sources are upserted by URL: re-running with the same file changes nothing but the spec. */
  async upsertSpecs(specs: readonly ParsedSourceSpec[], now = new Date()): Promise<SourceDoc[]> {
    if (specs.length === 0) return [];
    await orderedBulkWrite(
      this.c.sources,
      specs.map((spec) => ({
        updateOne: {
          filter: { _id: ids.source(spec.url) },
          update: {
            $set: declaredFields(spec, now),
            $setOnInsert: { paused: false, createdAt: now, discoveredFrom: null, status: emptyStatus },
          },
          upsert: true,
        },
      })),
    );
    const docs = await this.c.sources.find({ _id: { $in: specs.map((s) => ids.source(s.url)) } }).toArray();
    return docs.map(withDefaults);
  }

  /**
   * Adds the liveblogs an index source links to, tagged with it. A URL that is already a source (declared
   * or found before) is left as it is. Returns only the sources this call created.
   */
  async addDiscovered(index: SourceDoc, urls: readonly string[], now = new Date()): Promise<SourceDoc[]> {
    const candidates = [...new Set(urls)].map((url) => ({ _id: ids.source(url), url }));
    if (candidates.length === 0) return [];
    const known = new Set((await this.c.sources.find({ _id: { $in: candidates.map((c) => c._id) } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
    const fresh = candidates.filter((c) => !known.has(c._id));
    await orderedBulkWrite(
      this.c.sources,
      fresh.map(({ _id, url }) => ({
        updateOne: {
          filter: { _id },
          update: {
            $setOnInsert: {
              url,
              name: null,
              kind: 'liveblog' as const,
              intervalSeconds: index.liveblogIntervalSeconds,
              linkPattern: null,
              liveblogIntervalSeconds: index.liveblogIntervalSeconds,
              extract: null,
              render: false,
              discoveredFrom: index._id,
              paused: false,
              createdAt: now,
              updatedAt: now,
              status: emptyStatus,
            },
          },
          upsert: true,
        },
      })),
    );
    const created = await this.c.sources.find({ _id: { $in: fresh.map((f) => f._id) }, discoveredFrom: index._id }).toArray();
    return created.map(withDefaults);
  }

  /**
   * Adds one source unless its URL is already a source, which is then returned unchanged: a repeated
   * request creates nothing and overwrites nothing.
   */
  async create(spec: ParsedSourceSpec, now = new Date()): Promise<{ source: SourceDoc; created: boolean }> {
    const id = ids.source(spec.url);
    const result = await this.c.sources.updateOne(
      { _id: id },
      {
        $setOnInsert: {
          ...declaredFields(spec, now),
          discoveredFrom: null,
          paused: false,
          createdAt: now,
          status: emptyStatus,
        },
      },
      { upsert: true },
    );
    const source = await this.get(id);
    if (!source) throw new Error(`source ${id} vanished right after its upsert`);
    return { source, created: result.upsertedCount === 1 };
  }

  /**
   * Changes what an operator controls. A new interval is also the one in force, so the adaptive
   * interval restarts from it. Switching rendering forgets the page's validators. Returns null for an
   * unknown source.
   */
  async updateControls(id: string, change: SourceChange, now = new Date()): Promise<SourceDoc | null> {
    const set: Record<string, unknown> = { updatedAt: now };
    if (change.paused !== undefined) set.paused = change.paused;
    if (change.extract !== undefined) set.extract = change.extract;
    if (change.render !== undefined) {
      set.render = change.render;
      // The next poll must fetch the page whole: a 304 on the document would skip the (first) drawing.
      set['status.etag'] = null;
      set['status.lastModified'] = null;
    }
    if (change.intervalSeconds !== undefined) {
      set.intervalSeconds = change.intervalSeconds;
      set['status.intervalSeconds'] = change.intervalSeconds;
    }
    const result = await this.c.sources.updateOne({ _id: id }, { $set: set });
    return result.matchedCount === 0 ? null : this.get(id);
  }

  /** Records when the source's next poll is due; the fetch job for that time is queued after this. */
  async planPoll(id: string, dueAt: Date): Promise<void> {
    await this.c.sources.updateOne({ _id: id }, { $set: { 'status.nextDueAt': dueAt } });
  }

  /** Only the source document goes; the liveblogs and entries it produced stay. */
  async remove(id: string): Promise<boolean> {
    return (await this.c.sources.deleteOne({ _id: id })).deletedCount === 1;
  }

  /** One page in id order; `afterId` is the last id of the previous page. */
  async listPage(afterId: string | null, limit: number): Promise<{ items: SourceDoc[]; next: string | null }> {
    const rows = await this.c.sources
      .find(afterId ? { _id: { $gt: afterId } } : {})
      .sort({ _id: 1 })
      .limit(limit + 1)
      .toArray();
    const items = rows.slice(0, limit).map(withDefaults);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? last._id : null };
  }

  async get(id: string): Promise<SourceDoc | null> {
    const doc = await this.c.sources.findOne({ _id: id });
    return doc && withDefaults(doc);
  }

  async list(): Promise<SourceDoc[]> {
    return (await this.c.sources.find({}).sort({ _id: 1 }).toArray()).map(withDefaults);
  }

  /**
   * Records a poll, and the polling plan it led to (null: leave the plan alone), in one write. Called
   * only after the outcome is safe downstream (for a change: the parse job is enqueued).
   */
  async recordFetch(id: string, outcome: FetchOutcome, at = new Date(), schedule: Schedule | null = null): Promise<void> {
    await this.recordFetches([{ id, outcome, at, schedule }]);
  }

  /** Polls of several sources, each as recordFetch records it, in one command. */
  async recordFetches(polls: readonly { id: string; outcome: FetchOutcome; at: Date; schedule: Schedule | null }[]): Promise<void> {
    await orderedBulkWrite(
      this.c.sources,
      polls.map(({ id, outcome, at, schedule }): AnyBulkWriteOperation<SourceDoc> => ({ updateOne: { filter: { _id: id }, update: fetchUpdate(outcome, at, schedule) } })),
    );
  }

  /** What the last parse of the source's page gave, and what that suggests to an operator. */
  async recordParse(id: string, parsed: { entries: number; hint: string | null }): Promise<void> {
    await this.c.sources.updateOne({ _id: id }, { $set: { 'status.lastEntryCount': parsed.entries, 'status.hint': parsed.hint } });
  }

  /** A page that fetches fine but cannot be parsed is a failing source too. */
  async recordParseFailure(id: string, error: string, at = new Date()): Promise<void> {
    await this.c.sources.updateOne({ _id: id }, { $set: { 'status.lastError': error, 'status.lastErrorAt': at } });
  }
}
