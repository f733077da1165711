import type { AnyBulkWriteOperation } from 'mongodb';
import { shortHash } from '@liveblog/fingerprint';
import type { Collections } from './database';
import type { EntryDoc, TimelineBucketDoc } from './documents';
import { comesAfter, newerFirst, type Cursor } from './cursor';
import { mayMatch, type EntryPredicate } from './entry-filter';
import { orderedBulkWrite } from './bulk';
import { pageOf, type Page } from './page';

const HOUR_MS = 3_600_000;
/** Hour documents read at once while walking back in time, at most. */
const MAX_HOURS_PER_READ = 8;
/**
 * Rows one page may examine before it answers with what it found and a cursor to go on from: a query
 * that matches little or nothing costs a bounded amount per request instead of a walk through all time.
 */
const ROWS_PER_PAGE = 20_000;

/**
 * Listing scopes: every entry, one liveblog's, or the entries holding one search term (a posting list).
 * A listing walks the intersection of the scopes its filter names.
 */
const ALL = 'all';
const liveblogScope = (liveblogId: string): string => `lb:${liveblogId}`;
const termScope = (term: string): string => `q:${term}`;
const hourOf = (at: number): number => Math.floor(at / HOUR_MS) * HOUR_MS;
const bucketId = (scope: string, hour: number): string => `${scope}|${hour}`;

/** What a listing filter can test without reading the entry. */
interface TimelineRow {
  at: number;
  sourceId: string;
  agencies: string[];
  /** Absent from posting-list rows: repeating every term in every term's list would square the storage. */
  terms?: string[];
}

// Tabs between fields, spaces within: neither occurs in ids, agency codes or search terms.
function encodeFacts({ at, sourceId, agencies, terms }: TimelineRow): string {
  return [at, sourceId, agencies.join(' '), ...(terms ? [terms.join(' ')] : [])].join('\t');
}

export function encodeRow(doc: EntryDoc, withTerms = true): string {
  const facts = { at: doc.sortKey.getTime(), sourceId: doc.sourceId, agencies: doc.agencies };
  return encodeFacts(withTerms ? { ...facts, terms: doc.terms } : facts);
}

export function decodeRow(row: string): TimelineRow {
  const [at, sourceId, agencies, terms] = row.split('\t') as [string, string, string, string | undefined];
  const decoded = { at: Number(at), sourceId, agencies: agencies ? agencies.split(' ') : [] };
  return terms === undefined ? decoded : { ...decoded, terms: terms ? terms.split(' ') : [] };
}

/** One row to write: an entry version's place in one scope's hour. */
interface Listing {
  scope: string;
  hour: number;
  /** `<entryId>~<row hash>`: a row is written once however often it is added. */
  field: string;
  row: string;
}

const fieldOf = (entryId: string, row: string): string => `${entryId}~${shortHash([row], 16)}`;

/** Where an entry version is listed: all entries, its liveblog, and each of its terms. */
function listingsOf(doc: EntryDoc): Listing[] {
  const hour = hourOf(doc.sortKey.getTime());
  const row = encodeRow(doc);
  const posting = encodeRow(doc, false);
  const [rowField, postingField] = [fieldOf(doc._id, row), fieldOf(doc._id, posting)];
  return [
    ...[ALL, liveblogScope(doc.liveblogId)].map((scope) => ({ scope, hour, field: rowField, row })),
    ...doc.terms.map((t) => ({ scope: termScope(t), hour, field: postingField, row: posting })),
  ];
}

/** The posting-list rows of an entry version, from its row in all entries (which holds its terms). */
function postingsOf(field: string, encoded: string): Listing[] {
  const { terms = [], ...facts } = decodeRow(encoded);
  const row = encodeFacts(facts);
  const posting = fieldOf(entryIdOf(field), row);
  return terms.map((t) => ({ scope: termScope(t), hour: hourOf(facts.at), field: posting, row }));
}

/** The scopes a listing walks: all of them must hold an entry for it to be a candidate. */
function scopesOf({ filters, terms }: EntryPredicate): string[] {
  const scopes = [...(filters.liveblogId ? [liveblogScope(filters.liveblogId)] : []), ...(terms ?? []).map(termScope)];
  return scopes.length > 0 ? scopes : [ALL];
}

const entryIdOf = (field: string): string => field.slice(0, field.indexOf('~'));

interface Candidate {
  entryId: string;
  at: number;
}

/**
 * The newest-first listings of entries, as documents read by _id alone: per scope (all entries, one
 * liveblog, or one search term) one document per hour holding a row per entry version (its sort time and
 * the facts filters test), and a directory of the hours that have rows.
 *
 * A search walks the posting lists of its terms, not all entries: it starts from the scope with the
 * fewest hours (the rarest term, or the liveblog), reads only the hours every scope has, and keeps the
 * entries that every scope lists in that hour. A word found once in all time costs a few point reads.
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
  constructor(
    private readonly c: Collections,
    private readonly rowsPerPage = ROWS_PER_PAGE,
  ) {}

  /** Adds the rows of these entry versions; call before the entries are written, so listed ⇒ written. */
  add(docs: readonly EntryDoc[]): Promise<void> {
    return this.write(docs.flatMap(listingsOf));
  }

  /**
   * Writes the posting lists of entries listed before posting lists existed, from their rows in all
   * entries, hour by hour, newest first; marks the database done at the end. Idempotent, so a run cut
   * short starts again; returns the hours written (0 once done).
   */
  async addMissingPostings(): Promise<number> {
    const directory = await this.c.timelineHours.findOne({ _id: ALL });
    if (!directory || directory.postings) return 0;
    const hours = [...directory.hours].sort((a, b) => b - a);
    for (const hour of hours) {
      const bucket = await this.c.timeline.findOne({ _id: bucketId(ALL, hour) });
      await this.write(Object.entries(bucket?.rows ?? {}).flatMap(([field, row]) => postingsOf(field, row)));
    }
    await this.c.timelineHours.updateOne({ _id: ALL }, { $set: { postings: true } });
    return hours.length;
  }

  private async write(listings: readonly Listing[]): Promise<void> {
    const buckets = new Map<string, Record<string, string>>();
    const hours = new Map<string, Set<number>>();
    for (const { scope, hour, field, row } of listings) {
      const id = bucketId(scope, hour);
      const fields = buckets.get(id) ?? {};
      fields[`rows.${field}`] = row;
      buckets.set(id, fields);
      hours.set(scope, (hours.get(scope) ?? new Set()).add(hour));
    }
    await orderedBulkWrite(
      this.c.timelineHours,
      [...hours].map(([scope, set]) => ({
        updateOne: {
          filter: { _id: scope },
          // A database whose first entry is indexed with posting lists has them for every entry.
          update: { $addToSet: { hours: { $each: [...set] } }, ...(scope === ALL ? { $setOnInsert: { postings: true as const } } : {}) },
          upsert: true,
        },
      })),
    );
    await orderedBulkWrite(
      this.c.timeline,
      [...buckets].map(([_id, fields]): AnyBulkWriteOperation<TimelineBucketDoc> => ({
        updateOne: { filter: { _id }, update: { $set: fields }, upsert: true },
      })),
    );
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
    const { since, until } = predicate.filters;
    const scopes = scopesOf(predicate);
    const directories = await Promise.all(scopes.map((scope) => this.c.timelineHours.findOne({ _id: scope })));
    const hourSets = directories.map((d) => new Set(d?.hours ?? []));
    const driver = hourSets.reduce((rarest, set, i) => (set.size < hourSets[rarest]!.size ? i : rarest), 0);
    const others = scopes.filter((_, i) => i !== driver);
    // A cursor with an empty id resumes below its time: nothing at that time is after it.
    const below = cursor ? cursor.sortKey.getTime() - (cursor.id === '' ? 1 : 0) : Infinity;
    const upper = Math.min(below, until ? until.getTime() - 1 : Infinity);
    const lower = since ? hourOf(since.getTime()) : -Infinity;
    const hours = [...hourSets[driver]!]
      .filter((h) => h <= upper && h >= lower && hourSets.every((set) => set.has(h)))
      .sort((a, b) => b - a);

    const listed: EntryDoc[] = [];
    let examined = 0;
    // One hour first (an unfiltered page rarely needs more), then twice as many per read.
    for (let start = 0, size = 1; start < hours.length; start += size, size = Math.min(size * 2, MAX_HOURS_PER_READ)) {
      const batch = hours.slice(start, start + size);
      const rows = await this.rowsIn(scopes[driver]!, others, batch);
      examined += rows.length;
      const candidates = new Map<string, Candidate>();
      for (const [field, encoded] of rows) {
        const entryId = entryIdOf(field);
        const row = decodeRow(encoded);
        if (!comesAfter(cursor, row.at, entryId) || !mayMatch({ ...row, sortKey: new Date(row.at) }, predicate)) continue;
        candidates.set(`${entryId}@${row.at}`, { entryId, at: row.at });
      }
      const ordered = [...candidates.values()].sort((a, b) => newerFirst(a.at, a.entryId, b.at, b.entryId));
      listed.push(...(await this.verify(ordered, limit + 1 - listed.length, predicate, load)));
      if (listed.length > limit) return pageOf(listed, limit);
      if (examined >= this.rowsPerPage && start + batch.length < hours.length) {
        // Everything at or after this hour has been looked at; an empty id sorts before every entry's.
        return pageOf(listed, limit, { sortKey: new Date(batch[batch.length - 1]!), id: '' });
      }
    }
    return pageOf(listed, limit);
  }

  /** The driving scope's rows in these hours whose entry every other scope lists in the same hour. */
  private async rowsIn(driver: string, others: readonly string[], hours: readonly number[]): Promise<[string, string][]> {
    const read = (scope: string) => Promise.all(hours.map((h) => this.c.timeline.findOne({ _id: bucketId(scope, h) })));
    const [driven, ...intersected] = await Promise.all([driver, ...others].map(read));
    return driven!.flatMap((bucket, i) => {
      const listedBy = intersected.map((buckets) => new Set(Object.keys(buckets[i]?.rows ?? {}).map(entryIdOf)));
      return Object.entries(bucket?.rows ?? {}).filter(([field]) => listedBy.every((ids) => ids.has(entryIdOf(field))));
    });
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
