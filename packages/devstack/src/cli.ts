#!/usr/bin/env node
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { OutputStream } from './child';
import { DevstackError, MissingBinaryError, PortInUseError, describeExit } from './errors';
import { ferretdbBackend } from './ferretdb';
import { dataDir, repoRoot } from './paths';
import { removePid, stopStale, writePid } from './pidfile';
import { freePort, isPortFree } from './ports';
import { SERVICE_NAMES, serviceEntry, startService, waitForHealthy, type ServiceName } from './services';
import { startStack, type Stack } from './stack';
import { Supervisor } from './supervisor';

const USAGE = `usage: devstack up

  up   start Redis and FerretDB (data under .data/, unless REDIS_URL / MONGODB_URL are set), then the
       fetcher, parser, deduplicator, indexer and API (PORT, default 8080); Ctrl-C stops everything.`;

const say = (message: string): void => void process.stdout.write(`${message}\n`);
const warn = (message: string): void => void process.stderr.write(`${message}\n`);
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** `npm start`: the whole system on this machine, supervised, until Ctrl-C or SIGTERM. */
async function up(): Promise<number> {
  const root = repoRoot();
  const apiPort = parsePort(process.env.PORT ?? '8080');
  let stopReason: ((reason: { message: string; code: number }) => void) | undefined;
  const stopRequested = new Promise<{ message: string; code: number }>((resolve) => (stopReason = resolve));
  let stopping = false;
  const requestStop = (message: string, code: number): void => {
    if (!stopping) stopReason?.({ message, code });
    stopping = true;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      warn(`${signal} again: killing everything now`);
      process.exit(1); // The exit hook in child.ts SIGKILLs every child still running.
    }
    requestStop(`received ${signal}`, 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  let stack: Stack | undefined;
  let dbDied = false;
  const supervisor = new Supervisor({
    onExit: (report) => {
      const why = describeExit(report.code, report.signal, report.error);
      const lines = report.tail.slice(-15);
      warn(
        `[devstack] ${report.name} died unexpectedly (${why}) after ${(report.uptimeMs / 1000).toFixed(1)} s; ` +
          `restarting in ${(report.restartInMs / 1000).toFixed(0)} s` +
          (lines.length ? `. Its last lines:\n${lines.map((line) => `[devstack]   ${line}`).join('\n')}` : ''),
      );
    },
    onRestart: (name, proc) => say(`[devstack] restarted ${name} (pid ${proc.pid})`),
  });

  try {
    const missing = SERVICE_NAMES.map((name) => serviceEntry(name, root)).filter((entry) => !existsSync(entry));
    if (missing.length > 0) {
      throw new MissingBinaryError('service build', missing.map((entry) => path.relative(root, entry)).join(', '), 'run npm start (it builds everything first)');
    }
    const pidFile = (name: ServiceName): string => path.join(dataDir(root), 'run', `${name}.pid`);
    for (const name of SERVICE_NAMES) {
      const stale = await stopStale(pidFile(name), path.join('services', name, 'dist', 'main.js'));
      if (stale !== undefined) say(`stopped the ${name} (pid ${stale}) an earlier run left running`);
    }
    if (!(await isPortFree(apiPort))) throw new PortInUseError(apiPort, 'set PORT to run the API elsewhere');

    const began = Date.now();
    stack = await startStack({
      root,
      redisUrl: process.env.REDIS_URL || undefined,
      mongodbUrl: process.env.MONGODB_URL || undefined,
      ferretdbBackend: ferretdbBackend(),
      persistent: true,
      isolate: true,
      onProgress: say,
    });
    say(`redis:    ${stack.redisUrl}${stack.dirs.redis ? ` (data in ${path.relative(root, stack.dirs.redis)})` : ' (REDIS_URL)'}`);
    say(`mongodb:  ${stack.mongodbUrl}${stack.dirs.ferretdb ? ` (FerretDB on ${ferretdbBackend()}, data in ${path.relative(root, stack.dirs.ferretdb)})` : ' (MONGODB_URL)'}`);
    for (const server of [stack.redis, stack.ferretdb]) {
      void server?.process.exited.then(() => {
        if (stopping) return;
        const { label, exitCode, exitSignal } = server.process;
        const tail = server.process.recentLines().slice(-15).map((line) => `[devstack]   ${line}`);
        warn(`[devstack] ${label} died (${describeExit(exitCode ?? null, exitSignal)}); its last lines:\n${tail.join('\n')}`);
        dbDied = true;
        requestStop(`${label} died`, 1);
      });
    }
    if (stopping) return finish(await stopRequested);

    const shared = {
      REDIS_URL: stack.redisUrl,
      MONGODB_URL: stack.mongodbUrl,
      // The sample sources are local files: the seeds beside the checkout and our own samples.
      FETCH_FILE_ROOTS: process.env.FETCH_FILE_ROOTS ?? [path.join(root, 'config'), path.join(root, '..', 'shared')].join(','),
    };
    const healthUrls: string[] = [];
    for (const name of SERVICE_NAMES) {
      const env: NodeJS.ProcessEnv = { ...shared };
      if (name === 'api') {
        env.PORT = String(apiPort);
      } else {
        const healthPort = await freePort(); // Fixed for the session, so restarts keep their address.
        env.HEALTH_PORT = String(healthPort);
        healthUrls.push(`${name} http://127.0.0.1:${healthPort}`);
      }
      say(`starting ${name}…`);
      supervisor.add(name, () => {
        const proc = startService(name, env, { root, isolate: true, onLine: prefixed(name) });
        writePid(pidFile(name), proc.pid);
        void proc.exited.then(() => removePid(pidFile(name)));
        return proc;
      });
    }
    say(`health:   ${healthUrls.join(', ')}`);

    const ready = waitUntilApiReady(apiPort, () => stopping);
    const first = await Promise.race([ready.then(() => undefined), stopRequested]);
    if (first) return finish(first);
    say(`liveblog-ingest is up: API at http://localhost:${apiPort}/v1/liveblogs (${seconds(began)}; Ctrl-C to stop)`);
    return finish(await stopRequested);
  } catch (error) {
    warn(`devstack: ${error instanceof DevstackError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    stopping = true;
    return 1;
  } finally {
    stopping = true;
    const began = Date.now();
    if (supervisor.names().length > 0) say('stopping services…');
    // Without Redis or MongoDB, services cannot drain their work; don't wait long for them.
    await supervisor.stopAll(dbDied ? 5_000 : 15_000);
    if (stack?.redis || stack?.ferretdb) say('stopping ferretdb and redis…');
    await stack?.stop();
    if (stack || supervisor.names().length > 0) say(`stopped (${seconds(began)})`);
  }

  function finish(reason: { message: string; code: number }): number {
    say(`${reason.message}: shutting down`);
    return reason.code;
  }
}

/** Waits for the API's /readyz, reminding the user every 30 s while it is not ready (the supervisor restarts it). */
async function waitUntilApiReady(port: number, cancelled: () => boolean): Promise<void> {
  const url = `http://127.0.0.1:${port}/readyz`;
  for (let waited = 30; !cancelled(); waited += 30) {
    try {
      await waitForHealthy(url, { timeoutMs: 30_000, intervalMs: 200 });
      return;
    } catch {
      if (!cancelled()) warn(`[devstack] the API is not ready after ${waited} s (${url}); still waiting`);
    }
  }
}

function prefixed(name: ServiceName): (line: string, stream: OutputStream) => void {
  return (line, stream) => (stream === 'stderr' ? warn : say)(`[${name}] ${line}`);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    warn(`devstack: PORT must be a TCP port number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return port;
}

async function main(argv: readonly string[]): Promise<number> {
  const command = argv[0];
  if (command === 'up' && argv.length === 1) return up();
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    say(USAGE);
    return command === undefined ? 2 : 0;
  }
  warn(`devstack: unknown command ${argv.join(' ')}\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      warn(`devstack: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
