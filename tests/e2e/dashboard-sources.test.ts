import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLiveblogClient, eachSource, unwrap } from '@liveblog/client';
import { SourceSpec } from '@liveblog/contracts';
import { repoRoot } from '@liveblog/devstack';
import { ids } from '@liveblog/fingerprint';
import { Store } from '@liveblog/storage';
import { testEnv } from '../harness/env';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

const ADMIN_TOKEN = 'dashboard-sources-admin-token';
const SOURCES = 500;
const shots = join(repoRoot(), 'test-results');

/** 500 sources over ten outlets, in every state; the API alone runs, so nothing changes them meanwhile. */
async function seed(store: Store): Promise<{ failing: string[]; stale: string[]; ended: string[]; paused: string[] }> {
  const now = Date.now();
  const urls = Array.from({ length: SOURCES }, (_, i) => `https://www.outlet${i % 10}.example/live/${String(i).padStart(3, '0')}`);
  const specs = urls.map((url, i) => SourceSpec.parse({ url, name: `Liveblog ${String(i).padStart(3, '0')}`, kind: i % 7 === 0 ? 'index' : 'liveblog', intervalSeconds: 60 }));
  await store.sources.upsertSpecs(specs, new Date(now - 86_400_000));
  const groups = { failing: [] as string[], stale: [] as string[], ended: [] as string[], paused: [] as string[] };
  await Promise.all(
    urls.map(async (url, i) => {
      const id = ids.source(url);
      if (i % 50 === 0) {
        groups.failing.push(id);
        for (let n = 0; n <= i / 50; n++) await store.sources.recordFetch(id, { kind: 'failed', httpStatus: 503, error: `HTTP 503 from outlet${i % 10}` }, new Date(now - 30_000));
      } else if (i % 25 === 1) {
        groups.stale.push(id);
        await store.sources.recordFetch(id, { kind: 'unchanged', httpStatus: 304, bytes: 0 }, new Date(now - 3_600_000 - i * 1000));
      } else if (i % 20 === 2) {
        groups.ended.push(id);
        await store.sources.recordFetch(id, { kind: 'unchanged', httpStatus: 200, bytes: 5000 }, new Date(now - 30_000), { intervalSeconds: 60, rhythmSeconds: null, floorSeconds: null, nextDueAt: null, ended: true });
      } else {
        await store.sources.recordFetch(id, { kind: 'unchanged', httpStatus: 200, bytes: 5000 + i }, new Date(now - 20_000), { intervalSeconds: 900, rhythmSeconds: 300, floorSeconds: null, nextDueAt: new Date(now + 880_000), ended: false });
        if (i % 40 === 3) {
          groups.paused.push(id);
          await store.sources.updateControls(id, { paused: true });
        }
      }
    }),
  );
  return groups;
}

describe('dashboard with 500 sources', () => {
  let pipeline: RunningPipeline;
  let browser: Browser | undefined;
  let store: Store;
  let groups: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run node scripts/bootstrap.mjs --with-browser (installs Debian's chromium)`);
    store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
    groups = await seed(store);
    pipeline = await startPipeline({ sourcesFile: writeSourcesFile('sources: []\n'), services: ['api'], env: { ADMIN_TOKEN } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    mkdirSync(shots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await pipeline?.stop();
    await store?.close();
  });

  async function open(path = '/dashboard'): Promise<{ page: Page; problems: string[] }> {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    // Failed calls by their address (the console names none); blocked scripts and exceptions as such.
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${pipeline.apiUrl}${path}${path.includes('?') ? '&' : '?'}token=${ADMIN_TOKEN}`);
    await page.locator('tr.source').first().waitFor({ timeout: 15_000 });
    return { page, problems };
  }

  const healths = (page: Page) => page.locator('tr.source').evaluateAll((rows) => rows.map((r) => r.className.replace('source ', '')));

  test('problems first, 50 to a page; filters by health, kind and outlet; pages through all 500', async () => {
    const { page, problems } = await open();
    const first = await healths(page);
    expect(first).toHaveLength(50);
    // 10 failing (most failures first), 20 stale, then the first 20 of the 25 ended.
    expect(first.slice(0, 10)).toEqual(Array(10).fill('failing'));
    expect(first.slice(10, 30)).toEqual(Array(20).fill('stale'));
    expect(first.slice(30)).toEqual(Array(20).fill('ended'));
    expect(await page.locator('tr.source').first().getAttribute('data-source-id')).toBe(groups.failing.at(-1));
    expect(await page.locator('#pageinfo').innerText()).toBe(`page 1 of 10 · ${SOURCES} sources`);
    await page.screenshot({ path: join(shots, 'dashboard-500-sources.png'), fullPage: false });

    await page.selectOption('#f-health', 'stale');
    await page.locator('#pageinfo', { hasText: '20 sources' }).waitFor();
    expect(new Set(await healths(page))).toEqual(new Set(['stale']));
    await page.selectOption('#f-health', '');
    await page.selectOption('#f-kind', 'index');
    await page.locator('#pageinfo', { hasText: `${Math.ceil(SOURCES / 7)} sources` }).waitFor();
    await page.selectOption('#f-kind', '');
    await page.selectOption('#f-outlet', 'outlet3.example');
    await page.locator('#pageinfo', { hasText: 'page 1 of 1 · 50 sources' }).waitFor();
    expect(await page.locator('tr.source td:nth-child(2)').allInnerTexts()).toEqual(Array(50).fill('outlet3.example'));
    await page.screenshot({ path: join(shots, 'dashboard-filtered.png'), fullPage: false });
    await page.selectOption('#f-outlet', '');

    const seen = new Set<string>();
    await page.locator('#pageinfo', { hasText: 'page 1 of 10' }).waitFor();
    for (let n = 1; n <= 10; n++) {
      await page.locator('#pageinfo', { hasText: `page ${n} of 10` }).waitFor();
      for (const id of await page.locator('tr.source').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-source-id')!))) seen.add(id);
      if (n < 10) await page.click('#next');
    }
    expect(seen.size).toBe(SOURCES);
    expect(await page.locator('#next').isDisabled()).toBe(true);
    expect(await healths(page)).toContain('paused');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  test("a source's page shows its failure; pause, resume, delete and add work from the page", async () => {
    const { page, problems } = await open();
    const failing = groups.failing.at(-1)!;
    await page.locator(`tr.source[data-source-id="${failing}"] a`).click();
    await page.locator('#d-facts tr[data-fact="last error"]', { hasText: 'HTTP 503' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#d-facts tr[data-fact="failures in a row"] td').innerText()).toBe('10');
    expect(await page.locator('#d-health').innerText()).toBe('failing');
    // The API alone runs here: no poll was logged, and the page says so rather than failing.
    expect(await page.locator('#d-fetches').innerText()).toBe('');
    await page.screenshot({ path: join(shots, 'dashboard-source.png'), fullPage: true });

    const client = createLiveblogClient({ baseUrl: pipeline.apiUrl, adminToken: ADMIN_TOKEN });
    const get = () => unwrap(client.GET('/v1/sources/{id}', { params: { path: { id: failing } } }));
    await page.click('#d-pause');
    await page.locator('#d-health', { hasText: 'paused' }).waitFor();
    expect((await get()).paused).toBe(true);
    await page.click('#d-resume');
    await page.locator('#d-health', { hasText: 'failing' }).waitFor();
    expect((await get()).paused).toBe(false);

    page.once('dialog', (d) => void d.accept());
    await page.click('#d-delete');
    await page.locator('#list-view:not([hidden])').waitFor();
    expect((await client.GET('/v1/sources/{id}', { params: { path: { id: failing } } })).response.status).toBe(404);

    const url = 'https://www.newcomer.example/live/ticker';
    await page.fill('#add input[name=url]', url);
    await page.fill('#add input[name=name]', 'Newcomer ticker');
    await page.fill('#add input[name=interval]', '90');
    await page.click('#add button[type=submit]');
    await page.locator('#d-name', { hasText: 'Newcomer ticker' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#d-health').innerText()).toBe('pending');
    const all: string[] = [];
    for await (const s of eachSource(client)) all.push(s.id);
    expect(all).toHaveLength(SOURCES);
    expect(all).toContain(ids.source(url));
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  test('/metrics counts the sources by the same health as the dashboard', async () => {
    const text = await (await fetch(`${pipeline.apiUrl}/metrics`)).text();
    const count = (health: string) => Number(new RegExp(`^liveblog_sources_by_health\\{health="${health}"[^}]*\\} (\\d+)$`, 'm').exec(text)?.[1]);
    const page = await unwrap(createLiveblogClient({ baseUrl: pipeline.apiUrl, adminToken: ADMIN_TOKEN }).GET('/admin/sources', { params: { query: { pageSize: 1 } } }));
    for (const health of ['failing', 'stale', 'ended', 'pending', 'ok', 'paused'] as const) expect([health, count(health)]).toEqual([health, page.facets.health[health] ?? 0]);
    expect(count('failing') + count('stale') + count('ended')).toBeGreaterThan(0);
  });

  test('a change made with the dashboard cookie but without its CSRF token is refused', async () => {
    const cookie = `lbi_admin=${ADMIN_TOKEN}`;
    const target = `${pipeline.apiUrl}/v1/sources/${groups.stale[0]}`;
    const crossSite = { cookie, origin: 'https://attacker.example', 'content-type': 'application/json' };
    for (const [method, url, body] of [
      ['PATCH', target, '{"paused":true}'],
      ['DELETE', target, undefined],
      ['POST', `${pipeline.apiUrl}/v1/sources`, '{"url":"https://attacker.example/x"}'],
      ['POST', `${pipeline.apiUrl}/admin/jobs/parse/x/retry`, undefined],
    ] as const) {
      const res = await fetch(url, { method, headers: crossSite, body });
      expect([method, url, res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([method, url, 403, 'csrf']);
    }
    const wrong = await fetch(target, { method: 'PATCH', headers: { ...crossSite, 'x-csrf-token': 'guessed' }, body: '{"paused":true}' });
    expect(wrong.status).toBe(403);
    expect((await unwrap(createLiveblogClient({ baseUrl: pipeline.apiUrl, adminToken: ADMIN_TOKEN }).GET('/v1/sources/{id}', { params: { path: { id: groups.stale[0]! } } }))).paused).toBe(false);
    // Reading with the cookie needs no token; the login cookie cannot be sent by other sites at all.
    expect((await fetch(target, { headers: { cookie } })).status).toBe(200);
    const login = await fetch(`${pipeline.apiUrl}/dashboard?token=${ADMIN_TOKEN}`, { redirect: 'manual' });
    expect(login.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    // The bearer header (the CLI, the client) is no ambient credential: no token needed.
    expect((await fetch(target, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: '{"paused":false}' })).status).toBe(200);
  });
});
