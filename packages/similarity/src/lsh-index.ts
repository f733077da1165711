import type { ChainableCommander, Redis } from 'ioredis';
import { assertBandCount, bandValues } from './bands';
import { CHOSEN, DEFAULT_WINDOW_MS } from './config';
import { CorruptIndexError, SimilarityConfigError } from './errors';
import { hammingDistance, simhashFromHex, simhashToHex, type SimHash } from './simhash';

export interface SimilarityIndexOptions {
  redis: Redis;
  /** The deployment's key prefix (QUEUE_PREFIX). */
  prefix: string;
  bands?: number;
  /** Largest Hamming distance returned by candidates(). */
  threshold?: number;
  /** How far back candidates reach, in ms; buckets also expire after it. */
  windowMs?: number;
  /**
   * Newest entries read per bucket. Buckets grow with the window (8-bit bands: 1/256 of it each), so
   * this cap is what keeps a lookup's cost independent of window size; older members of an over-full
   * bucket are not seen.
   */
  maxPerBucket?: number;
}

export interface Candidate {
  id: string;
  simhash: SimHash;
  distance: number;
}

const HEX_CHARS = 16;

/**
 * Locality-sensitive index of SimHashes in Redis. Each band value is a bucket, a sorted set of
 * "<simhash hex>:<id>" scored by time: the member carries the hash, so a lookup is one round trip
 * with no per-id key to fetch or to leave dangling.
 *
 * All keys share the hash tag {sim}: an insert is one MULTI (atomic, so an at-least-once replay never
 * leaves an entry in some bands only) and a lookup one pipeline, both legal on Redis Cluster because
 * every key maps to one slot. The price is that the index lives on one shard: about 120 bytes per
 * entry and band (962 MB measured for 10^6 entries in the window at 8 bands).
 */
export class SimilarityIndex {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly bands: number;
  private readonly threshold: number;
  private readonly windowMs: number;
  private readonly maxPerBucket: number;

  constructor(options: SimilarityIndexOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.bands = options.bands ?? CHOSEN.bands;
    this.threshold = options.threshold ?? CHOSEN.threshold;
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.maxPerBucket = options.maxPerBucket ?? 1000;
    assertBandCount(this.bands);
    if (!Number.isInteger(this.threshold) || this.threshold < 0 || this.threshold > 64) {
      throw new SimilarityConfigError(`threshold must be an integer from 0 to 64, got ${this.threshold}`);
    }
    if (!(this.windowMs >= 1000)) throw new SimilarityConfigError(`windowMs must be at least 1000, got ${this.windowMs}`);
    if (!Number.isInteger(this.maxPerBucket) || this.maxPerBucket < 1) {
      throw new SimilarityConfigError(`maxPerBucket must be a positive integer, got ${this.maxPerBucket}`);
    }
  }

  bucketKey(band: number, value: string): string {
    return `${this.prefix}:{sim}:band:${band}:${value}`;
  }

  /** Adds an entry seen at `at` (ms) and trims what fell out of the window from the buckets it touches. */
  async insert(id: string, simhash: SimHash, at: number): Promise<void> {
    await this.run(this.redis.multi(), [{ id, simhash, at }]);
  }

  /**
   * Adds many entries in one pipeline (a backfill, or filling a benchmark): one ZADD, trim and expiry
   * per bucket instead of per entry. Not atomic; a failed batch is retried whole, which is harmless
   * because ZADD NX keeps first-seen times.
   */
  async insertMany(entries: ReadonlyArray<{ id: string; simhash: SimHash; at: number }>): Promise<void> {
    await this.run(this.redis.pipeline(), entries);
  }

  private async run(
    batch: ChainableCommander,
    entries: ReadonlyArray<{ id: string; simhash: SimHash; at: number }>,
  ): Promise<void> {
    const buckets = new Map<string, { scoresAndMembers: Array<number | string>; latest: number }>();
    for (const { id, simhash, at } of entries) {
      const member = `${simhashToHex(simhash)}:${id}`;
      bandValues(simhash, this.bands).forEach((value, band) => {
        const key = this.bucketKey(band, value);
        const bucket = buckets.get(key) ?? { scoresAndMembers: [], latest: at };
        bucket.scoresAndMembers.push(at, member);
        bucket.latest = Math.max(bucket.latest, at);
        buckets.set(key, bucket);
      });
    }
    for (const [key, { scoresAndMembers, latest }] of buckets) {
      batch.zadd(key, 'NX', ...scoresAndMembers);
      batch.zremrangebyscore(key, '-inf', `(${latest - this.windowMs}`);
      batch.pexpire(key, this.windowMs);
    }
    const replies = await batch.exec();
    const failed = replies?.find(([error]) => error !== null);
    if (failed) throw failed[0];
  }

  /**
   * Entries of the window before or after `at` that share a band with `simhash` and lie within the
   * threshold, closest first (then by id). An id inserted with several hashes (an edited entry) appears
   * once, with its closest hash. First-seen times stay in Redis as scores and are not read back:
   * WITHSCORES more than doubles the cost of a lookup, and the caller keeps its entries' times anyway.
   */
  async candidates(simhash: SimHash, at: number): Promise<Candidate[]> {
    const pipeline = this.redis.pipeline();
    bandValues(simhash, this.bands).forEach((value, band) => {
      pipeline.zrevrangebyscore(this.bucketKey(band, value), '+inf', at - this.windowMs, 'LIMIT', 0, this.maxPerBucket);
    });
    const replies = (await pipeline.exec()) ?? [];
    const closest = new Map<string, Candidate>();
    for (const [error, reply] of replies) {
      if (error) throw error;
      for (const member of reply as string[]) {
        // Most members of a bucket are far: their distance is computed without building anything.
        const distance = hammingDistance(
          { hi: parseInt(member.slice(0, 8), 16), lo: parseInt(member.slice(8, HEX_CHARS), 16) },
          simhash,
        );
        if (!(distance <= this.threshold)) continue;
        const candidate = this.parseMember(member, distance);
        const known = closest.get(candidate.id);
        if (!known || candidate.distance < known.distance) closest.set(candidate.id, candidate);
      }
    }
    return [...closest.values()].sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private parseMember(member: string, distance: number): Candidate {
    const hash = simhashFromHex(member.slice(0, HEX_CHARS));
    if (!hash || member[HEX_CHARS] !== ':') {
      throw new CorruptIndexError(`bucket member ${JSON.stringify(member)} is not "<16 hex>:<id>"`);
    }
    return { id: member.slice(HEX_CHARS + 1), simhash: hash, distance };
  }
}
