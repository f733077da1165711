import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess, type LineListener } from './child';
import { DevstackError, MissingBinaryError } from './errors';
import { ferretdbBinary } from './paths';
import { freePort } from './ports';
import { tcpAccepts } from './probes';
import { startPostgres } from './postgres';
import { orStop, serverHandle, type ServerHandle } from './server';

/** What FerretDB stores documents in: SQLite files (the default) or a private PostgreSQL. */
export const FERRETDB_BACKENDS = ['sqlite', 'postgresql'] as const;
export type FerretDBBackend = (typeof FERRETDB_BACKENDS)[number];

/** FERRETDB_BACKEND from the environment, validated; sqlite when unset. */
export function ferretdbBackend(env: NodeJS.ProcessEnv = process.env): FerretDBBackend {
  const value = env.FERRETDB_BACKEND || 'sqlite';
  if (!(FERRETDB_BACKENDS as readonly string[]).includes(value)) throw new DevstackError(`FERRETDB_BACKEND must be one of ${FERRETDB_BACKENDS.join(', ')}, not ${JSON.stringify(value)}`);
  return value as FerretDBBackend;
}

export interface FerretDBOptions {
  port: number;
  /** Directory for the SQLite databases, or the PostgreSQL cluster under `postgresql/` (created if missing). */
  dir: string;
  /** Default sqlite. postgresql starts a private PostgreSQL on a free port beside FerretDB, stopped with it. */
  backend?: FerretDBBackend;
  /** Launcher executable (default `<repo>/.cache/bin/ferretdb-launcher`). */
  binary?: string;
  /** FerretDB's own log level: debug, info, warn (default) or error. */
  logLevel?: string;
  /** `host:port` for the launcher's /debug/writes and /debug/pprof (default: FERRETDB_DEBUG_ADDR, else none). */
  debugAddr?: string;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
  isolate?: boolean;
  onLine?: LineListener;
}

/** Starts the embedded FerretDB on 127.0.0.1:`port`; resolves once it accepts connections. */
export async function startFerretDB(options: FerretDBOptions): Promise<ServerHandle> {
  if (options.backend !== 'postgresql') return startLauncher(options, []);
  const postgres = await startPostgres({ port: await freePort(), dir: join(options.dir, 'postgresql'), isolate: options.isolate, onLine: options.onLine });
  try {
    const ferret = await startLauncher(options, ['-handler', 'postgresql', '-postgresql-url', postgres.url]);
    return {
      ...ferret,
      backendPid: postgres.pid,
      stop: async () => {
        await ferret.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

async function startLauncher(options: FerretDBOptions, backendArgs: readonly string[]): Promise<ServerHandle> {
  const { port, dir } = options;
  const binary = options.binary ?? ferretdbBinary();
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new MissingBinaryError(
      'the FerretDB launcher',
      binary,
      'run npm start or npm test, which build it (scripts/bootstrap.mjs, from infra/ferretdb)',
    );
  }
  const proc = new ManagedProcess({
    label: `ferretdb on port ${port}`,
    command: binary,
    args: ['-listen', `127.0.0.1:${port}`, '-data', dir, ...backendArgs, '-log-level', options.logLevel ?? 'warn', ...(options.debugAddr ? ['-debug-addr', options.debugAddr] : [])],
    isolate: options.isolate,
    onLine: options.onLine,
  });
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  await orStop(
    proc,
    (async () => {
      // The launcher prints this line just before it binds, so the port check must follow it.
      await proc.waitForLine(/^ferretdb listening on /, { timeoutMs });
      await proc.waitUntil(() => tcpAccepts(port), { timeoutMs });
    })(),
  );
  return serverHandle(`mongodb://127.0.0.1:${port}/`, proc, options.stopTimeoutMs ?? 10_000);
}

/** Runs `use` against a FerretDB of its own in a temporary directory, removed afterwards (benchmarks). */
export async function withScratchFerretDB<T>(name: string, use: (url: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `lbi-${name}-`));
  try {
    const ferret = await startFerretDB({ port: await freePort(), dir });
    try {
      return await use(ferret.url);
    } finally {
      await ferret.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
