import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { createLiveblogClient, eachEntry, eachLiveblogEntry, subscribe, unwrap, type Entry, type StreamItem } from '@liveblog/client';
import { repoRoot } from '@liveblog/devstack';
import { ids } from '@liveblog/fingerprint';
import type { RunningPipeline } from './pipeline-harness';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { startSamplePipeline, type SamplePipeline } from './sample-pipeline';

const NEW_ENTRY = 'Sielzug in Büsum geschlossen\n\nDer Deichverband hat am Abend alle Siele zwischen Büsum und Friedrichskoog geschlossen. Die Wasserstände sollen bis Mitternacht weiter steigen. (dpa)\n\n';

describe('API reference (/docs) and the typed client', () => {
  let sample: SamplePipeline;
  let pipeline: RunningPipeline;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run node scripts/bootstrap.mjs --with-browser (installs Debian's chromium)`);
    sample = await startSamplePipeline();
    pipeline = sample.pipeline;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await sample?.stop();
  });

  test('/docs renders every route from this server alone, and "try it" on /v1/entries answers 200', async () => {
    const page = await browser!.newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => { if (!r.url().startsWith(pipeline.apiUrl) && !r.url().startsWith('data:')) foreign.push(r.url()); });
    await page.goto(`${pipeline.apiUrl}/docs`);

    const doc = (await (await fetch(`${pipeline.apiUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    const operationIds = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.opblock').count()).toBe(operationIds.length);
    expect(await page.locator('.opblock-summary-path').allInnerTexts()).toEqual(expect.arrayContaining(['/v1/entries', '/v1/liveblogs/{id}/entries', '/v1/stream']));

    const op = page.locator('#operations-default-getV1Entries');
    await op.locator('.opblock-summary').click();
    // The response schema and the example are shown before anything is tried.
    await op.locator('.response-col_description .example, .response-col_description .highlight-code').first().waitFor({ timeout: 10_000 });
    expect(await op.innerText()).toContain('Pegel in Husum steigt weiter');
    await op.getByRole('button', { name: 'Try it out' }).click();
    await op.getByRole('button', { name: 'Execute' }).click();
    const status = op.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 10_000 });
    expect((await status.innerText()).trim()).toBe('200');
    expect(await op.locator('.live-responses-table').first().innerText()).toContain('"liveblogId"');

    mkdirSync(join(repoRoot(), 'test-results'), { recursive: true });
    await page.screenshot({ path: join(repoRoot(), 'test-results', 'docs.png'), fullPage: true });
    // A script blocked by the CSP shows as a console error; nothing may come from elsewhere.
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  }, 60_000);

  test("the client's committed types are those of the document the API serves", async () => {
    const script = join(repoRoot(), 'packages', 'client', 'scripts', 'generate.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--from', `${pipeline.apiUrl}/openapi.json`, '--stdout'], { maxBuffer: 16 * 1024 * 1024 });
    const committed = readFileSync(join(repoRoot(), 'packages', 'client', 'src', 'generated', 'api.ts'), 'utf8');
    // On a difference: npm run generate -w @liveblog/client, and commit packages/client/src/generated/api.ts.
    expect(stdout === committed).toBe(true);
  }, 60_000);

  test('the client pages a listing to its end and follows the stream', async () => {
    const client = createLiveblogClient({ baseUrl: pipeline.apiUrl });
    const whole = await unwrap(client.GET('/v1/entries', { params: { query: { limit: 100 } } }));
    const paged: Entry[] = [];
    for await (const e of eachEntry(client, { limit: 3 })) paged.push(e);
    expect(whole.items.length).toBeGreaterThan(3);
    expect(paged.map((e) => e.id)).toEqual(whole.items.map((e) => e.id));
    const liveblog = ids.liveblog(sample.sampleUrl);
    const ofLiveblog: string[] = [];
    for await (const e of eachLiveblogEntry(client, liveblog, { limit: 2 })) ofLiveblog.push(e.id);
    expect(ofLiveblog).toEqual(whole.items.filter((e) => e.liveblogId === liveblog).map((e) => e.id));

    const stop = new AbortController();
    const seen: StreamItem[] = [];
    const following = (async () => {
      for await (const item of subscribe(client, { baseUrl: pipeline.apiUrl, filters: { liveblog }, signal: stop.signal })) {
        seen.push(item);
        if (item.type === 'event' && item.event.type === 'entry.created') break;
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    sample.edit((body) => body.replace('Bahn stellt Fernverkehr im Norden ein\n', `${NEW_ENTRY}Bahn stellt Fernverkehr im Norden ein\n`));
    await Promise.race([following, new Promise((_, reject) => setTimeout(() => reject(new Error(`no entry.created; saw ${JSON.stringify(seen)}`)), 30_000))]);
    stop.abort();
    const created = seen.find((i): i is Extract<StreamItem, { type: 'event' }> => i.type === 'event' && i.event.type === 'entry.created')!;
    expect(created.id).toMatch(/^\d+-\d+$/);
    const entry = await unwrap(client.GET('/v1/entries/{id}', { params: { path: { id: created.event.entryId } } }));
    expect(entry.headline).toBe('Sielzug in Büsum geschlossen');
  }, 60_000);
});
