import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runExportCommand } from './export-command';
import { progressLine, RecordCounter } from './progress';

const CSV = 'id,text,revisionCount\r\n"en_1","eins",1\r\n"en_2","zwei\r\nZeilen, ""zitiert""",2\r\n"en_3","drei",1\r\n';

/** An API that serves the CSV export in small pieces, a liveblog with its count, and the failures asked for. */
let server: Server;
let api: string;
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url!);
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/v1/liveblogs/lb_00000000000000c1') {
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ id: 'lb_00000000000000c1', entryCount: 3 }));
      return;
    }
    if (url.searchParams.get('agency') === 'bad') {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'bad_request', message: 'query.agency: not an agency' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/csv' });
    const pieces = CSV.match(/[\s\S]{1,7}/g)!;
    const cut = url.searchParams.get('source') === 'src_cut';
    const next = () => {
      const piece = pieces.shift();
      if (piece === undefined) return cut ? res.destroy() : res.end();
      res.write(piece);
      setImmediate(next);
    };
    next();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

function io(tty: boolean) {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  let clock = 0;
  // Each look at the clock is a second later: every chunk is due for a progress line.
  return { io: { stdout, stderr, env: {}, now: () => (clock += 10_000) }, out: () => Buffer.concat(out).toString(), err: () => Buffer.concat(err).toString() };
}

test('to a file, with the filters as the query; a log gets plain progress lines and a last one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  const run = io(false);
  const code = await runExportCommand(['--api', api, '--out', join(dir, 'e.csv'), '--agency', 'dpa', '--since', '2025-01-01T00:00:00Z'], run.io);
  expect([code, run.err()]).toEqual([0, expect.stringMatching(/\nexported 3 entries {2}0\.0 MB {2}\d+ entries\/s\n$/)]);
  expect(run.err()).not.toContain('\r');
  expect(readFileSync(join(dir, 'e.csv'), 'utf8')).toBe(CSV);
  expect(readdirSync(dir)).toEqual(['e.csv']);
  expect(requests.pop()).toBe('/v1/entries.csv?agency=dpa&since=2025-01-01T00%3A00%3A00Z&includeDeleted=false');
});

test('to stdout as NDJSON; a terminal gets a bar redrawn in place, from the liveblog count', async () => {
  const run = io(true);
  expect(await runExportCommand(['--api', api, '--format', 'ndjson', '--liveblog', 'lb_00000000000000c1'], run.io)).toBe(0);
  expect(run.out()).toBe(CSV);
  expect(requests.slice(-2)).toEqual(['/v1/liveblogs/lb_00000000000000c1?includeDeleted=false', '/v1/entries.ndjson?liveblog=lb_00000000000000c1&includeDeleted=false']);
  const redraws = run.err().split('\r').slice(1);
  expect(redraws.length).toBeGreaterThan(1);
  expect(redraws.pop()).toMatch(/^\[#{24}\] 100% {2}\d\/3 entries .*\x1b\[K\n$/);
});

test.each([
  { name: 'a refused query', args: ['--agency', 'bad'], message: /query\.agency: not an agency \(HTTP 400\)/ },
  { name: 'an export cut off by the API', args: ['--source', 'src_cut'], message: /liveblog export: / },
])('$name: exit 1, the reason on stderr, no file', async ({ args, message }) => {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  const run = io(false);
  expect(await runExportCommand(['--api', api, '--out', join(dir, 'e.csv'), ...args], run.io)).toBe(1);
  expect(run.err()).toMatch(message);
  expect(existsSync(join(dir, 'e.csv')) || existsSync(join(dir, 'e.csv.partial'))).toBe(false);
});

test('a format other than csv or ndjson is a usage error', async () => {
  const run = io(false);
  expect(await runExportCommand(['--format', 'xlsx'], run.io)).toBe(2);
  expect(run.err()).toContain('usage: liveblog export');
});

test.each([
  { chunks: ['id,text\r\n', '"a","x\r\ny"\r\n"b",""""\r', '\n'], format: 'csv' as const, records: 2 },
  { chunks: ['id\n"a', '\n', 'b"\n'], format: 'csv' as const, records: 1 },
  { chunks: ['{"a":1}\n{"a"', ':2}\n'], format: 'ndjson' as const, records: 2 },
])('records counted across chunks: $format $records', ({ chunks, format, records }) => {
  const counter = new RecordCounter(format);
  for (const c of chunks) counter.add(Buffer.from(c));
  expect(counter.records).toBe(records);
});

test.each([
  [{ records: 0, bytes: 0, elapsedMs: 0, total: 10 }, '[------------------------]   0%  0/10 entries  0.0 MB  0 entries/s'],
  [{ records: 5, bytes: 2_500_000, elapsedMs: 2_000, total: 10 }, '[############------------]  50%  5/10 entries  2.5 MB  3 entries/s'],
  [{ records: 12_345, bytes: 10_000_000, elapsedMs: 1_000, total: null }, '12,345 entries  10.0 MB  12,345 entries/s'],
])('progress line %#', (progress, line) => {
  expect(progressLine(progress)).toBe(line);
});
