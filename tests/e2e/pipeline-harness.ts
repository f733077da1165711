import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, startService, waitForHealthy, type ManagedProcess, type ServiceName } from '@liveblog/devstack';
import { testEnv } from '../harness/env';

export const sharedDir = join(repoRoot(), '..', 'shared');

export interface RunningPipeline {
  apiUrl: string;
  env: Record<string, string>;
  services: Map<ServiceName, ManagedProcess>;
  start(name: ServiceName): Promise<ManagedProcess>;
  stop(): Promise<void>;
}

/** Writes a sources file into a temp dir of its own; returns its path. */
export function writeSourcesFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lbi-sources-'));
  const file = join(dir, 'sources.yml');
  writeFileSync(file, yaml);
  return file;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Runs the real services (built dist/main.js) against this test file's private database and queues.
 * Short job locks make crash recovery quick enough for a test.
 */
export async function startPipeline(opts: { sourcesFile: string; services: readonly ServiceName[]; env?: Record<string, string> }): Promise<RunningPipeline> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...testEnv().env,
    SOURCES_FILE: opts.sourcesFile,
    PORT: String(port),
    HEALTH_PORT: '0',
    JOB_LOCK_MS: '2000',
    // Test pages are served on loopback, which the fetcher refuses unless allowed.
    FETCH_ALLOWED_HOSTS: '127.0.0.1',
    // Edits in tests must be seen within seconds, not the production minimum of 30 s.
    FETCH_MIN_INTERVAL_SECONDS: '2',
    // Test dumps live in temp dirs, ../shared and config/.
    FETCH_FILE_ROOTS: [tmpdir(), sharedDir, join(repoRoot(), 'config')].join(','),
    LOG_LEVEL: process.env.LBI_TEST_LOG_LEVEL ?? 'info',
    ...opts.env,
  };
  const services = new Map<ServiceName, ManagedProcess>();
  const start = async (name: ServiceName) => {
    const proc = startService(name, env, {
      onLine: process.env.LBI_TEST_VERBOSE ? (line) => process.stderr.write(`[${name}] ${line}\n`) : undefined,
    });
    services.set(name, proc);
    if (name === 'api') await waitForHealthy(`http://127.0.0.1:${port}/readyz`, { process: proc, timeoutMs: 30_000 });
    else await proc.waitForLine(/"msg":"started"/, { timeoutMs: 30_000 });
    return proc;
  };
  for (const name of opts.services) await start(name);
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    env,
    services,
    start,
    async stop() {
      await Promise.all([...services.values()].map((p) => p.stop()));
    },
  };
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** Polls until `check` returns a value other than undefined, or fails with the last observation. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
