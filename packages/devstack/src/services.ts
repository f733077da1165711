import { existsSync } from 'node:fs';
import path from 'node:path';
import { ManagedProcess, delay, type LineListener } from './child';
import { MissingBinaryError, StartTimeoutError } from './errors';
import { repoRoot } from './paths';
import { httpStatus } from './probes';

/** The services of the pipeline, in pipeline order, the read API, and the webhook deliverer beside it. */
export const SERVICE_NAMES = ['fetcher', 'parser', 'deduplicator', 'indexer', 'api', 'deliverer'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceOptions {
  onLine?: LineListener;
  root?: string;
  /** Own process group (see SpawnOptions.isolate); the CLI sets it. */
  isolate?: boolean;
  tailLines?: number;
}

export function serviceEntry(name: string, root: string = repoRoot()): string {
  return path.join(root, 'services', name, 'dist', 'main.js');
}

/**
 * Runs `node services/<name>/dist/main.js` with `env` merged over this process's environment.
 * `stop()` sends SIGTERM (services shut down gracefully and exit 0), `kill()` SIGKILL.
 */
export function startService(name: string, env: NodeJS.ProcessEnv = {}, options: ServiceOptions = {}): ManagedProcess {
  const root = options.root ?? repoRoot();
  const entry = serviceEntry(name, root);
  if (!existsSync(entry)) {
    throw new MissingBinaryError(`service ${name}`, entry, 'build it first (npm start and npm test do, via scripts/bootstrap.mjs)');
  }
  return new ManagedProcess({
    label: name,
    command: process.execPath,
    args: [entry],
    cwd: root,
    env: { ...process.env, ...env },
    onLine: options.onLine,
    isolate: options.isolate,
    tailLines: options.tailLines,
  });
}

export interface HealthWaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Fail as soon as this process exits instead of waiting for the timeout. */
  process?: ManagedProcess;
}

/** Polls `url` (a /healthz or /readyz endpoint) until it answers 200. */
export async function waitForHealthy(url: string, options: HealthWaitOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const check = async (): Promise<boolean> => (await httpStatus(url)) === 200;
  if (options.process) {
    return options.process.waitUntil(check, { timeoutMs, intervalMs: options.intervalMs ?? 100 });
  }
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() >= deadline) throw new StartTimeoutError(url, timeoutMs, []);
    await delay(options.intervalMs ?? 100);
  }
}
