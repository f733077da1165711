import { Cluster, Redis, type ClusterNode } from 'ioredis';
import { ConfigError } from './config';
import { ReplicationError } from './errors';

/** One Redis server or a Redis Cluster: whatever REDIS_URL names. */
export type RedisClient = Redis | Cluster;

export interface ClusterUrl {
  nodes: ClusterNode[];
  username?: string;
  password?: string;
  tls: boolean;
}

const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)\/?$/;

/**
 * Reads `redis+cluster://[user[:password]@]host1:port,host2:port/` (or `rediss+cluster://` for TLS): the
 * seed nodes of a Redis Cluster. Null for a plain redis:// URL. A cluster has no databases, so no path.
 */
export function parseClusterUrl(url: string): ClusterUrl | null {
  if (!/^rediss?\+cluster:/.test(url)) return null;
  const match = CLUSTER_URL.exec(url);
  if (!match) throw new ConfigError(`not a cluster URL (redis+cluster://host:port,host:port/): ${url.replace(/\/\/[^@/]*@/, '//…@')}`);
  const [, scheme, user, password, hosts] = match as unknown as [string, string, string | undefined, string | undefined, string];
  const nodes = hosts.split(',').map((hostPort) => {
    const seed = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(hostPort.trim());
    if (!seed) throw new ConfigError(`bad seed node ${JSON.stringify(hostPort)} in the cluster URL`);
    return { host: (seed[1] as string).replace(/^\[|\]$/g, ''), port: seed[2] ? Number(seed[2]) : 6379 };
  });
  return {
    nodes,
    ...(user ? { username: decodeURIComponent(user) } : {}),
    ...(password !== undefined ? { password: decodeURIComponent(password) } : {}),
    tls: scheme === 'rediss',
  };
}

/**
 * The one place Redis clients are built. BullMQ workers block on Redis, so commands wait for
 * reconnection (maxRetriesPerRequest null) rather than fail after N tries.
 *
 * On a cluster, ioredis follows MOVED/ASK and refreshes its slot map; while a master fails over, a
 * command is retried every 250 ms up to 40 times (~10 s, a failover with a node timeout of a few
 * seconds fits), then fails: the job is retried by BullMQ, an API request answers 5xx. The connection to
 * the cluster itself is retried forever, backing off to 2 s.
 */
export function createRedis(url: string): RedisClient {
  const cluster = parseClusterUrl(url);
  if (!cluster) return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  return new Cluster(cluster.nodes, {
    enableReadyCheck: true,
    clusterRetryStrategy: (times) => Math.min(100 * times, 2_000),
    maxRedirections: 40,
    retryDelayOnFailover: 250,
    retryDelayOnClusterDown: 250,
    retryDelayOnTryAgain: 250,
    retryDelayOnMoved: 0,
    slotsRefreshTimeout: 2_000,
    redisOptions: {
      maxRetriesPerRequest: null,
      enableReadyCheck: true,
      ...(cluster.username ? { username: cluster.username } : {}),
      ...(cluster.password !== undefined ? { password: cluster.password } : {}),
      ...(cluster.tls ? { tls: {} } : {}),
    },
  });
}

export function isCluster(redis: RedisClient): redis is Cluster {
  return (redis as Cluster).isCluster === true;
}

/**
 * Readiness of Redis: PING for one server; for a cluster, the node asked must report every slot served
 * (`cluster_state:ok`), which is false from a master's failure until its replica has taken over.
 */
export async function redisReady(redis: RedisClient): Promise<void> {
  if (!isCluster(redis)) {
    await redis.ping();
    return;
  }
  const info = String(await redis.cluster('INFO'));
  const state = /cluster_state:(\w+)/.exec(info)?.[1];
  if (state !== 'ok') throw new Error(`redis cluster state is ${state ?? 'unknown'}`);
}

/** How many replicas must hold a write before the pipeline counts on it (REDIS_WAIT_REPLICAS). */
export interface ReplicaWait {
  replicas: number;
  timeoutMs: number;
}

/**
 * WAIT on every master this client writes to: returns once `replicas` replicas of each hold everything
 * this client wrote there, else throws ReplicationError. Redis replication is asynchronous, so a write a
 * master acknowledged can vanish when its replica takes over; after this, it cannot (unless that many
 * replicas fail too). No-op for 0.
 */
export async function waitForReplicas(redis: RedisClient, wait: ReplicaWait): Promise<void> {
  if (wait.replicas === 0) return;
  const masters: Redis[] = isCluster(redis) ? redis.nodes('master') : [redis];
  const acknowledged = await Promise.all(masters.map(async (node) => Number(await node.call('WAIT', wait.replicas, wait.timeoutMs))));
  const fewest = Math.min(...acknowledged);
  if (fewest < wait.replicas) throw new ReplicationError(wait.replicas, fewest, wait.timeoutMs);
}
