import { z } from 'zod';

/** Thrown once at start when the environment does not describe a runnable service. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const port = z.coerce.number().int().min(0).max(65_535);

/** Settings every service reads. Each one is documented in the configuration table of docs/operating.md. */
export const baseConfig = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?(\+cluster)?:\/\//, 'must be a redis://, rediss://, redis+cluster:// or rediss+cluster:// URL')
    .refine((url) => !/^rediss?\+cluster:/.test(url) || /^rediss?\+cluster:\/\/([^/@]*@)?[^/@?#]+\/?$/.test(url), 'a cluster URL lists its seed nodes: redis+cluster://host:port,host:port/'),
  MONGODB_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URL'),
  /** `w` of every MongoDB write: majority of the replica set (default), or a number of members. */
  MONGODB_WRITE_CONCERN: z.union([z.literal('majority'), z.coerce.number().int().min(0).max(50)]).default('majority'),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('liveblog'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (it becomes part of Redis key names)').default('lbi'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  HEALTH_PORT: port.default(9464),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /**
   * Replicas that must confirm a job's Redis writes (WAIT) before the next stage is counted on and the
   * job acknowledged; 0 trusts the master alone. See docs/operating.md, Redis Cluster, on failover.
   */
  REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).max(8).default(0),
  REDIS_WAIT_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** How long a worker holds a job before another replica may take it over after a crash. */
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
});
export type BaseConfig = z.infer<typeof baseConfig>;

/** An env variable holding a comma-separated list; unset or blank is the empty list. */
export const commaList = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : []), z.array(item));

export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new ConfigError(`invalid configuration:\n${problems}`);
}
