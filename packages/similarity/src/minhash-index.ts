import { createHash } from 'node:crypto';
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
  /**
   * Hash-tag partitions (default SIMILARITY_PARTITIONS). 1 keeps the whole index in one slot: fewer
   * round trips on one Redis, one node on a cluster. Changing it moves every key, like expectedEntries.
   */
  partitions?: number;
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

/**
 * Numeric ids from the id keys of one partition, allocated in one atomic step; a known id keeps its number
 * and first-seen time. A number is the partition's counter times the partition count plus the partition,
 * so it names the partition its record lives in. ARGV: counter expiry, partitions, this partition, then per id its
 * first-seen time and id-key expiry.
 */
const ALLOCATE = new RedisScript(`
local out = {}
for i = 2, #KEYS do
  local known = redis.call('GET', KEYS[i])
  if not known then
    local num = redis.call('INCR', KEYS[1]) * tonumber(ARGV[2]) + tonumber(ARGV[3])
    known = string.format('%d', num) .. ':' .. ARGV[2 * i]
    redis.call('SET', KEYS[i], known, 'PXAT', ARGV[2 * i + 1])
  end
  out[i - 1] = known
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return out
`);

/** Bucket keys of one partition. ARGV per key: score, entry number, expiry. */
const WRITE_BUCKETS = new RedisScript(`
for i = 1, #KEYS do
  local a = 3 * i - 2
  redis.call('ZADD', KEYS[i], 'NX', ARGV[a], ARGV[a + 1])
  redis.call('PEXPIREAT', KEYS[i], ARGV[a + 2])
end
return 0
`);

/** The distinct entry numbers in the given buckets (of one partition). ARGV: per-bucket limit, then one score per key. */
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

/**
 * Hash-tag partitions the index is spread over (`{sim:00}` … `{sim:15}`): on a Redis Cluster they fall
 * in 16 slots, so they spread over the masters. Band b lives in partition b mod 16, an entry's id and
 * record in the partition of its id's hash. Every script touches one partition only. More partitions
 * spread finer and cost more round trips per lookup (one script per partition).
 */
export const SIMILARITY_PARTITIONS = 16;

/** The partition of a band: its bucket keys and its band locks carry that partition's hash tag. */
export function similarityPartitionOf(band: number): number {
  return band % SIMILARITY_PARTITIONS;
}

/** The hash tag of a partition, e.g. `{sim:07}` (`{simlock:07}` for its band locks). */
export function similarityTag(family: 'sim' | 'simlock', partition: number): string {
  return `{${family}:${String(partition).padStart(2, '0')}}`;
}

function idHash(id: string): number {
  return createHash('sha1').update(id).digest().readUInt32BE(0);
}

/** Groups items by partition, in ascending order of partition. */
function byPartition<T>(items: readonly T[], partitionOf: (item: T) => number): Array<[number, T[]]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const partition = partitionOf(item);
    const group = groups.get(partition);
    if (group) group.push(item);
    else groups.set(partition, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b);
}

/** The window size shards are sized for unless told: the scale, which a smaller window affords. */
export const DEFAULT_EXPECTED_ENTRIES = 1_000_000;

/** An id key's value: the entry's number and first-seen time. */
const ALLOCATION = /^(\d+):(-?\d+(?:\.\d+)?)$/;

/**
 * MinHash LSH index in Redis, verified by exact containment. Keys are spread over `partitions` hash tags
 * `{sim:NN}` (SIMILARITY_PARTITIONS unless told; on a Redis Cluster, spread over the masters); each script touches one partition's keys,
 * which share a slot, so every script is atomic and cluster-legal.
 *
 * - `{sim:NN}:mh:id:<id>` → `<n>:<first seen>`: a short number per entry id (NN from the id's hash),
 *   from that partition's counter `mh:seq`; n mod `partitions` is NN again.
 * - `{sim:NN}:mh:e:<n>` → the entry's record (id, first-seen time, label, shingle set; see
 *   entry-record.ts), which candidates are verified on and come back with.
 * - `{sim:NN}:mh:b:<generation>:<band>:<shard>` → a sorted set of entry numbers scored by band value:
 *   many buckets share one small key, instead of a key per bucket. NN is the band's partition.
 *
 * Entry keys expire one window after first sight, generation keys one window after their generation
 * ends; the counters expire when nothing has been inserted for longer than anything they numbered lives.
 * An insert is three steps, numbering, then buckets, then records, each atomic per partition; a replay
 * after a failure in between finds its numbers and writes the rest. The record comes last because it is
 * what makes an entry exist: its label is read back (labels) and it is a candidate only from then on,
 * when every band finds it. Written first, a label would stand for a decision that other copies of the
 * story could not see, and a replay that kept it would split the story. A bucket without its record is
 * skipped by lookups. An edited entry keeps its first-seen time and its earlier bands
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
  private readonly partitions: number;

  constructor(options: MinHashIndexOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.bands = options.bands ?? MINHASH_CHOSEN.bands;
    this.rows = options.rows ?? MINHASH_CHOSEN.rows;
    this.minContainment = options.minContainment ?? MINHASH_CHOSEN.minContainment;
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.maxPerBucket = options.maxPerBucket ?? 1000;
    this.partitions = options.partitions ?? SIMILARITY_PARTITIONS;
    const expectedEntries = options.expectedEntries ?? DEFAULT_EXPECTED_ENTRIES;
    for (const [name, value] of [['bands', this.bands], ['rows', this.rows], ['maxPerBucket', this.maxPerBucket], ['expectedEntries', expectedEntries], ['partitions', this.partitions]] as const) {
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

  private key(partition: number, suffix: string): string {
    return `${this.prefix}:${similarityTag('sim', partition)}:mh:${suffix}`;
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

  private bandPartition(band: number): number {
    return band % this.partitions;
  }

  private idPartition(id: string): number {
    return idHash(id) % this.partitions;
  }

  /** An entry number names its record's partition. */
  private numPartition(num: string): number {
    return Number(num) % this.partitions;
  }

  private bucketKey(generation: number, band: number, shard: string): string {
    return this.key(this.bandPartition(band), `b:${generation}:${shard}`);
  }

  private recordKey(num: string): string {
    return this.key(this.numPartition(num), `e:${num}`);
  }

  private parseAllocation(id: string, raw: string): { num: string; firstSeenAt: number } {
    const match = ALLOCATION.exec(raw);
    if (!match) throw new CorruptIndexError(`id key of ${JSON.stringify(id)} is not <number>:<first seen>: ${raw}`);
    return { num: match[1] as string, firstSeenAt: Number(match[2]) };
  }

  /**
   * Adds entries: numbers them (a known id keeps its number and first-seen time), then writes buckets,
   * then records, one script per partition. An empty set is not indexed: it would match nothing anyway.
   */
  async insert(entries: readonly MinHashEntry[]): Promise<void> {
    const indexed = entries.flatMap((entry) => {
      const buckets = this.buckets(entry.set);
      return buckets ? [{ ...entry, ...buckets }] : [];
    });
    if (indexed.length === 0) return;
    const counterTtl = Math.ceil(this.windowMs + 2 * this.generationMs);
    const numbered = await Promise.all(
      byPartition(indexed, ({ id }) => this.idPartition(id)).map(async ([partition, group]) => {
        const args: Array<string | number> = [counterTtl, this.partitions, partition];
        for (const { at } of group) args.push(at, Math.ceil(at + this.windowMs));
        const keys = [this.key(partition, 'seq'), ...group.map(({ id }) => this.key(partition, `id:${id}`))];
        const allocated = (await ALLOCATE.run(this.redis, keys, args)) as string[];
        return group.map((entry, i) => ({ ...entry, ...this.parseAllocation(entry.id, allocated[i] as string) }));
      }),
    );
    const all = numbered.flat();
    const writes = all.flatMap(({ num, firstSeenAt, shards, scores }) => {
      const generation = this.generationOf(firstSeenAt);
      const expireAt = Math.ceil((generation + 1) * this.generationMs + this.windowMs);
      return shards.map((shard, band) => ({ band, key: this.bucketKey(generation, band, shard), score: scores[band] as number, num, expireAt }));
    });
    await Promise.all(
      byPartition(writes, ({ band }) => this.bandPartition(band)).map(([, group]) =>
        WRITE_BUCKETS.run(
          this.redis,
          group.map(({ key }) => key),
          group.flatMap(({ score, num, expireAt }) => [score, num, expireAt]),
        ),
      ),
    );
    await Promise.all(
      byPartition(all, ({ num }) => this.numPartition(num)).map(([, group]) => {
        const write = this.redis.multi();
        for (const { id, set, label, num, firstSeenAt } of group) {
          write.set(this.recordKey(num), encodeEntryRecord({ id, firstSeenAt, label, set }), 'PXAT', Math.ceil(firstSeenAt + this.windowMs));
        }
        return write.exec();
      }),
    );
  }

  /** The records of these numbers, null where one has expired; one MGET per partition, in parallel. */
  private async records(nums: readonly string[]): Promise<Array<Buffer | null>> {
    const found = new Map<string, Buffer | null>();
    await Promise.all(
      byPartition(nums, (num) => this.numPartition(num)).map(async ([, group]) => {
        const values = await this.redis.mgetBuffer(...group.map((num) => this.recordKey(num)));
        group.forEach((num, i) => found.set(num, values[i] ?? null));
      }),
    );
    return nums.map((num) => found.get(num) ?? null);
  }

  /** The labels stored with these ids, null for an id not in the window; two round trips. */
  async labels(ids: readonly string[]): Promise<Array<string | null>> {
    if (ids.length === 0) return [];
    const allocated = new Map<string, string | null>();
    await Promise.all(
      byPartition(ids, (id) => this.idPartition(id)).map(async ([partition, group]) => {
        const values = await this.redis.mget(...group.map((id) => this.key(partition, `id:${id}`)));
        group.forEach((id, i) => allocated.set(id, values[i] ?? null));
      }),
    );
    const known = ids.flatMap((id, i) => {
      const raw = allocated.get(id);
      return raw ? [{ i, num: this.parseAllocation(id, raw).num }] : [];
    });
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
   * round trips, each a script or MGET per partition sent at once: the buckets of every generation the
   * window touches (and the next, for jobs handled out of order), then the candidates' records.
   */
  async candidates(set: ShingleSet, at: number): Promise<MinHashCandidate[]> {
    const buckets = this.buckets(set);
    if (!buckets) return [];
    const lookups: Array<{ band: number; key: string; score: number }> = [];
    for (let generation = this.generationOf(at - this.windowMs); generation <= this.generationOf(at) + 1; generation++) {
      buckets.shards.forEach((shard, band) => lookups.push({ band, key: this.bucketKey(generation, band, shard), score: buckets.scores[band] as number }));
    }
    const perPartition = await Promise.all(
      byPartition(lookups, ({ band }) => this.bandPartition(band)).map(
        ([, group]) => LOOKUP.run(this.redis, group.map(({ key }) => key), [this.maxPerBucket, ...group.map(({ score }) => score)]) as Promise<string[]>,
      ),
    );
    const nums = [...new Set(perPartition.flat())];
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
