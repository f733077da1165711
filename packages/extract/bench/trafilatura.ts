import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodePage } from '../src/decode/decode-page';
import type { SharedPage } from '../src/evaluation/fixtures';
import { repoRoot } from '../src/testdata/seeds';
import { bodyOutput } from './extractors';
import type { Attempt, Timing } from './measure';
import { BUDGET } from './measure';

/**
 * The peer: go-trafilatura, run by a small Go program (bench/trafilatura) that the bench builds into the
 * gitignored .cache, as bootstrap builds the FerretDB launcher. Pages reach it as files of decoded HTML,
 * so it reads the same text the in-process extractors get.
 */
export const TRAFILATURA = 'go-trafilatura 1.12';

const ROOT = repoRoot(__dirname);
const SOURCES = path.join(ROOT, 'packages', 'extract', 'bench', 'trafilatura');
const BINARY = path.join(ROOT, '.cache', 'bin', 'trafilatura-bench');
const PAGES = path.join(ROOT, '.cache', 'bench', 'extract');

function mtime(file: string): number {
  return statSync(file).mtimeMs;
}

function findGo(): string {
  const onPath = spawnSync('go', ['version'], { stdio: 'ignore' });
  if (onPath.status === 0) return 'go';
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('the benchmark builds its go-trafilatura peer with Go, but no `go` is on PATH or in /usr/local/go/bin');
}

/** Builds the peer when it is missing or older than its sources. */
export function buildTrafilatura(): void {
  const newest = Math.max(...readdirSync(SOURCES).map((file) => mtime(path.join(SOURCES, file))));
  if (existsSync(BINARY) && mtime(BINARY) >= newest) return;
  process.stderr.write('bench: building the go-trafilatura peer (go build, a minute the first time)…\n');
  mkdirSync(path.dirname(BINARY), { recursive: true });
  const built = spawnSync(findGo(), ['build', '-trimpath', '-o', BINARY, '.'], {
    cwd: SOURCES,
    env: { ...process.env, CGO_ENABLED: '0' },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`go build of the go-trafilatura peer failed:\n${built.stderr}`);
}

/** Writes a page set as decoded HTML files with their manifest; returns the manifest's path. */
export function writePageSet(set: string, fixtures: readonly SharedPage[]): string {
  const dir = path.join(PAGES, set);
  mkdirSync(dir, { recursive: true });
  const lines = fixtures.map((fixture) => {
    const file = `${fixture.name}.html`;
    writeFileSync(path.join(dir, file), decodePage(fixture.html));
    return JSON.stringify({ name: fixture.name, path: file, url: fixture.truth.url });
  });
  const manifest = path.join(dir, 'manifest.jsonl');
  writeFileSync(manifest, `${lines.join('\n')}\n`);
  return manifest;
}

function runPeer(manifest: string, args: readonly string[]): string[] {
  // One thread, as the parser service's extraction runs on one JavaScript thread.
  const result = spawnSync(BINARY, ['-manifest', manifest, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, GOMAXPROCS: '1' },
  });
  if (result.status !== 0) throw new Error(`the go-trafilatura peer failed: ${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line !== '');
}

interface PeerPage {
  name: string;
  text: string;
  headlines: string[];
  error?: string;
}

/** The peer's answers for the pages of a manifest, in the manifest's order. */
export function trafilaturaAttempts(manifest: string): Attempt[] {
  return runPeer(manifest, ['-mode', 'score']).map((line) => {
    const page = JSON.parse(line) as PeerPage;
    if (page.error !== undefined) return { output: null, failure: page.error };
    return { output: bodyOutput(page.text, page.headlines), failure: null };
  });
}

interface PeerSpeed {
  bytes: number;
  passes: number;
  seconds: number;
  cpuSeconds: number;
}

export function timeTrafilatura(manifest: string, pages: number): Timing {
  const [line] = runPeer(manifest, ['-mode', 'speed', '-budget', `${BUDGET.ms}ms`, '-passes', String(BUDGET.iterations)]);
  const speed = JSON.parse(line ?? '{}') as PeerSpeed;
  return { bytes: speed.bytes, seconds: speed.seconds, cpuSeconds: speed.cpuSeconds, pages, iterations: speed.passes };
}
