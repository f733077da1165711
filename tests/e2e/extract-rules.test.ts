import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ids } from '@liveblog/fingerprint';
import { LARGE_PAGE_HINT, RULES_MISSED_HINT } from '@liveblog/extract';
import { runSourcesCommand } from '@liveblog/sources';
import { repoRoot } from '@liveblog/devstack';
import { chromium } from 'playwright-core';
import { eventually, getJson, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

const TOKEN = 'admin-token-for-the-rules-test-0123456789';

/** The entries' times: one, two and three hours before the test, to the minute, as a Berlin page prints them. */
const TIMES = [1, 2, 3].map((hours) => new Date(Math.floor(Date.now() / 60_000) * 60_000 - hours * 3_600_000));
const berlin = (t: Date) => t.toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' }).slice(0, 16).replace(' ', 'T');

/**
 * Our own liveblog markup (packages/extract's rules testdata), its entries published before the test,
 * padded with an archive block of over 50 KB inside the stream: generic extraction reads the whole
 * stream as one entry.
 */
const PAGE = readFileSync(join(repoRoot(), 'packages/extract/src/rules/testdata/deichblog.html'), 'utf8')
  .replace('2026-12-01T14:32', berlin(TIMES[0]!))
  .replace('2026-12-01T13:05', berlin(TIMES[1]!))
  .replace('2026-12-01T11:48', berlin(TIMES[2]!))
  .replace(
    '</div>\n<footer>',
    `<div class="archiv">${Array.from({ length: 600 }, (_, i) => `<span>Archivnotiz ${i}: Der Deichverband meldet für Abschnitt ${i} keine neuen Schäden.</span> `).join('')}</div></div>\n<footer>`,
  );
const RULES = { entry: '#stream > .tick', headline: '.kopf', body: '.txt', time: '.stamp@data-ts', exclude: ['.share'], timezone: 'Europe/Berlin' };
const HEADLINES = ['Pegel sinkt erstmals seit Sonntag', 'Zweite Notunterkunft öffnet', 'Bundesstraße gesperrt'];

interface EntryView { id: string; headline: string | null; text: string; publishedAt: string | null; deletedAt: string | null }
interface SourceView { id: string; extract: unknown; status: { lastEntryCount: number | null; hint: string | null; lastSnapshotId?: string } }

describe('extract rules and reparse, through the real services', () => {
  let pipeline: RunningPipeline;
  let server: Server;
  let url: string;
  let id: string;
  let pageHits = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url !== '/live/deich') return void res.writeHead(404).end();
      pageHits++;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live/deich`;
    id = ids.source(url);
    pipeline = await startPipeline({ sourcesFile: writeSourcesFile('sources: []\n'), services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'], env: { ADMIN_TOKEN: TOKEN } });
  }, 90_000);

  afterAll(async () => {
    await pipeline?.stop();
    await new Promise((r) => server?.close(r));
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${pipeline.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown };
  };
  const entries = async (includeDeleted = false) =>
    (await getJson<{ items: EntryView[] }>(`${pipeline.apiUrl}/v1/liveblogs/${ids.liveblog(url)}/entries?limit=100&includeDeleted=${includeDeleted}`)).body.items;
  const source = async () => (await call('GET', `/v1/sources/${id}`)).body as SourceView;

  test('bad rules are refused with a 400 naming the field, and nothing is applied', async () => {
    for (const [extract, field] of [
      [{ entry: 'div:nosuch' }, 'extract.entry'],
      [{ entry: '.tick', headline: 'h2[' }, 'extract.headline'],
      [{ entry: '.tick', time: 'time@' }, 'extract.time'],
      [{ entry: '.tick', timezone: 'Europe/Atlantis' }, 'extract.timezone'],
      [{ entry: '.tick', colour: 'red' }, 'colour'],
    ] as const) {
      const added = await call('POST', '/v1/sources', { url, extract });
      expect([added.status, (added.body as { error: { message: string } }).error.message]).toEqual([400, expect.stringContaining(field)]);
    }
    expect((await call('GET', `/v1/sources/${id}`)).status).toBe(404);
  });

  test('generic extraction misreads the page as one entry, and the status says so', async () => {
    expect((await call('POST', '/v1/sources', { url, intervalSeconds: 3600 })).status).toBe(201);
    const status = await eventually(async () => {
      const s = await source();
      return s.status.lastEntryCount === null ? undefined : s.status;
    }, 'the first parse recorded on the source');
    expect(status).toMatchObject({ lastEntryCount: 1, hint: LARGE_PAGE_HINT });
    const misread = await eventually(async () => ((await entries()).length === 1 ? entries() : undefined), 'the misread entry indexed');
    expect(misread[0]!.text).toContain('Archivnotiz');

    // The dashboard's source row says it too.
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${pipeline.apiUrl}/dashboard?token=${TOKEN}`);
      await page.locator('tr.source', { hasText: LARGE_PAGE_HINT }).waitFor({ timeout: 15_000 });
    } finally {
      await browser.close();
    }
  }, 60_000);

  test('bad rules on PATCH leave the source as it was', async () => {
    const patched = await call('PATCH', `/v1/sources/${id}`, { paused: true, extract: { entry: '.tick', exclude: ['::before'] } });
    expect(patched.status).toBe(400);
    expect((patched.body as { error: { message: string } }).error.message).toContain('extract.exclude');
    expect(await source()).toMatchObject({ extract: null, paused: false });
  });

  // The misread entry was first seen at the first fetch, after the entries were published: the
  // reparsed page, spanning those entries, shows that it is gone.
  test('rules and a reparse make the entries right without a refetch; the misread entry is deleted', async () => {
    // Paused, so that no poll can happen: what changes from here on comes from the stored snapshot.
    expect((await call('PATCH', `/v1/sources/${id}`, { paused: true, extract: RULES })).status).toBe(200);
    expect((await source()).extract).toEqual(RULES);
    const hitsBefore = pageHits;
    const [misread] = await entries();

    const reparse = await call('POST', `/v1/sources/${id}/reparse`);
    expect(reparse.status).toBe(202);
    const right = await eventually(async () => {
      const now = await entries();
      return now.length === 3 ? now : undefined;
    }, 'the entries as the rules read them');
    expect(right.map((e) => [e.headline, e.publishedAt])).toEqual(HEADLINES.map((h, i) => [h, TIMES[i]!.toISOString()]));
    const withDeleted = await entries(true);
    expect(withDeleted.find((e) => e.id === misread!.id)?.deletedAt).toEqual(expect.any(String));
    expect(await source()).toMatchObject({ status: { lastEntryCount: 3, hint: null } });
    expect(pageHits).toBe(hitsBefore);

    // Again, through the CLI: the same code and rules name the same job, and nothing changes.
    const out: string[] = [];
    const code = await runSourcesCommand(['reparse', url, '--api', pipeline.apiUrl, '--token', TOKEN], { stdout: (l) => out.push(l), stderr: (l) => out.push(l), env: {} });
    expect([code, out.join('\n')]).toEqual([0, expect.stringContaining((reparse.body as { jobId: string }).jobId)]);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await entries(true)).toEqual(withDeleted);
    expect(pageHits).toBe(hitsBefore);
  }, 60_000);

  test('rules whose entry selector matches nothing fall back to generic extraction, visibly', async () => {
    expect((await call('PATCH', `/v1/sources/${id}`, { extract: { entry: 'article.update' } })).status).toBe(200);
    expect((await call('POST', `/v1/sources/${id}/reparse`)).status).toBe(202);
    const status = await eventually(async () => {
      const s = await source();
      return s.status.hint === RULES_MISSED_HINT ? s.status : undefined;
    }, 'the fallback recorded on the source');
    expect(status.lastEntryCount).toBe(1);
  });

  test('an unknown source cannot be reparsed; an index source is a conflict', async () => {
    expect((await call('POST', `/v1/sources/${ids.source('http://127.0.0.1:1/none')}/reparse`)).status).toBe(404);
    const index = await call('POST', '/v1/sources', { url: 'https://news.example/feed.xml', kind: 'index' });
    expect((await call('POST', `/v1/sources/${(index.body as { id: string }).id}/reparse`)).status).toBe(409);
    expect((await call('PATCH', `/v1/sources/${(index.body as { id: string }).id}`, { extract: RULES })).status).toBe(409);
  });
});
