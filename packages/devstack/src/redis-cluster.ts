import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { delay } from './child';
import { DevstackError, StartTimeoutError } from './errors';
import { freePort } from './ports';
import { redisCommand, startRedis } from './redis';
import type { ServerHandle } from './server';

const run = promisify(execFile);

export interface RedisClusterOptions {
  /** Each node keeps its nodes.conf and append-only file in `<dir>/<port>`. */
  dir: string;
  masters?: number;
  replicasPerMaster?: number;
  /**
   * How long a master may be unreachable before the others count it failed and its replica takes over
   * (cluster-node-timeout). Small in tests, so that a failover takes seconds.
   */
  nodeTimeoutMs?: number;
  appendOnly?: boolean;
  isolate?: boolean;
  startTimeoutMs?: number;
}

/** One node as the cluster sees it (CLUSTER NODES). */
export interface ClusterNodeInfo {
  id: string;
  port: number;
  role: 'master' | 'replica';
  failed: boolean;
  /** The master's id for a replica. */
  masterId: string | null;
  slots: Array<[number, number]>;
}

export interface RedisCluster {
  /** `redis+cluster://127.0.0.1:p1,…/`: every node as a seed, as REDIS_URL. */
  url: string;
  ports: readonly number[];
  /** The port of the master now serving the slot of `key`. */
  masterOf(key: string): Promise<number>;
  nodes(): Promise<ClusterNodeInfo[]>;
  /** SIGKILL: the node's unreplicated writes are lost, as in a crash. */
  kill(port: number): Promise<void>;
  /** Starts a killed node again from its directory; it rejoins the cluster (as a replica, once replaced). */
  restart(port: number): Promise<void>;
  /** Until every live node reports every slot served and every live replica is in sync. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private Redis Cluster on free ports, for tests and benchmarks: `masters` masters, each with
 * `replicasPerMaster` replicas, created with `redis-cli --cluster create`. Nodes start in parallel.
 */
export async function startRedisCluster(options: RedisClusterOptions): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const count = masters * (1 + replicas);
  if (masters < 3) throw new DevstackError('a Redis Cluster needs at least 3 masters');
  const ports = await distinctFreePorts(count * 2);
  const handles = new Map<number, ServerHandle>();
  const busPorts = new Map<number, number>();
  for (let i = 0; i < count; i++) busPorts.set(ports[i] as number, ports[count + i] as number);
  const clientPorts = ports.slice(0, count);

  const startNode = async (port: number): Promise<void> => {
    const dir = path.join(options.dir, String(port));
    mkdirSync(dir, { recursive: true });
    const handle = await startRedis({
      port,
      dir,
      appendOnly: options.appendOnly ?? true,
      isolate: options.isolate,
      startTimeoutMs: options.startTimeoutMs,
      extraArgs: [
        '--cluster-enabled', 'yes',
        '--cluster-config-file', 'nodes.conf',
        '--cluster-port', String(busPorts.get(port)),
        '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 5_000),
        // A replica takes over however long it has been since it heard from its master: in a test
        // the master is killed mid-run, and refusing the failover would leave the slots unserved.
        '--cluster-replica-validity-factor', '0',
      ],
    });
    handles.set(port, handle);
  };

  const stop = async (): Promise<void> => {
    await Promise.all([...handles.values()].map((h) => h.stop()));
    handles.clear();
  };

  const nodes = async (): Promise<ClusterNodeInfo[]> => {
    for (const port of clientPorts) {
      if (!handles.has(port)) continue;
      try {
        return parseClusterNodes(await redisCommand(port, ['CLUSTER', 'NODES']));
      } catch {
        // That node is going down: ask the next.
      }
    }
    throw new DevstackError('no node of the cluster answers');
  };

  const waitHealthy = async (timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await healthy([...handles.keys()])) return;
      if (Date.now() > deadline) throw new StartTimeoutError('redis cluster', timeoutMs, []);
      await delay(100);
    }
  };

  try {
    await Promise.all(clientPorts.map(startNode));
    await run('redis-cli', [
      '--cluster', 'create',
      ...clientPorts.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas', String(replicas),
      '--cluster-yes',
    ]);
    await waitHealthy(options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url: `redis+cluster://${clientPorts.map((p) => `127.0.0.1:${p}`).join(',')}/`,
    ports: clientPorts,
    nodes,
    async masterOf(key) {
      const slot = Number((await redisCommand(clientPorts.find((p) => handles.has(p)) as number, ['CLUSTER', 'KEYSLOT', key])).slice(1));
      const owner = (await nodes()).find((n) => n.role === 'master' && !n.failed && n.slots.some(([a, b]) => slot >= a && slot <= b));
      if (!owner) throw new DevstackError(`no master serves slot ${slot} now`);
      return owner.port;
    },
    async kill(port) {
      const handle = handles.get(port);
      if (!handle) throw new DevstackError(`no running node on port ${port}`);
      handles.delete(port);
      await handle.process.kill();
    },
    async restart(port) {
      if (handles.has(port)) throw new DevstackError(`node on port ${port} is running`);
      await startNode(port);
    },
    waitHealthy,
    stop,
  };
}

async function distinctFreePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** Every live node says the cluster is ok, and each live replica has finished syncing with its master. */
async function healthy(ports: readonly number[]): Promise<boolean> {
  try {
    const states = await Promise.all(
      ports.map(async (port) => {
        const info = await redisCommand(port, ['CLUSTER', 'INFO']);
        if (!info.includes('cluster_state:ok')) return false;
        const replication = await redisCommand(port, ['INFO', 'replication']);
        return replication.includes('role:master') || replication.includes('master_link_status:up');
      }),
    );
    return states.every(Boolean);
  } catch {
    return false;
  }
}

/** CLUSTER NODES: `<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot>…` per line. */
export function parseClusterNodes(text: string): ClusterNodeInfo[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [id, address, flags, master, , , , , ...slots] = line.split(' ') as [string, string, string, string, ...string[]];
      const flagList = flags.split(',');
      return {
        id,
        port: Number(/:(\d+)@/.exec(address)?.[1]),
        role: flagList.includes('master') ? 'master' : 'replica',
        failed: flagList.includes('fail') || flagList.includes('fail?') || flagList.includes('noaddr'),
        masterId: master === '-' ? null : master,
        slots: slots
          .filter((s) => !s.startsWith('['))
          .map((s) => {
            const [a, b] = s.split('-').map(Number) as [number, number | undefined];
            return [a, b ?? a] as [number, number];
          }),
      };
    });
}
