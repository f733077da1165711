#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
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
import { readableLogLines, type LogLineRenderer } from './terminal/log-lines';
import { StatusPoller } from './terminal/status-poller';
import { TerminalView } from './terminal/terminal-view';

const USAGE = `usage: devstack up

  up   start Redis and FerretDB (data under .data/, unless REDIS_URL / MONGODB_URL are set), then the
       fetcher, parser, deduplicator, indexer, API (PORT, default 8080) and webhook deliverer; Ctrl-C
       stops everything. In a terminal: where to look, a status line, and the services' warnings and errors
       as readable lines; piped, or with LOG_FORMAT=json: every service's JSON log lines as they are.`;

/** In a terminal (LOG_FORMAT pretty), every line goes through the view, which keeps the status line below. */
let view: TerminalView | undefined;
const say = (message: string): void => void (view ? view.print(message) : process.stdout.write(`${message}\n`));
const warn = (message: string): void => void (view ? view.print(message, 'stderr') : process.stderr.write(`${message}\n`));
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** `npm start`: the whole system on this machine, supervised, until Ctrl-C or SIGTERM. */
async function up(): Promise<number> {
  const root = repoRoot();
  const apiPort = parsePort(process.env.PORT ?? '8080');
  const pretty = logFormat(process.env.LOG_FORMAT, process.stdout.isTTY === true) === 'pretty';
  const colorize = pretty && process.stdout.isTTY === true && process.stdout.hasColors();
  const renderLine = pretty ? readableLogLines({ colorize }) : undefined;
  const tailLine = pretty ? readableLogLines({ colorize, minLevel: 0 }) : undefined;
  if (pretty && process.stdout.isTTY) view = new TerminalView(process.stdout, process.stderr);
  // The dashboard needs an admin token: one for the session unless the operator brought theirs.
  const sessionToken = process.env.ADMIN_TOKEN ? undefined : randomBytes(18).toString('base64url');
  let poller: StatusPoller | undefined;
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
      const lines = report.tail.slice(-15).map((line) => (tailLine ? (tailLine(report.name, line) ?? line) : line));
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
        if (sessionToken) env.ADMIN_TOKEN = sessionToken;
      } else {
        const healthPort = await freePort(); // Fixed for the session, so restarts keep their address.
        env.HEALTH_PORT = String(healthPort);
        healthUrls.push(`${name} http://127.0.0.1:${healthPort}`);
      }
      say(`starting ${name}…`);
      supervisor.add(name, () => {
        const proc = startService(name, env, { root, isolate: true, onLine: prefixed(name, renderLine) });
        writePid(pidFile(name), proc.pid);
        void proc.exited.then(() => removePid(pidFile(name)));
        return proc;
      });
    }
    say(`health:   ${healthUrls.join(', ')}`);

    const ready = waitUntilApiReady(apiPort, () => stopping);
    const first = await Promise.race([ready.then(() => undefined), stopRequested]);
    if (first) return finish(first);
    const base = `http://localhost:${apiPort}`;
    const dashboard = sessionToken ? `${base}/dashboard?token=${sessionToken}` : `${base}/dashboard (log in with ?token=$ADMIN_TOKEN)`;
    if (!pretty) {
      say(`liveblog-ingest is up: API at ${base}/v1/liveblogs (${seconds(began)}; Ctrl-C to stop)`);
      if (sessionToken) say(`dashboard: ${dashboard}`);
      return finish(await stopRequested);
    }
    say(`liveblog-ingest is up (${seconds(began)}; Ctrl-C to stop). Info logs hidden; LOG_FORMAT=json shows every line.`);
    const where = (what: string, url: string) => say(`  ${what.padEnd(10)} ${url}`);
    where('API', `${base}/v1/liveblogs`);
    where('reference', `${base}/docs`);
    where('dashboard', dashboard);
    where('metrics', `${base}/metrics`);
    const feedLine = (id: string) => where('feed', `${base}/v1/liveblogs/${id}/feed.atom`);
    poller = new StatusPoller({
      apiUrl: base,
      apiKey: process.env.API_KEYS?.split(',')[0]?.trim() || undefined,
      onStatus: (line) => (view ? view.setStatus(line) : undefined),
      onFirstLiveblog: feedLine,
      failing: (text) => (colorize ? `\x1b[31m${text}\x1b[39m` : text),
    });
    poller.start();
    return finish(await stopRequested);
  } catch (error) {
    warn(`devstack: ${error instanceof DevstackError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    stopping = true;
    return 1;
  } finally {
    stopping = true;
    poller?.stop();
    view?.close();
    const began = Date.now();
    if (supervisor.names().length > 0) say('stopping services…');
    // Without Redis or MongoDB, services cannot drain their work; don't wait long for them.
    await supervisor.stopAll(dbDied ? 5_000 : 15_000);
    if (stack?.redis || stack?.ferretdb) say('stopping ferretdb and redis…');
    await stack?.stop();
    if (stack || supervisor.names().length > 0) say(`stopped (${seconds(began)})`);
  }

  function finish(reason: { message: string; code: number }): number {
    poller?.stop();
    view?.close();
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

/** A service's output: as it came (JSON), or through `render`, which leaves out what a person needs not see. */
function prefixed(name: ServiceName, render?: LogLineRenderer): (line: string, stream: OutputStream) => void {
  return (line, stream) => {
    const shown = render ? render(name, line) : `[${name}] ${line}`;
    if (shown !== null) (stream === 'stderr' ? warn : say)(shown);
  };
}

/** LOG_FORMAT: `json` or `pretty`; unset, pretty in a terminal and JSON anywhere else. */
function logFormat(value: string | undefined, terminal: boolean): 'json' | 'pretty' {
  if (value === undefined || value === '') return terminal ? 'pretty' : 'json';
  if (value === 'json' || value === 'pretty') return value;
  warn(`devstack: LOG_FORMAT must be json or pretty, got ${JSON.stringify(value)}`);
  process.exit(2);
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
