import { KeyLocks, redisKeys } from '@liveblog/runtime';
import { bandDigests, MINHASH_CHOSEN, minhashSignature, type ShingleSet } from '@liveblog/similarity';
import type { Redis } from 'ioredis';

export interface BandLocksOptions {
  redis: Redis;
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
 * A holder that dies leaves its locks to expire. Its decisions are either recorded (visible to the
 * next holder) or not (its replay decides again), and they are published only after being recorded,
 * so an expired lock never lets two published decisions disagree. A living holder renews its locks
 * while it works; one that stalled past the expiry (a blocked event loop) notices at `confirm` and
 * records nothing.
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
    return this.locks.holding(this.lockKeys(sets), work);
  }

  /** The keys a holder of these sets takes: one per distinct band value. */
  lockKeys(sets: readonly ShingleSet[]): string[] {
    const keys = new Set<string>();
    for (const set of sets) {
      const signature = minhashSignature(set, this.bands * this.rows);
      if (!signature) continue;
      bandDigests(signature, this.bands, this.rows).forEach((value, band) => keys.add(redisKeys.similarityBandLock(this.prefix, band, value.toString(16))));
    }
    return [...keys];
  }
}
