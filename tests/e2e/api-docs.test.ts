import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '@liveblog/devstack';
import { startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

describe('API reference (/docs) and the typed client', () => {
  let pipeline: RunningPipeline;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run node scripts/bootstrap.mjs --with-browser (installs Debian's chromium)`);
    pipeline = await startPipeline({ sourcesFile: writeSourcesFile('sources: []\n'), services: ['api'] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await pipeline?.stop();
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
    expect(await op.locator('.live-responses-table').first().innerText()).toMatch(/"items": \[\]/);

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
});
