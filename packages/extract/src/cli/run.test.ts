import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Extraction } from '@liveblog/contracts';
import { readTestdata } from '../testdata/seeds';
import { parseArgs } from './args';
import { runCli } from './run';

const SAMPLE = readTestdata('sturmtief.txt');
const URL = 'https://example.org/sturmtief-xaver';

function run(argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe('parseArgs', () => {
  test.each([
    [[], { kind: 'help' }],
    [['--help'], { kind: 'help' }],
    [['parse', '-h'], { kind: 'help' }],
    [['parse', 'a.html'], { kind: 'parse', file: 'a.html', url: null, rules: null, explain: false }],
    [['parse', '--url', 'https://x.test/', 'a.html'], { kind: 'parse', file: 'a.html', url: 'https://x.test/', rules: null, explain: false }],
    [['parse', 'a.html', '--rules', 'r.json'], { kind: 'parse', file: 'a.html', url: null, rules: 'r.json', explain: false }],
    [['parse', 'a.html', '--explain'], { kind: 'parse', file: 'a.html', url: null, rules: null, explain: true }],
    [['parse', '--batch', 'm.jsonl'], { kind: 'batch', manifest: 'm.jsonl' }],
  ])('%j', (argv, command) => {
    expect(parseArgs(argv)).toEqual(command);
  });

  test.each([
    [['fetch', 'a']],
    [['parse']],
    [['parse', 'a', 'b']],
    [['parse', '--url']],
    [['parse', '--verbose', 'a']],
    [['parse', '--batch', 'm', 'a']],
    [['parse', '--batch', 'm', '--rules', 'r.json']],
    [['parse', 'a', '--rules']],
    [['parse', 'a', '--explain', '--rules', 'r.json']],
    [['parse', '--batch', 'm', '--explain']],
  ])('%j is a usage error', (argv) => {
    expect(parseArgs(argv).kind).toBe('usage-error');
  });
});

describe('runCli', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'liveblog-cli-'));
  const plain = path.join(dir, 'sturmtief.txt');
  const gzipped = path.join(dir, 'sturmtief.txt.gz');
  const empty = path.join(dir, 'empty.html');
  writeFileSync(plain, SAMPLE);
  writeFileSync(gzipped, gzipSync(Buffer.from(SAMPLE)));
  writeFileSync(empty, '  \n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('--explain lists the readings considered, what each covered, and which won and why', () => {
    const page = path.join(__dirname, '..', 'testdata', 'reading-comments-below-brief.html');
    const { status, stdout } = run(['parse', page, '--explain']);
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[1]).toMatch(/^reading\s+entries\s+text chars\s+share\s+link density\s+repetition\s+doubts$/);
    expect(lines.find((l) => l.startsWith('container'))).toMatch(/inside a box of other text \(section#comments\)/);
    expect(lines.find((l) => l.startsWith('density'))).toMatch(/^density\s+1\s+\d+\s+0\.\d\d/);
    expect(stdout).toContain('chosen: density, because container sits inside a box of other text');
  });

  test('--explain on a text dump says it has one reading', () => {
    const { status, stdout } = run(['parse', plain, '--explain']);
    expect(status).toBe(0);
    expect(stdout).toContain('read one way only');
  });

  test('--rules reads the page by the rules, and says when they matched nothing', () => {
    const page = path.join(__dirname, '..', 'rules', 'testdata', 'deichblog.html');
    const rules = path.join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ entry: '.tick', headline: '.kopf', body: '.txt' }));
    const byRules = run(['parse', page, '--rules', rules]);
    expect([byRules.status, byRules.stderr]).toEqual([0, '']);
    expect(Extraction.parse(JSON.parse(byRules.stdout)).entries.map((e) => e.headline)).toEqual(['Pegel sinkt erstmals seit Sonntag', 'Zweite Notunterkunft öffnet', 'Bundesstraße gesperrt']);

    writeFileSync(rules, JSON.stringify({ entry: 'article.update' }));
    const missed = run(['parse', page, '--rules', rules]);
    expect(missed.status).toBe(0);
    expect(missed.stderr).toContain('matched nothing');
  });

  test('--rules with a bad rules file exits 1 naming the field', () => {
    const rules = path.join(dir, 'bad-rules.json');
    writeFileSync(rules, JSON.stringify({ entry: '.tick', timezone: 'Nowhere/Land' }));
    const { status, stderr } = run(['parse', plain, '--rules', rules]);
    expect(status).toBe(1);
    expect(stderr).toContain('timezone');
  });

  test('parse prints one Extraction as one JSON line', () => {
    const { status, stdout, stderr } = run(['parse', plain, '--url', URL]);
    expect([status, stderr]).toEqual([0, '']);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const extraction = Extraction.parse(JSON.parse(stdout));
    expect(extraction.liveblog.url).toBe(URL);
    expect(extraction.entries.length).toBeGreaterThan(0);
  });

  test('gzip-compressed input gives the same output', () => {
    expect(run(['parse', gzipped, '--url', URL]).stdout).toBe(run(['parse', plain, '--url', URL]).stdout);
  });

  test('without --url the file URL is used', () => {
    expect(JSON.parse(run(['parse', plain]).stdout).liveblog.url).toMatch(/^file:\/\/.*sturmtief\.txt$/);
  });

  test.each([
    ['an empty page', empty, /EmptyDocumentError/],
    ['a missing file', path.join(dir, 'missing.html'), /ENOENT/],
  ])('%s exits 1 with one line on stderr', (_name, file, reason) => {
    const { status, stdout, stderr } = run(['parse', file]);
    expect([status, stdout]).toEqual([1, '']);
    expect(stderr).toMatch(reason);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a usage error exits 2', () => {
    expect(run(['parse']).status).toBe(2);
  });

  test('batch prints one line per manifest line, in order, errors inline', () => {
    const manifest = path.join(dir, 'manifest.jsonl');
    writeFileSync(
      manifest,
      [
        JSON.stringify({ path: 'sturmtief.txt', url: URL }),
        JSON.stringify({ path: 'empty.html', url: URL }),
        'not json',
        '',
        JSON.stringify({ path: gzipped }),
      ].join('\n'),
    );
    const { status, stdout } = run(['parse', '--batch', manifest]);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(Extraction.parse(lines[0]).liveblog.url).toBe(URL);
    expect(lines[1]).toEqual({ error: expect.stringMatching(/EmptyDocumentError/), path: 'empty.html' });
    expect(lines[2]).toEqual({ error: expect.stringMatching(/not JSON/), path: null });
    expect(Extraction.parse(lines[3]).entries).toEqual(Extraction.parse(lines[0]).entries);
  });

  test('an unreadable manifest exits 1', () => {
    expect(run(['parse', '--batch', path.join(dir, 'nope.jsonl')]).status).toBe(1);
  });
});
