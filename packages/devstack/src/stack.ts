import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LineListener } from './child';
import { ProcessExitedError } from './errors';
import { startFerretDB, type FerretDBBackend } from './ferretdb';
import { dataDir, ferretdbBinary, repoRoot } from './paths';
import { removePid, stopStale, writePid } from './pidfile';
import { freePort } from './ports';
import { startRedis } from './redis';
import type { ServerHandle } from './server';

export interface StackOptions {
  root?: string;
  /** Use this Redis instead of starting one. */
  redisUrl?: string;
  /** Use this MongoDB instead of starting FerretDB. */
  mongodbUrl?: string;
  /** What the started FerretDB stores documents in (default sqlite). */
  ferretdbBackend?: FerretDBBackend;
  /** Keep data under `<root>/.data/{redis,ferretdb}` (true) or in fresh temp dirs removed on stop (false). */
  persistent: boolean;
  /** Redis append-only file (default: same as `persistent`). */
  appendOnly?: boolean;
  /** Run the servers in their own process groups (see SpawnOptions.isolate). */
  isolate?: boolean;
  onProgress?: (message: string) => void;
  onServerLine?: (server: 'redis' | 'ferretdb', line: string) => void;
}

export interface Stack {
  redisUrl: string;
  mongodbUrl: string;
  /** Present when this stack started the server itself. */
  redis?: ServerHandle;
  ferretdb?: ServerHandle;
  /** Directories the servers keep their data in (when started here). */
  dirs: { redis?: string; ferretdb?: string };
  /** Stops what this stack started and removes temporary data directories. */
  stop(): Promise<void>;
}

const PORT_ATTEMPTS = 3;
const PID_FILE = 'devstack.pid';

/** Starts the private Redis and FerretDB the services need, on free ports, unless URLs are given. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const root = options.root ?? repoRoot();
  const progress = options.onProgress ?? (() => undefined);
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  const dirs: Stack['dirs'] = {};

  const prepareDir = async (name: 'redis' | 'ferretdb', command: string): Promise<string> => {
    if (!options.persistent) {
      const dir = mkdtempSync(path.join(os.tmpdir(), `liveblog-${name}-`));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    }
    const dir = path.join(dataDir(root), name);
    mkdirSync(dir, { recursive: true });
    const stale = await stopStale(path.join(dir, PID_FILE), command);
    if (stale !== undefined) progress(`stopped the ${name} (pid ${stale}) an earlier run left running on ${dir}`);
    return dir;
  };

  const start = async (
    name: 'redis' | 'ferretdb',
    command: string,
    launch: (port: number, dir: string, onLine: LineListener | undefined) => Promise<ServerHandle>,
  ): Promise<ServerHandle> => {
    progress(`starting ${name}…`);
    const dir = await prepareDir(name, command);
    dirs[name] = dir;
    const onServerLine = options.onServerLine;
    const onLine: LineListener | undefined = onServerLine ? (line) => onServerLine(name, line) : undefined;
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        const server = await launch(port, dir, onLine);
        if (options.persistent) {
          writePid(path.join(dir, PID_FILE), server.pid);
          cleanups.push(() => removePid(path.join(dir, PID_FILE)));
        }
        cleanups.push(() => server.stop());
        return server;
      } catch (error) {
        // Someone else took the port between freePort() and the server binding it: try another one.
        if (attempt < PORT_ATTEMPTS && error instanceof ProcessExitedError && /in use/i.test(error.tail.join('\n'))) continue;
        throw error;
      }
    }
  };

  try {
    let redis: ServerHandle | undefined;
    let ferretdb: ServerHandle | undefined;
    if (!options.redisUrl) {
      redis = await start('redis', 'redis-server', (port, dir, onLine) =>
        startRedis({ port, dir, appendOnly: options.appendOnly ?? options.persistent, isolate: options.isolate, onLine }),
      );
    }
    if (!options.mongodbUrl) {
      ferretdb = await start('ferretdb', 'ferretdb-launcher', (port, dir, onLine) =>
        startFerretDB({ port, dir, binary: ferretdbBinary(root), backend: options.ferretdbBackend, isolate: options.isolate, onLine }),
      );
    }
    return {
      redisUrl: options.redisUrl ?? (redis as ServerHandle).url,
      mongodbUrl: options.mongodbUrl ?? (ferretdb as ServerHandle).url,
      redis,
      ferretdb,
      dirs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
