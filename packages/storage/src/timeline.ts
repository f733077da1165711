import type { AnyBulkWriteOperation } from 'mongodb';
import { shortHash } from '@liveblog/fingerprint';
import type { Collections } from './database';
import type { EntryDoc, TimelineBucketDoc } from './documents';
import { comesAfter, newerFirst, type Cursor } from './cursor';
import { mayMatch, type EntryPredicate } from './entry-filter';
import { orderedBulkWrite } from './bulk';
import { findByIds } from './by-id';
import { pageOf, type Page } from './page';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Hour documents read at once while walking back in time, at most. */
const MAX_HOURS_PER_READ = 8;
/**
 * Rows one page may examine before it answers with what it found and a cursor to go on from: a query
 * that matches little or nothing costs a bounded amount per request instead of a walk through all time.
 */
const ROWS_PER_PAGE = 20_000;
/** Scope hours and minutes remembered as present in their directory, at most; then the memory starts over. */
const MAX_RECORDED = 100_000;

/**
 * The postings of a minute are spread over this many documents by term: an indexer job writes at most
 * this many per minute it touches, and a search reads small documents.
 */
const POSTING_SHARDS = 16;

/**
 * Listing scopes: every entry, or one liveblog's, each with a directory of the hours that have rows. A
 * search term has a directory of the hours in which some entry held it.
 *
 * A liveblog's rows of an hour are one document. Every liveblog writes into all entries' rows and into
 * the posting shards, so those are documents per minute (`@`), listed per hour in timelineMinutes: a
 * document grows only for a minute, and a write rewrites it whole on FerretDB (measured: hour documents
 * grew to 700 KB per shard at 200 liveblogs, and the indexer fell behind within the hour).
 */
const ALL = 'all';
const liveblogScope = (liveblogId: string): string => `lb:${liveblogId}`;
const termScope = (term: string): string => `q:${term}`;
const hourOf = (at: number): number => Math.floor(at / HOUR_MS) * HOUR_MS;
const minuteOf = (at: number): number => Math.floor(at / MINUTE_MS) * MINUTE_MS;
const bucketId = (scope: string, hour: number): string => `${scope}|${hour}`;
const allBucketId = (minute: number): string => `${ALL}@${minute}`;
const shardScope = (shard: number): string => `q~${shard}`;
const postingBucketId = (term: string, minute: number): string => `${shardScope(parseInt(shortHash([term], 4), 16) % POSTING_SHARDS)}@${minute}`;
/**
 * `<entryId>~<sort time>` in the term's set: `~` occurs in neither. With the time too, so that versions
 * written out of order each keep theirs (a set union, like the rows); the stored entry says which holds.
 * A set of strings per term, not a field per posting: FerretDB stores a field's name in the document's
 * type schema and key list as well as beside its value, which made postings three times as large.
 */
const posting = (entryId: string, at: number): string => `${entryId}~${at}`;

/** What a listing filter can test without reading the entry. */
interface TimelineRow {
  at: number;
  sourceId: string;
  agencies: string[];
  terms: string[];
}

// Tabs between fields, spaces within: neither occurs in ids, agency codes or search terms.
export function encodeRow(doc: EntryDoc): string {
  return [doc.sortKey.getTime(), doc.sourceId, doc.agencies.join(' '), doc.terms.join(' ')].join('\t');
}

export function decodeRow(row: string): TimelineRow {
  const [at, sourceId, agencies, terms] = row.split('\t') as [string, string, string, string];
  return { at: Number(at), sourceId, agencies: agencies ? agencies.split(' ') : [], terms: terms ? terms.split(' ') : [] };
}

/**
 * What one entry version adds: its row to all entries' minute and to its liveblog's hour, a posting of
 * each term in that minute, and the hour to the directories of those scopes and terms.
 */
interface Listing {
  /** By field name `<entryId>~<row hash>`, so a row is written once however often it is added. */
  field: string;
  row: string;
  /** Absent when moving rows of all entries, whose liveblog rows are in place. */
  liveblogId?: string;
}

function listingOf(doc: EntryDoc): Listing {
  const row = encodeRow(doc);
  return { field: `${doc._id}~${shortHash([row], 16)}`, row, liveblogId: doc.liveblogId };
}

const entryIdOf = (field: string): string => field.slice(0, field.indexOf('~'));

interface Candidate {
  entryId: string;
  at: number;
}

interface Found {
  candidates: Candidate[];
  /** Rows or postings looked at, counted against the page's budget. */
  examined: number;
}

/**
 * The newest-first listings of entries, as documents read by _id alone: per scope (all entries, or one
 * liveblog) a directory of the hours that have rows, and documents holding a row per entry version (its
 * sort time and the facts filters test, search terms included): a liveblog's per hour, all entries' per
 * minute, with a list of an hour's minutes.
 *
 * Each search term has a directory too, of the hours in which an entry held it, and a posting per entry
 * version in that minute, kept in one of the minute's POSTING_SHARDS documents. A search reads only the
 * hours every one of its words (and its liveblog) has, intersected from the rarest directory on; in them
 * it intersects its words' postings minute by minute (or, within a liveblog, reads the liveblog's rows,
 * which carry the terms). A word found once in all time costs its directory, the hour's minute list, a
 * shard of each of the hour's minutes and its entry. Shards rather than a document per term keep the
 * indexer's statements few (measured: a document per term and hour made an indexer job three to four
 * times as expensive, shards about twice), and a process writes a directory hour or minute once.
 *
 * Why not a query with a sort over the entries: FerretDB's SQLite backend pushes down nothing but a bare
 * {_id} filter, so every such query scans and sorts the whole collection (measured: seconds per request
 * at a few thousand entries). Point reads cost the same at any size, on MongoDB as well.
 *
 * Rows are only ever added, keyed by the entry and a hash of their content: writing them is idempotent,
 * order-free and safe on any number of replicas (a set union). A row that no longer describes the entry
 * (an edit, a moved publication time) over-selects at most; every candidate is checked against the stored
 * entry before it is listed, so a listing never shows an entry that does not match or one twice.
 */
export class Timeline {
  /**
   * Scope hours and minutes this process has written into their directories. Directories only ever
   * grow, so these need no second write: an indexer's jobs mostly land in the hours of the jobs before,
   * and each word of an entry would otherwise cost a directory statement every time.
   */
  private readonly recorded = new Set<string>();

  constructor(
    private readonly c: Collections,
    private readonly rowsPerPage = ROWS_PER_PAGE,
  ) {}

  /** Adds the rows and postings of these entry versions; call before the entries are written, so listed ⇒ written. */
  add(docs: readonly EntryDoc[]): Promise<void> {
    return this.write(docs.map(listingOf));
  }

  /**
   * Moves the rows of all entries and the search postings that an earlier layout kept per hour into
   * minute documents, from the hour documents of all entries (every entry version's row, terms
   * included), newest hour first, deleting each hour's documents once moved; marks the database done at
   * the end. Liveblogs' hour documents stay as they are. Idempotent, so a run cut short starts again;
   * returns the hours moved (0 once done).
   */
  async moveHourBuckets(): Promise<number> {
    const directory = await this.c.timelineHours.findOne({ _id: ALL });
    if (!directory || directory.byMinute) return 0;
    const hours = [...directory.hours].sort((a, b) => b - a);
    for (const hour of hours) {
      const bucket = await this.c.timeline.findOne({ _id: bucketId(ALL, hour) });
      await this.write(Object.entries(bucket?.rows ?? {}).map(([field, row]) => ({ field, row })));
      const hourIds = [ALL, ...Array.from({ length: POSTING_SHARDS }, (_, shard) => shardScope(shard))].map((scope) => bucketId(scope, hour));
      await orderedBulkWrite(this.c.timeline, hourIds.map((_id) => ({ deleteOne: { filter: { _id } } })));
    }
    await this.c.timelineHours.updateOne({ _id: ALL }, { $set: { byMinute: true } });
    return hours.length;
  }

  private async write(listings: readonly Listing[]): Promise<void> {
    const rows = new Map<string, Record<string, string>>();
    const postings = new Map<string, Record<string, string[]>>();
    const hours = new Map<string, Set<number>>();
    const minutes = new Map<number, Set<number>>();
    const put = (id: string, field: string, value: string) => {
      const fields = rows.get(id) ?? {};
      fields[`rows.${field}`] = value;
      rows.set(id, fields);
    };
    const post = (id: string, term: string, value: string) => {
      const sets = postings.get(id) ?? {};
      (sets[`postings.${term}`] ??= []).push(value);
      postings.set(id, sets);
    };
    const inDirectory = (scope: string, hour: number) => {
      if (!this.recorded.has(bucketId(scope, hour))) hours.set(scope, (hours.get(scope) ?? new Set()).add(hour));
    };
    for (const { field, row, liveblogId } of listings) {
      const { at, terms } = decodeRow(row);
      const hour = hourOf(at);
      const minute = minuteOf(at);
      put(allBucketId(minute), field, row);
      inDirectory(ALL, hour);
      if (!this.recorded.has(allBucketId(minute))) minutes.set(hour, (minutes.get(hour) ?? new Set()).add(minute));
      if (liveblogId) {
        put(bucketId(liveblogScope(liveblogId), hour), field, row);
        inDirectory(liveblogScope(liveblogId), hour);
      }
      const entryId = entryIdOf(field);
      for (const term of terms) {
        post(postingBucketId(term, minute), term, posting(entryId, at));
        inDirectory(termScope(term), hour);
      }
    }
    await orderedBulkWrite(
      this.c.timelineHours,
      [...hours].map(([scope, set]) => ({
        updateOne: {
          filter: { _id: scope },
          // A database whose first entry is written by minute has every entry so.
          update: { $addToSet: { hours: { $each: [...set] } }, ...(scope === ALL ? { $setOnInsert: { byMinute: true as const } } : {}) },
          upsert: true,
        },
      })),
    );
    await orderedBulkWrite(
      this.c.timelineMinutes,
      [...minutes].map(([hour, set]) => ({
        updateOne: { filter: { _id: bucketId(ALL, hour) }, update: { $addToSet: { minutes: { $each: [...set] } } }, upsert: true },
      })),
    );
    await orderedBulkWrite(this.c.timeline, [
      ...[...rows].map(([_id, fields]): AnyBulkWriteOperation<TimelineBucketDoc> => ({
        updateOne: { filter: { _id }, update: { $set: fields }, upsert: true },
      })),
      ...[...postings].map(([_id, sets]): AnyBulkWriteOperation<TimelineBucketDoc> => ({
        updateOne: {
          filter: { _id },
          update: { $addToSet: Object.fromEntries(Object.entries(sets).map(([field, values]) => [field, { $each: values }])) },
          upsert: true,
        },
      })),
    ]);
    if (this.recorded.size > MAX_RECORDED) this.recorded.clear();
    for (const [scope, set] of hours) for (const hour of set) this.recorded.add(bucketId(scope, hour));
    for (const set of minutes.values()) for (const minute of set) this.recorded.add(allBucketId(minute));
  }

  /**
   * One page, newest first, strictly after the cursor. `load` reads entries by id; only candidates whose
   * stored entry matches the predicate and still sits at the row's time are listed.
   */
  async page(
    predicate: EntryPredicate,
    cursor: Cursor | null,
    limit: number,
    load: (ids: string[]) => Promise<Map<string, EntryDoc>>,
  ): Promise<Page<EntryDoc>> {
    // A query of stopwords only matches nothing.
    if (predicate.terms?.length === 0) return pageOf([], limit);
    const { since, until, liveblogId } = predicate.filters;
    const scope = liveblogId ? liveblogScope(liveblogId) : ALL;
    // Every hour a term has is an hour of all entries: the large directory of all hours is not needed then.
    const terms = (predicate.terms ?? []).map(termScope);
    const narrowing = terms.length > 0 && scope === ALL ? terms : [scope, ...terms];
    const directories = await Promise.all(narrowing.map((id) => this.c.timelineHours.findOne({ _id: id })));
    // Intersected from the rarest on: the smallest directory bounds the work.
    const [rarest, ...others] = directories.map((d) => new Set(d?.hours ?? [])).sort((a, b) => a.size - b.size);
    // A cursor with an empty id resumes below its time: nothing at that time is after it.
    const below = cursor ? cursor.sortKey.getTime() - (cursor.id === '' ? 1 : 0) : Infinity;
    const upper = Math.min(below, until ? until.getTime() - 1 : Infinity);
    const lower = since ? hourOf(since.getTime()) : -Infinity;
    const hours = [...rarest!].filter((h) => h <= upper && h >= lower && others.every((set) => set.has(h))).sort((a, b) => b - a);

    const listed: EntryDoc[] = [];
    let examined = 0;
    // One hour first (an unfiltered page rarely needs more), then twice as many per read.
    for (let start = 0, size = 1; start < hours.length; start += size, size = Math.min(size * 2, MAX_HOURS_PER_READ)) {
      const batch = hours.slice(start, start + size);
      // Within a liveblog its rows (which carry the terms) are the narrower read; across all, the postings.
      const found = predicate.terms && !liveblogId ? await this.postings(predicate.terms, batch) : await this.rows(scope, batch, predicate);
      examined += found.examined;
      const ordered = found.candidates.filter((c) => comesAfter(cursor, c.at, c.entryId)).sort((a, b) => newerFirst(a.at, a.entryId, b.at, b.entryId));
      listed.push(...(await this.verify(ordered, limit + 1 - listed.length, predicate, load)));
      if (listed.length > limit) return pageOf(listed, limit);
      if (examined >= this.rowsPerPage && start + batch.length < hours.length) {
        // Everything at or after this hour has been looked at; an empty id sorts before every entry's.
        return pageOf(listed, limit, { sortKey: new Date(batch[batch.length - 1]!), id: '' });
      }
    }
    return pageOf(listed, limit);
  }

  /** The entry versions of these hours of a scope whose row may match (one per entry and time), and the rows examined. */
  private async rows(scope: string, hours: readonly number[], predicate: EntryPredicate): Promise<Found> {
    const ids = scope === ALL ? (await this.minutesOf(hours)).map(allBucketId) : hours.map((h) => bucketId(scope, h));
    const rows = [...(await findByIds(this.c.timeline, ids)).values()].flatMap((b) => Object.entries(b.rows ?? {}));
    const candidates = new Map<string, Candidate>();
    for (const [field, encoded] of rows) {
      const row = decodeRow(encoded);
      if (mayMatch({ ...row, sortKey: new Date(row.at) }, predicate)) candidates.set(`${entryIdOf(field)}@${row.at}`, { entryId: entryIdOf(field), at: row.at });
    }
    return { candidates: [...candidates.values()], examined: rows.length };
  }

  /** The minutes of these hours in which some entry has a row. */
  private async minutesOf(hours: readonly number[]): Promise<number[]> {
    const lists = await findByIds(this.c.timelineMinutes, hours.map((h) => bucketId(ALL, h)));
    return [...lists.values()].flatMap((list) => list.minutes);
  }

  /** The entry versions of these hours that every one of the terms has a posting of, at the rarest term's times; examined: the rarest's postings. */
  private async postings(terms: readonly string[], hours: readonly number[]): Promise<Found> {
    const minutes = await this.minutesOf(hours);
    const docs = await findByIds(this.c.timeline, minutes.flatMap((m) => terms.map((t) => postingBucketId(t, m))));
    const perMinute = minutes.map((minute) => {
      const [rarest, ...others] = terms
        .map((term) =>
          (docs.get(postingBucketId(term, minute))?.postings?.[term] ?? []).map((p) => {
            const [entryId, at] = p.split('~') as [string, string];
            return { entryId, at: Number(at) };
          }),
        )
        .sort((a, b) => a.length - b.length);
      const inOthers = others.map((postings) => new Set(postings.map((p) => p.entryId)));
      return { candidates: rarest!.filter((p) => inOthers.every((entries) => entries.has(p.entryId))), examined: rarest!.length };
    });
    return { candidates: perMinute.flatMap((m) => m.candidates), examined: perMinute.reduce((n, m) => n + m.examined, 0) };
  }

  /** Up to `wanted` of the candidates, in their order, whose stored entry confirms the row. */
  private async verify(
    candidates: readonly Candidate[],
    wanted: number,
    predicate: EntryPredicate,
    load: (ids: string[]) => Promise<Map<string, EntryDoc>>,
  ): Promise<EntryDoc[]> {
    const confirmed: EntryDoc[] = [];
    for (let start = 0; start < candidates.length && confirmed.length < wanted; ) {
      const chunk = candidates.slice(start, start + wanted - confirmed.length);
      start += chunk.length;
      const docs = await load(chunk.map((c) => c.entryId));
      for (const { entryId, at } of chunk) {
        const doc = docs.get(entryId);
        if (doc && doc.sortKey.getTime() === at && mayMatch(doc, predicate)) confirmed.push(doc);
      }
    }
    return confirmed.slice(0, wanted);
  }
}
