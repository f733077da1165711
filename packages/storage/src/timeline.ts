import type { AnyBulkWriteOperation } from 'mongodb';
import { shortHash } from '@liveblog/fingerprint';
import type { Collections } from './database';
import type { EntryDoc, TimelineBucketDoc, TimelineMinutesDoc } from './documents';
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
/** Scope hours remembered as present in their directory, at most; then the memory starts over. */
const MAX_RECORDED = 100_000;

/**
 * The postings of a minute are spread over this many documents by term: an indexer job writes at most
 * this many per minute it touches, and a search reads small documents.
 */
const POSTING_SHARDS = 16;
/** A finished hour is folded this long after its end, when late entries of the hour have mostly come. */
const FOLD_GRACE_MS = 2 * MINUTE_MS;
/** A folded hour is folded again once this many of its minutes have postings written since. */
const REFOLD_MINUTES = 10;

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
const shardOf = (term: string): number => parseInt(shortHash([term], 4), 16) % POSTING_SHARDS;
const shardBucketId = (shard: number, minute: number): string => `${shardScope(shard)}@${minute}`;
const postingBucketId = (term: string, minute: number): string => shardBucketId(shardOf(term), minute);
/** A finished hour's postings of one shard, folded from its minutes (`/`: neither `@` nor the hour layout's `|`). */
const foldedBucketId = (shard: number, hour: number): string => `${shardScope(shard)}/${hour}`;
/** A minute as a field name: digits alone would read as an array index in an update path. */
const minuteKey = (minute: number): string => `t${minute}`;
/**
 * `<entryId>~<sort time>` in the term's set: `~` occurs in neither. With the time too, so that versions
 * written out of order each keep theirs (a set union, like the rows); the stored entry says which holds.
 * A set of strings per term, not a field per posting: FerretDB stores a field's name in the document's
 * type schema and key list as well as beside its value, which made postings three times as large.
 */
const posting = (entryId: string, at: number): string => `${entryId}~${at}`;
/** The postings of a set's elements: a minute document's hold one each, a folded hour's a minute's worth, space-separated. */
const postingsIn = (elements: readonly string[]): string[] => elements.flatMap((e) => e.split(' '));

/** An hour's minutes whose postings are not all folded (never folded, or written since), and whether any is. */
function foldState(list: TimelineMinutesDoc): { unfolded: number[]; anyFolded: boolean } {
  const folded = list.folded ?? {};
  const unfolded = list.minutes.filter((m) => folded[minuteKey(m)] === undefined || folded[minuteKey(m)] !== (list.writes?.[minuteKey(m)] ?? 0));
  return { unfolded, anyFolded: Object.keys(folded).length > 0 };
}

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

/**
 * A row for all entries' minute documents: those are read only by listings without search words (a
 * search across all entries reads the postings), and every liveblog writing in the minute rewrites
 * them whole on FerretDB, so they leave out the terms, most of a row's bytes.
 */
function withoutTerms(row: string): string {
  const fields = row.split('\t');
  fields[3] = '';
  return fields.join('\t');
}

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
 * version in that minute, kept in one of the minute's POSTING_SHARDS documents; once the hour is over,
 * its minutes' postings are folded into one document per shard (foldHours). A search reads only the
 * hours every one of its words (and its liveblog) has, intersected from the rarest directory on; in them
 * it intersects its words' postings hour by hour (or, within a liveblog, reads the liveblog's rows,
 * which carry the terms). A word found once in a folded hour costs its directory, the hour's minute
 * list, one shard and its entry. Shards rather than a document per term keep the
 * indexer's statements few (measured: a document per term and hour made an indexer job three to four
 * times as expensive, shards about twice), and a process writes a directory hour once.
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
   * Scope hours this process has written into their directories. Directories only ever
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
   * included), newest hour first, folding each hour's postings (see foldHours) and deleting its old
   * documents once moved; marks the database done at the end. Liveblogs' hour documents stay as they
   * are. Idempotent, so a run cut short starts again; returns the hours moved (0 once done).
   */
  async moveHourBuckets(): Promise<number> {
    const directory = await this.c.timelineHours.findOne({ _id: ALL });
    if (!directory || directory.byMinute) return 0;
    const hours = [...directory.hours].sort((a, b) => b - a);
    for (const hour of hours) {
      const bucket = await this.c.timeline.findOne({ _id: bucketId(ALL, hour) });
      await this.write(Object.entries(bucket?.rows ?? {}).map(([field, row]) => ({ field, row })));
      await this.foldHour(hour);
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
      const entryId = entryIdOf(field);
      const allRow = withoutTerms(row);
      put(allBucketId(minute), `${entryId}~${shortHash([allRow], 16)}`, allRow);
      inDirectory(ALL, hour);
      minutes.set(hour, (minutes.get(hour) ?? new Set()).add(minute));
      if (liveblogId) {
        put(bucketId(liveblogScope(liveblogId), hour), field, row);
        inDirectory(liveblogScope(liveblogId), hour);
      }
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
    // Counted after the minutes are written, every time: a fold that read the count has read what it counts.
    await orderedBulkWrite(
      this.c.timelineMinutes,
      [...minutes].map(([hour, set]) => ({
        updateOne: {
          filter: { _id: bucketId(ALL, hour) },
          update: { $addToSet: { minutes: { $each: [...set] } }, $inc: Object.fromEntries([...set].map((m) => [`writes.${minuteKey(m)}`, 1])) },
          upsert: true,
        },
      })),
    );
    if (this.recorded.size > MAX_RECORDED) this.recorded.clear();
    for (const [scope, set] of hours) for (const hour of set) this.recorded.add(bucketId(scope, hour));
  }

  /**
   * Folds the postings of finished hours from `since` on into a document per shard and hour, so that a
   * search reads one document per hour where it read one per minute (measured: a word found once read 60
   * minute documents, p99 560 ms against 200 ms for hour documents). Minutes keep being written: an
   * hour is folded once it is over and folded again when enough late postings have come. Repeatable and
   * safe beside writers and other folds (see foldHour). Returns the hours folded.
   */
  async foldHours(now: Date, since: Date): Promise<number> {
    const directory = await this.c.timelineHours.findOne({ _id: ALL });
    const finished = (directory?.hours ?? []).filter((h) => h >= hourOf(since.getTime()) && h + HOUR_MS + FOLD_GRACE_MS <= now.getTime());
    let folded = 0;
    for (const hour of finished) if (await this.foldHour(hour)) folded++;
    return folded;
  }

  /**
   * Unions the postings of an hour's minutes not yet folded into the hour's folded documents (a set
   * union, so repeating it or racing another fold adds nothing), then records each minute as folded at
   * the write count read before its documents: a minute written to since counts as not folded, and
   * searches read its minute document beside the hour's.
   */
  private async foldHour(hour: number): Promise<boolean> {
    const list = await this.c.timelineMinutes.findOne({ _id: bucketId(ALL, hour) });
    if (!list) return false;
    const { unfolded, anyFolded } = foldState(list);
    if (unfolded.length === 0 || (anyFolded && unfolded.length < REFOLD_MINUTES)) return false;
    const shards = Array.from({ length: POSTING_SHARDS }, (_, shard) => shard);
    const docs = await findByIds(this.c.timeline, shards.flatMap((shard) => unfolded.map((m) => shardBucketId(shard, m))));
    const folds = shards.flatMap((shard): AnyBulkWriteOperation<TimelineBucketDoc>[] => {
      const byTerm = new Map<string, string[]>();
      for (const m of unfolded) {
        for (const [term, postings] of Object.entries(docs.get(shardBucketId(shard, m))?.postings ?? {})) {
          const minutes = byTerm.get(term) ?? [];
          minutes.push(postings.join(' '));
          byTerm.set(term, minutes);
        }
      }
      if (byTerm.size === 0) return [];
      const update = { $addToSet: Object.fromEntries([...byTerm].map(([term, minutes]) => [`postings.${term}`, { $each: minutes }])) };
      return [{ updateOne: { filter: { _id: foldedBucketId(shard, hour) }, update, upsert: true } }];
    });
    await orderedBulkWrite(this.c.timeline, folds);
    const counts = Object.fromEntries(unfolded.map((m) => [`folded.${minuteKey(m)}`, list.writes?.[minuteKey(m)] ?? 0]));
    await this.c.timelineMinutes.updateOne({ _id: list._id }, { $set: counts });
    return true;
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
    return [...(await this.minuteLists(hours)).values()].flatMap((list) => list.minutes);
  }

  /** The minute lists of these hours that have one, by id. */
  private minuteLists(hours: readonly number[]): Promise<Map<string, TimelineMinutesDoc>> {
    return findByIds(this.c.timelineMinutes, hours.map((h) => bucketId(ALL, h)));
  }

  /**
   * The entry versions of these hours that every one of the terms has a posting of (the same entry at the
   * same time), and the rarest term's postings as examined. An hour's postings are its folded documents
   * and the minute documents of the minutes not folded.
   */
  private async postings(terms: readonly string[], hours: readonly number[]): Promise<Found> {
    const lists = await this.minuteLists(hours);
    const sources = hours.map((hour): ((term: string) => string[]) => {
      const list = lists.get(bucketId(ALL, hour));
      if (!list) return () => [];
      const { unfolded, anyFolded } = foldState(list);
      return (term: string) => [...(anyFolded ? [foldedBucketId(shardOf(term), hour)] : []), ...unfolded.map((m) => postingBucketId(term, m))];
    });
    const docs = await findByIds(this.c.timeline, sources.flatMap((idsOf) => terms.flatMap(idsOf)));
    const perHour = sources.map((idsOf) => {
      const [rarest, ...others] = terms
        .map((term) => new Set(idsOf(term).flatMap((id) => postingsIn(docs.get(id)?.postings?.[term] ?? []))))
        .sort((a, b) => a.size - b.size);
      const candidates = [...rarest!].filter((p) => others.every((set) => set.has(p))).map((p) => {
        const [entryId, at] = p.split('~') as [string, string];
        return { entryId, at: Number(at) };
      });
      return { candidates, examined: rarest!.size };
    });
    return { candidates: perHour.flatMap((h) => h.candidates), examined: perHour.reduce((n, h) => n + h.examined, 0) };
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
