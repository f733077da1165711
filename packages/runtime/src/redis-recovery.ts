import type { Logger } from 'pino';
import { isCluster, redisReady, type RedisClient } from './redis';

/** How often readiness is asked while Redis is away, and how soon a failed recovery action runs again. */
const RETRY_MS = 500;
/**
 * A run given up on and started again after this long. Right after a master dies, a Cluster still
 * reports every slot served until the node timeout flags the master failed, and a command bound for it
 * may wait for a long time: the next run, after the failover, goes through.
 */
const RUN_TIMEOUT_MS = 10_000;

class RecoveryTimeoutError extends Error {
  override readonly name = 'RecoveryTimeoutError';
  constructor() {
    super(`re-arming did not finish within ${RUN_TIMEOUT_MS} ms`);
  }
}

/**
 * Runs `recovered` once Redis serves again after it was lost: a reconnect of one server, or a Redis
 * Cluster that dropped a node (a master failing over) and reports every slot served again. Writes the
 * lost master had not passed to its replica are gone, so work whose only record was in Redis (a planned
 * poll) is re-armed at once rather than at the next periodic sweep. Several losses in a row make one
 * run; a run that fails is tried again until it succeeds.
 */
export class RedisRecovery {
  private lost = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly onLost = () => this.markLost();

  constructor(
    private readonly redis: RedisClient,
    private readonly recovered: () => Promise<void>,
    private readonly logger: Logger,
  ) {
    for (const event of isCluster(redis) ? ['-node', 'node error'] : ['close']) redis.on(event, this.onLost);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const event of ['-node', 'node error', 'close']) this.redis.off(event, this.onLost);
    await this.running;
  }

  private markLost(): void {
    if (this.stopped) return;
    if (!this.lost) this.logger.warn('redis connection lost; re-arming once it serves again');
    this.lost = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.running.then(() => this.attempt());
    }, RETRY_MS);
  }

  private async attempt(): Promise<void> {
    if (!this.lost || this.stopped) return;
    try {
      await redisReady(this.redis);
      // Cleared first: a loss during the run marks it lost again and brings another run.
      this.lost = false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RecoveryTimeoutError()), RUN_TIMEOUT_MS)));
      // A run given up on may still finish later: re-arming is idempotent.
      await Promise.race([this.recovered(), timeout]).finally(() => clearTimeout(timer));
      this.logger.info('redis serves again; re-armed');
    } catch (err) {
      this.lost = true;
      this.logger.info({ err: err instanceof Error ? err.message : String(err) }, 'redis not back yet; re-arming again shortly');
      this.schedule();
    }
  }
}
