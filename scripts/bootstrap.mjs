#!/usr/bin/env node
// Makes a fresh clone runnable: dependencies, TypeScript build, FerretDB launcher, redis-server,
// Chromium with --with-browser (the browser tests) or when the sources file has a `render: true` source,
// and with --with-promtool Prometheus' promtool, which the tests use to check /metrics and the Prometheus config.
// Runs before node_modules exists, so: Node built-ins only. Every step is skipped when already done,
// so `npm start` / `npm test` stay fast on a warm checkout. Exits non-zero with a clear message on failure.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.join(root, '.cache', 'bin', 'ferretdb-launcher');
const launcherDir = path.join(root, 'infra', 'ferretdb');
const launcherSources = () =>
  readdirSync(launcherDir)
    .filter((file) => file.endsWith('.go') || file === 'go.mod' || file === 'go.sum')
    .map((file) => path.join(launcherDir, file));

class StepError extends Error {}

const steps = [
  ['dependencies', installDependencies],
  ['typescript', buildTypeScript],
  ['ferretdb', buildFerretDB],
  ['redis', ensureRedis],
  ...(process.argv.includes('--with-browser') || rendersPages() ? [['chromium', ensureChromium]] : []),
  ...(process.argv.includes('--with-promtool') ? [['promtool', ensurePromtool]] : []),
];

/**
 * Whether the sources file (SOURCES_FILE, else config/sources.yml) declares a source drawn by a browser.
 * A line match, as YAML cannot be parsed before the dependencies are installed: a commented-out line
 * does not count, an unusual spelling (`render: yes`) is refused by the fetcher anyway.
 */
function rendersPages() {
  const file = path.resolve(root, process.env.SOURCES_FILE ?? 'config/sources.yml');
  try {
    return /^[\s-]*render:\s*true\b/m.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

const began = Date.now();
for (const [name, step] of steps) {
  const started = Date.now();
  try {
    const outcome = await step();
    log(`${name}: ${outcome} (${elapsed(started)})`);
  } catch (error) {
    log(`${name}: FAILED after ${elapsed(started)}`);
    process.stderr.write(`\n${error instanceof StepError ? error.message : error?.stack ?? String(error)}\n`);
    process.exit(1);
  }
}
log(`ready in ${elapsed(began)}`);

/** (a) npm ci, when node_modules is missing or older than package-lock.json. */
async function installDependencies() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && mtime(installed) >= mtime(lock)) return 'up to date';
  progress('dependencies: npm ci…');
  await run('npm', ['ci', '--no-audit', '--no-fund'], { what: 'npm ci' });
  return 'installed (npm ci)';
}

/** (b) Every workspace's TypeScript, through turbo (cached: unchanged packages are not rebuilt). */
async function buildTypeScript() {
  const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
  if (!existsSync(turbo)) throw new StepError(`turbo is missing from node_modules/.bin: delete node_modules and run again`);
  progress('typescript: turbo run build…');
  const output = await run(turbo, ['run', 'build', '--output-logs=errors-only', '--ui=stream'], {
    what: 'the TypeScript build (turbo run build)',
    env: { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
  });
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  return cached ? `built (${cached[1]} of ${cached[2]} packages from cache)` : 'built';
}

/** (c) The FerretDB launcher, when missing or older than its Go sources. */
async function buildFerretDB() {
  const newest = Math.max(...launcherSources().map(mtime));
  if (existsSync(launcher) && mtime(launcher) >= newest) return 'up to date';
  const go = findGo();
  if (!go) {
    throw new StepError(
      'The FerretDB launcher must be built, but the Go toolchain is not installed (no `go` on PATH or in /usr/local/go/bin).\n' +
        'Install Go (https://go.dev/dl/, the version in infra/ferretdb/go.mod or newer) and run this again.',
    );
  }
  progress('ferretdb: go build (about a minute the first time)…');
  mkdirSync(path.dirname(launcher), { recursive: true });
  await run(go, ['build', '-trimpath', '-o', launcher, '.'], {
    what: 'the FerretDB launcher build (go build in infra/ferretdb)',
    cwd: launcherDir,
    env: { CGO_ENABLED: '0' },
  });
  return `built ${path.relative(root, launcher)}`;
}

/** (d) redis-server on PATH; installed with apt-get when missing. */
async function ensureRedis() {
  if (onPath('redis-server')) return 'redis-server found';
  return aptInstall('redis-server', 'Install Redis 7 so that `redis-server` is on PATH (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) and run this again.', () => onPath('redis-server'));
}

/** (e) Debian's Chromium at /usr/bin/chromium, which the browser tests drive through playwright-core. */
async function ensureChromium() {
  const chromium = '/usr/bin/chromium';
  if (existsSync(chromium)) return `${chromium} found`;
  return aptInstall('chromium', `Install Chromium so that ${chromium} exists (Debian: apt-get install chromium) and run this again.`, () => existsSync(chromium));
}

/** (f) promtool on PATH, from Debian's prometheus package. */
async function ensurePromtool() {
  if (onPath('promtool')) return 'promtool found';
  return aptInstall('prometheus', 'Install Prometheus so that `promtool` is on PATH (Debian: apt-get install prometheus; or a release from prometheus.io) and run this again.', () => onPath('promtool'));
}

/** Installs one Debian package as root or through password-less sudo; `installed` checks the result. */
async function aptInstall(pkg, manualHint, installed) {
  const root_ = process.getuid?.() === 0;
  const sudo = !root_ && onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!onPath('apt-get') || (!root_ && !sudo)) {
    throw new StepError(
      `${pkg} is not installed and cannot be installed automatically ` +
        `(${onPath('apt-get') ? 'installing needs root or password-less sudo' : 'no apt-get on this system'}).\n` +
        manualHint,
    );
  }
  const asRoot = (args) => (root_ ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]]);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  progress(`${pkg}: apt-get install ${pkg}…`);
  await run(...asRoot(['update', '-q']), { what: 'apt-get update', env });
  await run(...asRoot(['install', '-y', '-q', '--no-install-recommends', pkg]), { what: `apt-get install ${pkg}`, env });
  if (!installed()) throw new StepError(`apt-get installed ${pkg}, but it is still not where expected`);
  return `installed ${pkg} (apt-get)`;
}

/** Runs a command with its output captured; on failure, throws with the output's tail. Resolves with the output. */
function run(command, args, { what, cwd = root, env = {} }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk) => {
      output += chunk;
      if (output.length > 1_000_000) output = output.slice(-500_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) => reject(new StepError(`${what} could not start: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) return resolve(output);
      const tail = output.trimEnd().split('\n').slice(-80).join('\n');
      reject(new StepError(`${what} failed (${signal ? `killed by ${signal}` : `exit code ${code}`}):\n${tail}`));
    });
  });
}

function findGo() {
  if (onPath('go')) return 'go';
  const fallback = '/usr/local/go/bin/go';
  return existsSync(fallback) ? fallback : undefined;
}

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    throw new StepError(`${path.relative(root, file)} is missing`);
  }
}

function log(message) {
  process.stdout.write(`bootstrap: ${message}\n`);
}

/** A "started…" line before slow work, so a long wait shows what it is waiting for. */
function progress(message) {
  log(message);
}

function elapsed(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
