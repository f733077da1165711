import { KeyLocks, redisKeys, type RedisClient } from '@liveblog/runtime';
import { bandDigests, MINHASH_CHOSEN, minhashSignature, similarityPartitionOf, similarityTag, type ShingleSet } from '@liveblog/similarity';

export interface BandLocksOptions {
  redis: RedisClient;
  prefix: string;
  /** A lock whose holder died is free after this long; a living holder renews it. */
  ttlMs?: number;
  /** How long to wait for busy bands before giving up (the job is then retried). */
  waitMs?: number;
  /** The banding of the MinHash index whose decisions are guarded. */
  bands?: number;
  rows?: number;
}

/**
 * Mutual exclusion between replicas deciding the clusters of near-duplicate entries. Two entries can
 * only find each other as candidates if they share a MinHash band value, so whoever decides an entry
 * holds a lock on each of its band values until its decision is recorded in the index: the first copies
 * of a story arriving at two replicas at once are decided one after the other, and the second joins
 * the first's cluster. Unrelated stories rarely share a band and do not wait for each other.
 *
 * The locks live beside their bands' index partitions (`{simlock:NN}`), so they spread over a Redis
 * Cluster like the index. A script can only take the keys of one slot atomically, so a holder takes its
 * partitions one after the other in ascending order, each all or nothing, keeping the earlier ones while
 * it waits for the next. A holder only ever waits for a partition above every one it holds, so no
 * circle of replicas waiting for each other can form; and two holders of a shared band value still
 * exclude each other, at that value's partition.
 *
 * A holder that dies leaves its locks to expire. Its decisions are either recorded (visible to the
 * next holder) or not (its replay decides again), and they are published only after being recorded,
 * so an expired lock never lets two published decisions disagree. A living holder renews its locks
 * while it waits and works; one that stalled past the expiry (a blocked event loop) notices at
 * `confirm` and records nothing.
 */
export class BandLocks {
  private readonly locks: KeyLocks;
  private readonly prefix: string;
  private readonly bands: number;
  private readonly rows: number;

  constructor(options: BandLocksOptions) {
    this.locks = new KeyLocks(options);
    this.prefix = options.prefix;
    this.bands = options.bands ?? MINHASH_CHOSEN.bands;
    this.rows = options.rows ?? MINHASH_CHOSEN.rows;
  }

  /**
   * Runs `work` holding the band values of every set. `work` calls `confirm` right before it records
   * its decisions: it throws LockError if the locks were lost meanwhile, and renews them otherwise.
   */
  holding<T>(sets: readonly ShingleSet[], work: (confirm: () => Promise<void>) => Promise<T>): Promise<T> {
    return this.locks.holding(this.lockKeysByPartition(sets), work);
  }

  /** The keys a holder of these sets takes: one per distinct band value. */
  lockKeys(sets: readonly ShingleSet[]): string[] {
    return this.lockKeysByPartition(sets).flat();
  }

  /** The lock keys grouped by partition, in the order they are taken (ascending partition). */
  private lockKeysByPartition(sets: readonly ShingleSet[]): string[][] {
    const partitions = new Map<number, Set<string>>();
    for (const set of sets) {
      const signature = minhashSignature(set, this.bands * this.rows);
      if (!signature) continue;
      // Two 32-bit digests per band: together they are the band's value.
      const digests = bandDigests(signature, this.bands, this.rows);
      for (let band = 0; band < this.bands; band++) {
        const value = `${(digests[2 * band] as number).toString(16)}.${(digests[2 * band + 1] as number).toString(16)}`;
        const partition = similarityPartitionOf(band);
        const keys = partitions.get(partition) ?? new Set<string>();
        keys.add(redisKeys.similarityBandLock(this.prefix, similarityTag('simlock', partition), band, value));
        partitions.set(partition, keys);
      }
    }
    return [...partitions.entries()].sort(([a], [b]) => a - b).map(([, keys]) => [...keys]);
  }
}
