import { Store } from '@liveblog/storage';
import type { z } from 'zod';
import { baseConfig, ConfigError, loadConfig, type BaseConfig } from './config';
import { registerDependencyGauge, startHealthServer, type ReadinessCheck } from './health';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { Pipeline } from './pipeline';
import { createRedis, redisReady, type RedisClient } from './redis';
import { RedisRecovery } from './redis-recovery';
import { StageWorker, type StageHandler, type StageWorkerOptions } from './stage-worker';
import { startTelemetry, type Telemetry } from './telemetry';
import type { QueueName } from '@liveblog/contracts';

export interface ServiceContext<C extends BaseConfig> {
  name: string;
  config: C;
  logger: Logger;
  telemetry: Telemetry;
  redis: RedisClient;
  store: Store;
  pipeline: Pipeline;
  metrics: Metrics;
  readiness: Record<string, ReadinessCheck>;
  /** Starts this service's worker for one queue; it is closed (waiting for active jobs) at shutdown. */
  work<Q extends QueueName>(queue: Q, handler: StageHandler<Q>, defaultConcurrency: number, options?: Pick<StageWorkerOptions, 'backoff'>): void;
  /**
   * Runs `action` whenever Redis serves again after it was lost (see RedisRecovery), after the workers
   * have moved to fresh connections: work whose only record was in Redis is restored there.
   */
  onRedisRecovered(action: () => Promise<void>): void;
}

export type Closer = () => Promise<unknown>;

export interface ServiceDefinition<S extends z.ZodObject> {
  name: string;
  /** Extra settings of this service, merged over the base configuration. */
  config?: S;
  /** Wires the service; returns what must close at shutdown beyond the shared connections. */
  start(ctx: ServiceContext<z.infer<S> & BaseConfig>): Promise<Closer[] | void>;
  /** Services with their own HTTP server (the API) serve health there instead. */
  healthServer?: boolean;
}

/**
 * The one bootstrap every service uses: config validated once, telemetry, logs, connections, health,
 * and a graceful shutdown on SIGTERM/SIGINT that closes workers first (active jobs finish or return).
 */
export async function runService<S extends z.ZodObject>(def: ServiceDefinition<S>): Promise<void> {
  const schema = def.config ? baseConfig.extend(def.config.shape) : baseConfig;
  let config: z.infer<S> & BaseConfig;
  try {
    config = loadConfig(schema) as z.infer<S> & BaseConfig;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // Before a logger exists: one plain message an operator can act on, and the conventional exit code.
    process.stderr.write(`${def.name}: ${err.message}\n`);
    process.exit(2);
  }
  const telemetry = startTelemetry(def.name, config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const closers: Closer[] = [];
  const shutdown = onSignals(logger, closers, telemetry);

  try {
    const redis = createRedis(config.REDIS_URL);
    closers.push(() => redis.quit());
    const store = await Store.open(config.MONGODB_URL, config.MONGODB_DB, { writeConcern: config.MONGODB_WRITE_CONCERN });
    closers.push(() => store.close());
    const replicaWait = { replicas: config.REDIS_WAIT_REPLICAS, timeoutMs: config.REDIS_WAIT_TIMEOUT_MS };
    const pipeline = new Pipeline({ connection: redis, prefix: config.QUEUE_PREFIX, telemetry: telemetry.bullmq, replicaWait });
    closers.push(() => pipeline.close());
    const metrics = new Metrics(def.name);
    const readiness: Record<string, ReadinessCheck> = {
      redis: () => redisReady(redis),
      mongodb: () => store.ping(),
    };
    registerDependencyGauge(metrics.registry, readiness);
    const workers: Array<Pick<StageWorker<QueueName>, 'renew' | 'close'>> = [];
    const recoveryActions: Array<() => Promise<void>> = [];
    // A lost connection or a Redis Cluster failover: every worker moves to fresh connections at once,
    // then the service restores what it keeps only in Redis.
    const recovery = new RedisRecovery(
      redis,
      async () => {
        await Promise.all(workers.map((w) => w.renew()));
        for (const action of recoveryActions) await action();
      },
      logger,
    );
    const ctx: ServiceContext<typeof config> = {
      name: def.name,
      config,
      logger,
      telemetry,
      redis,
      store,
      pipeline,
      metrics,
      readiness,
      work(queue, handler, defaultConcurrency, options = {}) {
        const worker = new StageWorker(queue, handler, {
          ...options,
          connection: redis,
          prefix: config.QUEUE_PREFIX,
          telemetry: telemetry.bullmq,
          replicaWait,
          concurrency: config.WORKER_CONCURRENCY ?? defaultConcurrency,
          lockMs: config.JOB_LOCK_MS,
          logger,
          metrics,
        });
        workers.push(worker);
      },
      onRedisRecovered(action) {
        recoveryActions.push(action);
      },
    };
    const own = (await def.start(ctx)) ?? [];
    if (def.healthServer !== false) {
      const health = await startHealthServer(config.HEALTH_PORT, readiness, metrics.registry);
      closers.push(() => health.close());
      logger.info({ healthPort: health.port }, 'health server listening');
    }
    // Closed first: no recovery starts while workers stop taking jobs and let active ones finish before
    // connections go.
    closers.push(...own, ...workers.map((w) => () => w.close()), () => recovery.stop());
    logger.info('started');
  } catch (err) {
    logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'start failed');
    await shutdown(1);
  }
}

function onSignals(logger: Logger, closers: Closer[], telemetry: Telemetry): (code: number) => Promise<void> {
  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(code || 1), 30_000);
    force.unref();
    for (const close of [...closers].reverse()) {
      try {
        await close();
      } catch (err) {
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'error while closing');
      }
    }
    await telemetry.shutdown().catch(() => undefined);
    logger.info('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      logger.info({ signal }, 'shutting down');
      void shutdown(0);
    });
  }
  return shutdown;
}
