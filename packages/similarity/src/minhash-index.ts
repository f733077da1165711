import type { Redis } from 'ioredis';
import { DEFAULT_WINDOW_MS, MINHASH_CHOSEN } from './config';
import { CorruptIndexError, SimilarityConfigError } from './errors';
import { containment, minhashBands, minhashSignature, shingleSetFromHex, shingleSetToHex, type ShingleSet } from './minhash';

export interface MinHashIndexOptions {
  redis: Redis;
  /** The deployment's key prefix (QUEUE_PREFIX). */
  prefix: string;
  bands?: number;
  rows?: number;
  /** Smallest exact containment returned by candidates(). */
  minContainment?: number;
  /** How far back candidates reach, in ms; every key also expires after it. */
  windowMs?: number;
  /** Newest entries read per bucket: bounds a lookup's cost whatever the window size. */
  maxPerBucket?: number;
}

export interface MinHashCandidate {
  id: string;
  containment: number;
  /** What the caller stored with the entry (e.g. its cluster), returned as is. */
  label: string;
}

export interface MinHashEntry {
  id: string;
  set: ShingleSet;
  /** First-seen time (ms): the score in the buckets, kept by a replay. */
  at: number;
  label: string;
}

/**
 * MinHash LSH index in Redis, verified by exact containment. Each band value is a bucket, a sorted set
 * of entry ids scored by first-seen time; each entry's shingle set and the caller's label are a hash
 * beside them, so a candidate that met in a band by chance is checked on the real sets, not on an
 * estimate, and comes back with its label in the same round trip.
 *
 * All keys share the hash tag {sim} (see SimilarityIndex): an insert is one MULTI, atomic, so a replay
 * never leaves an entry in some bands only, nor a batch half inserted. An edited entry keeps its
 * first-seen time and its earlier bands until they leave the window; its set is replaced, so it is
 * verified as it reads now.
 */
export class MinHashIndex {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly bands: number;
  private readonly rows: number;
  private readonly minContainment: number;
  private readonly windowMs: number;
  private readonly maxPerBucket: number;

  constructor(options: MinHashIndexOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.bands = options.bands ?? MINHASH_CHOSEN.bands;
    this.rows = options.rows ?? MINHASH_CHOSEN.rows;
    this.minContainment = options.minContainment ?? MINHASH_CHOSEN.minContainment;
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.maxPerBucket = options.maxPerBucket ?? 1000;
    for (const [name, value] of [['bands', this.bands], ['rows', this.rows], ['maxPerBucket', this.maxPerBucket]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new SimilarityConfigError(`${name} must be a positive integer, got ${value}`);
    }
    if (!(this.minContainment > 0 && this.minContainment <= 1)) {
      throw new SimilarityConfigError(`minContainment must be in (0, 1], got ${this.minContainment}`);
    }
    if (!(this.windowMs >= 1000)) throw new SimilarityConfigError(`windowMs must be at least 1000, got ${this.windowMs}`);
  }

  bucketKey(band: number, value: string): string {
    return `${this.prefix}:{sim}:mh:${band}:${value}`;
  }

  entryKey(id: string): string {
    return `${this.prefix}:{sim}:mhentry:${id}`;
  }

  private bandsOf(set: ShingleSet): string[] {
    const signature = minhashSignature(set, this.bands * this.rows);
    return signature ? minhashBands(signature, this.bands, this.rows) : [];
  }

  /**
   * Adds entries in one MULTI and trims what fell out of the window from the buckets they touch.
   * An empty set is not indexed: it would match nothing anyway.
   */
  async insert(entries: readonly MinHashEntry[]): Promise<void> {
    const batch = this.redis.multi();
    for (const { id, set, at, label } of entries) {
      const bands = this.bandsOf(set);
      if (bands.length === 0) continue;
      bands.forEach((value, band) => {
        const key = this.bucketKey(band, value);
        batch.zadd(key, 'NX', at, id);
        batch.zremrangebyscore(key, '-inf', `(${at - this.windowMs}`);
        batch.pexpire(key, this.windowMs);
      });
      batch.hset(this.entryKey(id), { set: shingleSetToHex(set), label });
      batch.pexpire(this.entryKey(id), this.windowMs);
    }
    if (batch.length === 0) return;
    const replies = await batch.exec();
    const failed = replies?.find(([error]) => error !== null);
    if (failed) throw failed[0];
  }

  /** The labels stored with these ids, null for an id not in the window; one round trip. */
  async labels(ids: readonly string[]): Promise<Array<string | null>> {
    if (ids.length === 0) return [];
    const read = this.redis.pipeline();
    for (const id of ids) read.hget(this.entryKey(id), 'label');
    return ((await read.exec()) ?? []).map(([error, reply]) => {
      if (error) throw error;
      return typeof reply === 'string' ? reply : null;
    });
  }

  /**
   * Entries of the window that meet `set` in a band and contain, or are contained in, it to at least
   * minContainment; highest containment first, then by id. Two round trips: the buckets, then the
   * candidates' sets and labels.
   */
  async candidates(set: ShingleSet, at: number): Promise<MinHashCandidate[]> {
    const bands = this.bandsOf(set);
    if (bands.length === 0) return [];
    const lookup = this.redis.pipeline();
    bands.forEach((value, band) => {
      lookup.zrevrangebyscore(this.bucketKey(band, value), '+inf', at - this.windowMs, 'LIMIT', 0, this.maxPerBucket);
    });
    const ids = new Set<string>();
    for (const [error, reply] of (await lookup.exec()) ?? []) {
      if (error) throw error;
      for (const id of reply as string[]) ids.add(id);
    }
    if (ids.size === 0) return [];
    const ordered = [...ids];
    const read = this.redis.pipeline();
    for (const id of ordered) read.hmget(this.entryKey(id), 'set', 'label');
    const stored = (await read.exec()) ?? [];
    const found: MinHashCandidate[] = [];
    ordered.forEach((id, i) => {
      const [error, reply] = stored[i] ?? [null, null];
      if (error) throw error;
      const [hex, label] = (reply as Array<string | null> | null) ?? [null, null];
      // The entry expired before a bucket that still names it: it left the window.
      if (hex === null || hex === undefined) return;
      const theirs = shingleSetFromHex(hex);
      if (!theirs) throw new CorruptIndexError(`shingle set of ${JSON.stringify(id)} is not hex`);
      const share = containment(set, theirs);
      if (share >= this.minContainment) found.push({ id, containment: share, label: label ?? '' });
    });
    return found.sort((a, b) => b.containment - a.containment || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
