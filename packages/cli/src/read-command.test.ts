import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runReadCommand, type ReadIo } from './read-command';

async function withApi(handle: (req: IncomingMessage, res: ServerResponse) => void, run: (base: string) => Promise<void>): Promise<void> {
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const io = (env: Record<string, string> = {}, signal?: AbortSignal) => {
  const out: string[] = [];
  const err: string[] = [];
  const value: ReadIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env, signal };
  return { out, err, io: value };
};
const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

test('entries prints every page as JSON lines, with the filters and the key from API_KEY', async () => {
  const asked: { query: string; key: string | undefined }[] = [];
  await withApi(
    (req, res) => {
      const url = new URL(req.url!, 'http://x');
      asked.push({ query: url.search, key: req.headers['x-api-key'] as string | undefined });
      json(res, 200, url.searchParams.get('cursor') ? { items: [{ id: 'en_2' }], next: null } : { items: [{ id: 'en_1' }], next: 'c2' });
    },
    async (base) => {
      const { out, io: value } = io({ API_KEY: 'a-read-key-of-16-chars' });
      expect(await runReadCommand('entries', ['--api', base, '--agency', 'dpa', '--q', 'Deich'], value)).toBe(0);
      expect(out.map((l) => JSON.parse(l).id)).toEqual(['en_1', 'en_2']);
    },
  );
  expect(asked.map((a) => new URLSearchParams(a.query).get('agency'))).toEqual(['dpa', 'dpa']);
  expect(asked.map((a) => new URLSearchParams(a.query).get('q'))).toEqual(['Deich', 'Deich']);
  expect(asked.every((a) => a.key === 'a-read-key-of-16-chars')).toBe(true);
});

test('follow prints events with their ids until stopped; a refusal exits 1 with the API message', async () => {
  const event = { type: 'entry.created', entryId: 'en_1', liveblogId: 'lb_1', key: 'k', contentHash: 'h', snapshotId: 's', indexedAt: '2026-12-01T00:00:00.000Z' };
  await withApi(
    (req, res) => {
      if (req.headers['last-event-id'] === 'bad') return json(res, 400, { error: { code: 'bad_request', message: 'Last-Event-ID: not an id this stream issued' } });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`: connected\n\nid: 7-0\nevent: entry.created\ndata: ${JSON.stringify(event)}\n\n`);
    },
    async (base) => {
      const stop = new AbortController();
      const { out, io: value } = io({}, stop.signal);
      const running = runReadCommand('follow', ['--api', base], { ...value, stdout: (l) => (value.stdout(l), stop.abort()) });
      expect(await running).toBe(0);
      expect(out.map((l) => JSON.parse(l))).toEqual([{ id: '7-0', ...event }]);

      const refused = io();
      expect(await runReadCommand('follow', ['--api', base, '--last-event-id', 'bad'], refused.io)).toBe(1);
      expect(refused.err).toEqual(['liveblog follow: Last-Event-ID: not an id this stream issued (HTTP 400)']);
    },
  );
});

test('an unknown option is a usage error', async () => {
  const { err, io: value } = io();
  expect(await runReadCommand('entries', ['--colour', 'blue'], value)).toBe(2);
  expect(err[0]).toMatch(/colour[\s\S]*usage: liveblog entries\|follow/);
});
