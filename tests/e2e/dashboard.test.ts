import { parseAtomFeed, parseJsonFeed } from 'feedsmith';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '@liveblog/devstack';
import { createQueue, createRedis, redisKeys } from '@liveblog/runtime';
import { BullMQOtel } from 'bullmq-otel';
import { Worker } from 'bullmq';
import { ids } from '@liveblog/fingerprint';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { eventually, type RunningPipeline } from './pipeline-harness';
import { startSamplePipeline, type SamplePipeline } from './sample-pipeline';

const ADMIN_TOKEN = 'dashboard-test-admin-token';
const NEW_ENTRY = 'Deichbruch bei Dagebüll gemeldet\n\nIn Dagebüll ist nach Angaben der Feuerwehr ein Sommerdeich auf dreißig Metern gebrochen. Die Bewohner zweier Höfe werden in Sicherheit gebracht. (dpa)\n\n';

describe('operator dashboard, queues board and metrics', () => {
  let sample: SamplePipeline;
  let sampleUrl = '';
  let pipeline: RunningPipeline;
  let browser: Browser | undefined;
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run node scripts/bootstrap.mjs --with-browser (installs Debian's chromium)`);
    sample = await startSamplePipeline({ ADMIN_TOKEN });
    ({ pipeline, sampleUrl } = sample);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await sample?.stop();
  });

  test('operator routes need the admin token; a wrong one is refused', async () => {
    for (const path of ['/dashboard', '/admin/stats', '/admin/queues/']) {
      expect([path, (await fetch(`${pipeline.apiUrl}${path}`)).status]).toEqual([path, 401]);
      const wrong = await fetch(`${pipeline.apiUrl}${path}`, { headers: { cookie: 'lbi_admin=not-the-admin-token' } });
      expect([path, wrong.status]).toEqual([path, 403]);
    }
    const login = await fetch(`${pipeline.apiUrl}/dashboard?token=${ADMIN_TOKEN}`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/dashboard');
    expect(login.headers.get('set-cookie')).toMatch(/^lbi_admin=.*HttpOnly.*SameSite=Strict/i);
  });

  test('retrying a job: unknown queue 400, unknown job 404', async () => {
    const retry = (queue: string, id: string) => fetch(`${pipeline.apiUrl}/admin/jobs/${queue}/${id}/retry`, { method: 'POST', headers: admin });
    expect((await retry('nope', 'x')).status).toBe(400);
    expect((await retry('parse', 'no-such-job')).status).toBe(404);
  });

  test('/metrics has queue depths, entry events, freshness and sources by HTTP status', async () => {
    const text = await eventually(async () => {
      const t = await (await fetch(`${pipeline.apiUrl}/metrics`)).text();
      return /liveblog_entry_stage_seconds_count\{[^}]*\} [1-9]/.test(t) ? t : undefined;
    }, 'a freshness observation', 30_000);
    for (const queue of ['fetch', 'parse', 'dedup', 'index']) expect(text).toMatch(new RegExp(`liveblog_queue_jobs\\{[^}]*queue="${queue}"[^}]*state="waiting"`));
    expect(text).toMatch(/liveblog_entry_events_total\{[^}]*type="entry.created"[^}]*\} [1-9]/);
    expect(text).toMatch(/liveblog_sources_by_http_status\{[^}]*status="200"[^}]*\} 1/);
  });

  test('the dashboard shows the source, the queues, and a new entry live, without a reload', async () => {
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${pipeline.apiUrl}/dashboard?token=${ADMIN_TOKEN}`);
    expect(new URL(page.url()).search).toBe('');

    await page.locator('tr.source', { hasText: sampleUrl }).waitFor({ timeout: 15_000 });
    expect(await page.locator('tr.source.ok').count()).toBe(1);
    expect(await page.locator('#queues tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-queue')))).toEqual(['fetch', 'parse', 'dedup', 'index', 'deliver']);
    await page.locator('#live', { hasText: 'live' }).waitFor({ timeout: 10_000 });

    sample.edit((body) => body.replace('Bahn stellt Fernverkehr im Norden ein\n', `${NEW_ENTRY}Bahn stellt Fernverkehr im Norden ein\n`));
    await page.locator('#entries li', { hasText: 'Dagebüll' }).first().waitFor({ timeout: 30_000 });
    expect(await page.locator('#entries li', { hasText: 'entry.created' }).count()).toBeGreaterThan(0);

    // A job whose payload no worker accepts fails for good at once: the dashboard lists it and retries it.
    const redis = createRedis(pipeline.env.REDIS_URL!);
    const dedup = createQueue('dedup', { connection: redis, prefix: pipeline.env.QUEUE_PREFIX!, telemetry: new BullMQOtel() });
    try {
      await dedup.add('dedup', { broken: true }, { jobId: 'dashboard-broken-job', attempts: 1 });
      const failure = page.locator('#failures tr', { hasText: 'dashboard-broken-job' });
      await failure.waitFor({ timeout: 15_000 });
      expect(await failure.innerText()).toMatch(/dedup[\s\S]*invalid/i);
      const firstFailure = (await dedup.getJob('dashboard-broken-job'))!.finishedOn!;
      await failure.getByRole('button', { name: 'retry' }).click();
      await failure.getByRole('button', { name: 'queued' }).waitFor({ timeout: 10_000 });
      await eventually(async () => {
        const job = await dedup.getJob('dashboard-broken-job');
        return job?.finishedOn && job.finishedOn > firstFailure && (await job.getState()) === 'failed' ? true : undefined;
      }, 'the retried job to run and fail again', 15_000);

      // A webhook delivery that ran out of attempts is a dead letter: listed with its event, and redelivered.
      const deliver = createQueue('deliver', { connection: redis, prefix: pipeline.env.QUEUE_PREFIX!, telemetry: new BullMQOtel() });
      const event = { type: 'entry.created', entryId: 'en_00000000000000d1', liveblogId: 'lb_00000000000000d1', key: 'k', contentHash: 'h', snapshotId: 'sn_00000000000000d1', indexedAt: new Date().toISOString() };
      const receiverDown = new Worker('deliver', async () => { throw new Error('HTTP 503'); }, { connection: redis, prefix: redisKeys.queuePrefix(pipeline.env.QUEUE_PREFIX!, 'deliver') });
      try {
        await deliver.add('deliver', { subscriptionId: 'wh_00000000000000d1', eventId: '1-0', event }, { jobId: 'deliver.wh_00000000000000d1.1-0', attempts: 1 });
        await eventually(async () => ((await deliver.getJobState('deliver.wh_00000000000000d1.1-0')) === 'failed' ? true : undefined), 'the delivery to fail', 15_000);
        const dead = page.locator('#dead-letters tr', { hasText: 'wh_00000000000000d1' });
        await dead.waitFor({ timeout: 15_000 });
        expect(await dead.innerText()).toMatch(/entry\.created en_00000000000000d1[\s\S]*HTTP 503/);
        const firstFailure = (await deliver.getJob('deliver.wh_00000000000000d1.1-0'))!.finishedOn!;
        await dead.getByRole('button', { name: 'redeliver' }).click();
        await dead.getByRole('button', { name: 'queued' }).waitFor({ timeout: 10_000 });
        await eventually(async () => ((await deliver.getJob('deliver.wh_00000000000000d1.1-0'))!.finishedOn! > firstFailure ? true : undefined), 'the redelivery to be attempted', 15_000);
      } finally {
        await receiverDown.close();
        await deliver.close();
      }
    } finally {
      await dedup.close();
      redis.disconnect();
    }

    mkdirSync(join(repoRoot(), 'test-results'), { recursive: true });
    await page.screenshot({ path: join(repoRoot(), 'test-results', 'dashboard.png'), fullPage: true });
    // A blocked inline script or a failed call would show here (CSP violations are console errors).
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  test("a source's page: entries per hour and the entries each recent snapshot's extraction held", async () => {
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${pipeline.apiUrl}/dashboard?token=${ADMIN_TOKEN}`);
    await page.locator(`tr.source[data-source-id="${ids.source(sampleUrl)}"] a`).click();
    await page.locator('#d-snapshots tr').first().waitFor({ timeout: 15_000 });
    const counts = (await page.locator('#d-snapshots tr td:nth-child(3)').allInnerTexts()).map(Number);
    expect(counts[0]).toBeGreaterThan(0);
    expect(await page.locator('#d-hours rect').count()).toBeGreaterThan(0);
    expect(await page.locator('#d-facts tr[data-fact="last fetch"] td').innerText()).toMatch(/HTTP 200, \d+ bytes/);
    // The fetch log: every poll with its result, HTTP status and bytes; the changed ones name their snapshot.
    // It is asked for after the rest of the page is drawn.
    await page.locator('#d-fetches tr.fetch').first().waitFor({ timeout: 15_000 });
    const fetches = await page.locator('#d-fetches tr.fetch').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(fetches.length).toBeGreaterThan(1);
    expect(fetches.filter(([, result, http]) => !['changed', 'unchanged', 'not-modified'].includes(result!) || !['200', '304'].includes(http!))).toEqual([]);
    const changed = fetches.filter(([, result]) => result === 'changed');
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every(([, , , bytes, snapshot]) => Number(bytes) > 0 && snapshot!.startsWith('sn_'))).toBe(true);
    expect(Number(await page.locator('#d-facts tr[data-fact="polls in the last hour"] td').innerText())).toBeGreaterThan(1);
    // Autodiscovery: the head links the feeds of the source's liveblog, and they parse with its entries.
    const alternates = await page.locator('head link[rel="alternate"][data-liveblog]').evaluateAll((links) => links.map((l) => [l.getAttribute('type'), l.getAttribute('href')]));
    expect(alternates.map(([type]) => type)).toEqual(['application/atom+xml', 'application/feed+json']);
    const atom = parseAtomFeed(await (await fetch(pipeline.apiUrl + alternates[0]![1]!)).text());
    const json = parseJsonFeed(await (await fetch(pipeline.apiUrl + alternates[1]![1]!)).text());
    expect(atom.entries?.length).toBeGreaterThan(0);
    expect(json.items?.map((i) => `urn:liveblog-ingest:entry:${i.id}`)).toEqual(atom.entries?.map((e) => e.id));
    await page.screenshot({ path: join(repoRoot(), 'test-results', 'dashboard-source-live.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  test('the queues board renders under the same session', async () => {
    const page = await browser!.newPage();
    await page.goto(`${pipeline.apiUrl}/admin/queues?token=${ADMIN_TOKEN}`);
    await page.getByText('dedup', { exact: false }).first().waitFor({ timeout: 15_000 });
    const text = await page.locator('body').innerText();
    for (const queue of ['fetch', 'parse', 'dedup', 'index']) expect(text).toContain(queue);
    await page.close();
  }, 30_000);
});
