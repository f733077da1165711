import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { ManagedProcess, type LineListener } from './child';
import { MissingBinaryError, ProcessExitedError, StartTimeoutError } from './errors';
import { orStop, serverHandle, type ServerHandle } from './server';

export interface RedisOptions {
  port: number;
  /** Working directory for the append-only file (created if missing). */
  dir: string;
  /** Persist writes in an append-only file (default true); RDB snapshots are always off. */
  appendOnly?: boolean;
  /** Executable (default `redis-server` from PATH). */
  binary?: string;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
  isolate?: boolean;
  onLine?: LineListener;
  /** More `--name value` settings, after the ones above (e.g. cluster mode). */
  extraArgs?: readonly string[];
}

/** Starts a private redis-server on 127.0.0.1:`port` and resolves once it answers PING. */
export async function startRedis(options: RedisOptions): Promise<ServerHandle> {
  const { port, dir, appendOnly = true } = options;
  const binary = options.binary ?? 'redis-server';
  mkdirSync(dir, { recursive: true });
  const proc = new ManagedProcess({
    label: `redis-server on port ${port}`,
    command: binary,
    args: [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', dir,
      '--appendonly', appendOnly ? 'yes' : 'no',
      '--save', '',
      '--maxmemory-policy', 'noeviction',
      '--daemonize', 'no',
      '--protected-mode', 'yes',
      ...(options.extraArgs ?? []),
    ],
    cwd: dir,
    isolate: options.isolate,
    onLine: options.onLine,
  });
  await orStop(
    proc,
    untilServing(proc, port, options.startTimeoutMs ?? 10_000)
      .catch((error: unknown) => {
        if (error instanceof ProcessExitedError && (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
          throw new MissingBinaryError('redis-server', binary, 'install it (npm start / npm test run scripts/bootstrap.mjs, which does)');
        }
        throw error;
      }),
  );
  return serverHandle(`redis://127.0.0.1:${port}`, proc, options.stopTimeoutMs ?? 10_000);
}

/**
 * Until the child answers; the timeout starts again while it is loading its data, which takes as long as
 * the data is big (a restart under load once took over 10 s for 46 MB of append-only file). Loading is
 * read from its log: under load, a PING sent while it loaded was seen to get no answer in time.
 */
async function untilServing(proc: ManagedProcess, port: number, timeoutMs: number): Promise<void> {
  for (;;) {
    try {
      return await proc.waitUntil(() => isOurRedis(port, proc.pid), { timeoutMs });
    } catch (error) {
      if (!(error instanceof StartTimeoutError && proc.running && isLoading(proc.recentLines()))) throw error;
    }
  }
}

/** Whether a redis-server's log says it has started loading its data and is not serving yet. */
function isLoading(lines: readonly string[]): boolean {
  return lines.some((l) => /Loading RDB|Reading RDB|Reading the remaining AOF/.test(l)) && !lines.some((l) => l.includes('Ready to accept connections'));
}

/** Ready, and really the child we spawned answering (not some other server that holds the port). */
async function isOurRedis(port: number, pid: number | undefined): Promise<boolean> {
  if (!(await redisPing(port))) return false;
  return (await redisCommand(port, ['INFO', 'server'])).includes(`process_id:${pid}\r\n`);
}

/** True when the server on 127.0.0.1:`port` answers PING with +PONG (not while it is still loading). */
export async function redisPing(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await redisCommand(port, ['PING'], host)) === '+PONG';
}

/**
 * Sends one command over a raw socket and resolves with the first reply line, e.g. "+PONG", "-LOADING …",
 * ":1"; for a bulk string, its value ("$-1" for nil). Enough for readiness checks and tests, nothing more.
 */
export function redisCommand(port: number, args: readonly string[], host = '127.0.0.1', timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    let buffer = Buffer.alloc(0);
    const finish = (error: Error | undefined, reply?: string): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve(reply as string);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no reply from redis on ${host}:${port}`)));
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error('connection closed before a reply')));
    socket.once('connect', () => {
      const parts = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
      socket.write(`*${args.length}\r\n${parts.join('')}`);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const first = buffer.subarray(0, end).toString('utf8');
      if (!first.startsWith('$') || first === '$-1') return finish(undefined, first);
      const length = Number(first.slice(1));
      const start = end + 2;
      if (buffer.length >= start + length + 2) finish(undefined, buffer.subarray(start, start + length).toString('utf8'));
    });
  });
}
