import type { Cluster, Redis } from 'ioredis';
import { DEFAULT_WINDOW_MS, MINHASH_CHOSEN } from './config';
import { decodeEntryRecord, encodeEntryRecord } from './entry-record';
import { CorruptIndexError, SimilarityConfigError } from './errors';
import { bandDigests, containment, minhashSignature, type ShingleSet } from './minhash';
import { RedisScript } from './redis-script';

export interface MinHashIndexOptions {
  redis: Redis | Cluster;
  /** The deployment's key prefix (QUEUE_PREFIX). */
  prefix: string;
  bands?: number;
  rows?: number;
  /** Smallest exact containment returned by candidates(). */
  minContainment?: number;
  /** How far back candidates reach, in ms; every key also expires after it. */
  windowMs?: number;
  /** Entries read per bucket and generation: bounds a lookup's cost whatever the window size. */
  maxPerBucket?: number;
  /**
   * Entries the window is expected to hold (default DEFAULT_EXPECTED_ENTRIES); sizes the bucket shards
   * so that each stays a small, compact sorted set (see BUCKETS_PER_SHARD). Changing it moves every
   * bucket: entries indexed before are not found until they leave the window.
   */
  expectedEntries?: number;
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
  /** First-seen time (ms): kept by a replay, and what the window is measured from. */
  at: number;
  label: string;
}

/**
 * Buckets are grouped by time into generations of a quarter window: a generation's keys all expire
 * together once its newest entry has left the window, so an entry costs no key of its own per band,
 * at the price of keeping up to a quarter window more and reading each band in 6 generations (the 5
 * a window touches, and the next).
 */
const GENERATIONS_PER_WINDOW = 4;
/**
 * Band values a shard (one sorted set) is sized to hold on average: half of Redis's default
 * zset-max-listpack-entries (128), so shards stay listpacks (~11 bytes a member) rather than skiplists
 * (~100) even where Poisson chance doubles one.
 */
const BUCKETS_PER_SHARD = 64;
/**
 * Bits of a band's second digest kept as the score inside a shard. With the shard's bits this
 * identifies a band value by 35+ bits: a stranger shares a bucket with one lookup in ~500 at 10^6
 * entries, and is then dropped by verification. 23 bits keep the score a 4-byte listpack integer.
 */
const SCORE_BITS = 23;

/** Numeric ids from the id keys, allocated in one atomic step; a known id keeps its number and first-seen time. */
const ALLOCATE = new RedisScript(`
local out = {}
for i = 2, #KEYS do
  local known = redis.call('GET', KEYS[i])
  if not known then
    known = redis.call('INCR', KEYS[1]) .. ':' .. ARGV[2 * i - 2]
    redis.call('SET', KEYS[i], known, 'PXAT', ARGV[2 * i - 1])
  end
  out[i - 1] = known
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return out
`);

/**
 * Per entry: its record, then one key per band. ARGV: bands, then per entry its number, record, record
 * expiry, bucket expiry and one score per band.
 */
const WRITE = new RedisScript(`
local bands = tonumber(ARGV[1])
local k, a = 1, 2
while k <= #KEYS do
  local num, bucketExpireAt = ARGV[a], ARGV[a + 3]
  redis.call('SET', KEYS[k], ARGV[a + 1], 'PXAT', ARGV[a + 2])
  for b = 1, bands do
    redis.call('ZADD', KEYS[k + b], 'NX', ARGV[a + 3 + b], num)
    redis.call('PEXPIREAT', KEYS[k + b], bucketExpireAt)
  end
  k = k + 1 + bands
  a = a + 4 + bands
end
return 0
`);

/** The distinct entry numbers in the given buckets. ARGV: per-bucket limit, then one score per key. */
const LOOKUP = new RedisScript(`
local seen, out = {}, {}
for i = 1, #KEYS do
  local score = ARGV[i + 1]
  for _, num in ipairs(redis.call('ZRANGEBYSCORE', KEYS[i], score, score, 'LIMIT', 0, ARGV[1])) do
    if not seen[num] then
      seen[num] = true
      out[#out + 1] = num
    end
  end
end
return out
`);

/** The window size shards are sized for unless told: the scale, which a smaller window affords. */
export const DEFAULT_EXPECTED_ENTRIES = 1_000_000;

/** An id key's value: the entry's number and first-seen time. */
const ALLOCATION = /^(\d+):(-?\d+(?:\.\d+)?)$/;

/**
 * MinHash LSH index in Redis, verified by exact containment. Every key carries the hash tag {sim}, so
 * all of it lives in one cluster slot and each script below is atomic and cluster-legal.
 *
 * - `mh:id:<id>` → `<n>:<first seen>`: a short number per entry id, from the counter `mh:seq`.
 * - `mh:e:<n>` → the entry's record (id, first-seen time, label, shingle set; see entry-record.ts),
 *   which candidates are verified on and come back with.
 * - `mh:b:<generation>:<band>:<shard>` → a sorted set of entry numbers scored by band value: many
 *   buckets share one small key, instead of a key per bucket.
 *
 * Entry keys expire one window after first sight, generation keys one window after their generation
 * ends; the counter expires when nothing has been inserted for longer than anything it numbered lives.
 * An insert is two atomic steps, numbering then writing; a replay after a failure between them
 * finds its numbers and writes the rest. An edited entry keeps its first-seen time and its earlier bands
 * until they leave the window; its set and label are replaced, so it is verified as it reads now.
 */
export class MinHashIndex {
  private readonly redis: Redis | Cluster;
  private readonly prefix: string;
  private readonly bands: number;
  private readonly rows: number;
  private readonly minContainment: number;
  private readonly windowMs: number;
  private readonly generationMs: number;
  private readonly maxPerBucket: number;
  private readonly shardBits: number;

  constructor(options: MinHashIndexOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.bands = options.bands ?? MINHASH_CHOSEN.bands;
    this.rows = options.rows ?? MINHASH_CHOSEN.rows;
    this.minContainment = options.minContainment ?? MINHASH_CHOSEN.minContainment;
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.maxPerBucket = options.maxPerBucket ?? 1000;
    const expectedEntries = options.expectedEntries ?? DEFAULT_EXPECTED_ENTRIES;
    for (const [name, value] of [['bands', this.bands], ['rows', this.rows], ['maxPerBucket', this.maxPerBucket], ['expectedEntries', expectedEntries]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new SimilarityConfigError(`${name} must be a positive integer, got ${value}`);
    }
    if (!(this.minContainment > 0 && this.minContainment <= 1)) {
      throw new SimilarityConfigError(`minContainment must be in (0, 1], got ${this.minContainment}`);
    }
    if (!(this.windowMs >= 1000)) throw new SimilarityConfigError(`windowMs must be at least 1000, got ${this.windowMs}`);
    this.generationMs = this.windowMs / GENERATIONS_PER_WINDOW;
    const shards = expectedEntries / GENERATIONS_PER_WINDOW / BUCKETS_PER_SHARD;
    // From the band's first digest, independent of the score's bits (the second): up to 2^20 shards a band.
    this.shardBits = Math.min(20, Math.max(0, Math.ceil(Math.log2(shards))));
  }

  private key(suffix: string): string {
    return `${this.prefix}:{sim}:mh:${suffix}`;
  }

  private generationOf(at: number): number {
    return Math.floor(at / this.generationMs);
  }

  /** Each band's key within `generation` and its score there, from the set's band digests. */
  private buckets(set: ShingleSet): { shards: string[]; scores: number[] } | null {
    const signature = minhashSignature(set, this.bands * this.rows);
    if (!signature) return null;
    const digests = bandDigests(signature, this.bands, this.rows);
    const shards: string[] = [];
    const scores: number[] = [];
    for (let band = 0; band < this.bands; band++) {
      const shard = this.shardBits === 0 ? 0 : (digests[band * 2] as number) >>> (32 - this.shardBits);
      shards.push(`${band}:${shard}`);
      scores.push((digests[band * 2 + 1] as number) >>> (32 - SCORE_BITS));
    }
    return { shards, scores };
  }

  private bucketKey(generation: number, shard: string): string {
    return this.key(`b:${generation}:${shard}`);
  }

  private parseAllocation(id: string, raw: string): { num: string; firstSeenAt: number } {
    const match = ALLOCATION.exec(raw);
    if (!match) throw new CorruptIndexError(`id key of ${JSON.stringify(id)} is not <number>:<first seen>: ${raw}`);
    return { num: match[1] as string, firstSeenAt: Number(match[2]) };
  }

  /**
   * Adds entries: numbers them (a known id keeps its number and first-seen time), then writes records
   * and buckets in one script. An empty set is not indexed: it would match nothing anyway.
   */
  async insert(entries: readonly MinHashEntry[]): Promise<void> {
    const indexed = entries.flatMap((entry) => {
      const buckets = this.buckets(entry.set);
      return buckets ? [{ ...entry, ...buckets }] : [];
    });
    if (indexed.length === 0) return;
    const allocateArgs: Array<string | number> = [Math.ceil(this.windowMs + 2 * this.generationMs)];
    for (const { at } of indexed) allocateArgs.push(at, Math.ceil(at + this.windowMs));
    const allocated = (await ALLOCATE.run(this.redis, [this.key('seq'), ...indexed.map(({ id }) => this.key(`id:${id}`))], allocateArgs)) as string[];

    const keys: string[] = [];
    const args: Array<string | number | Buffer> = [this.bands];
    indexed.forEach(({ id, set, label, shards, scores }, i) => {
      const { num, firstSeenAt } = this.parseAllocation(id, allocated[i] as string);
      const generation = this.generationOf(firstSeenAt);
      keys.push(this.key(`e:${num}`), ...shards.map((shard) => this.bucketKey(generation, shard)));
      args.push(
        num,
        encodeEntryRecord({ id, firstSeenAt, label, set }),
        Math.ceil(firstSeenAt + this.windowMs),
        Math.ceil((generation + 1) * this.generationMs + this.windowMs),
        ...scores,
      );
    });
    await WRITE.run(this.redis, keys, args);
  }

  /** The records of these numbers, null where one has expired; one round trip. */
  private async records(nums: readonly string[]): Promise<Array<Buffer | null>> {
    if (nums.length === 0) return [];
    return this.redis.mgetBuffer(...nums.map((num) => this.key(`e:${num}`)));
  }

  /** The labels stored with these ids, null for an id not in the window; two round trips. */
  async labels(ids: readonly string[]): Promise<Array<string | null>> {
    if (ids.length === 0) return [];
    const allocated = await this.redis.mget(...ids.map((id) => this.key(`id:${id}`)));
    const known = ids.flatMap((id, i) => (allocated[i] ? [{ i, num: this.parseAllocation(id, allocated[i] as string).num }] : []));
    const records = await this.records(known.map(({ num }) => num));
    const labels: Array<string | null> = ids.map(() => null);
    known.forEach(({ i }, k) => {
      const record = records[k];
      if (record) labels[i] = decodeEntryRecord(record).label;
    });
    return labels;
  }

  /**
   * Entries first seen within the window before `at` (or later) that meet `set` in a band and contain,
   * or are contained in, it to at least minContainment; highest containment first, then by id. Two
   * round trips: the buckets of every generation the window touches (and the next, for jobs handled out
   * of order), then the candidates' records.
   */
  async candidates(set: ShingleSet, at: number): Promise<MinHashCandidate[]> {
    const buckets = this.buckets(set);
    if (!buckets) return [];
    const keys: string[] = [];
    const args: Array<string | number> = [this.maxPerBucket];
    for (let generation = this.generationOf(at - this.windowMs); generation <= this.generationOf(at) + 1; generation++) {
      buckets.shards.forEach((shard, band) => {
        keys.push(this.bucketKey(generation, shard));
        args.push(buckets.scores[band] as number);
      });
    }
    const nums = (await LOOKUP.run(this.redis, keys, args)) as string[];
    const records = await this.records(nums);
    const found: MinHashCandidate[] = [];
    for (const record of records) {
      // Expired before a bucket that still names it: it left the window.
      if (!record) continue;
      const entry = decodeEntryRecord(record);
      if (entry.firstSeenAt < at - this.windowMs) continue;
      const share = containment(set, entry.set);
      if (share >= this.minContainment) found.push({ id: entry.id, containment: share, label: entry.label });
    }
    return found.sort((a, b) => b.containment - a.containment || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
