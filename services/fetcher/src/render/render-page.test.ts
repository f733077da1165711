import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { AddressGuard } from '@liveblog/runtime';
import { FetchError } from '../errors';
import { createHttpAgent, fetchHttpPage } from '../http-page';
import { processTree } from './proc-tree';
import { RenderBrowser } from './render-browser';
import { renderHttpPage, type RenderDeps } from './render-page';
import { DRAWN, ENDLESS, ENTRIES, hostile } from './testdata/pages';

const NONE = { etag: null, lastModified: null };
describe('renderHttpPage, with Debian Chromium', () => {
  let site: Server;
  let trap: Server;
  let base: string;
  let trapBase: string;
  let trapConnections = 0;
  let agent: Agent;
  let browser: RenderBrowser;
  let deps: RenderDeps;
  const limits = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 3, userAgent: 'liveblog-ingest-test/1' };

  beforeAll(async () => {
    site = createServer((req, res) => {
      if (req.url === '/entries.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ENTRIES));
      if (req.url === '/drawn') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' }).end(DRAWN);
      if (req.url === '/hostile') return void res.writeHead(200, { 'content-type': 'text/html' }).end(hostile(trapBase));
      if (req.url === '/endless') return void res.writeHead(200, { 'content-type': 'text/html' }).end(ENDLESS);
      res.writeHead(404).end();
    });
    trap = createServer((_req, res) => res.end('stolen'));
    trap.on('connection', () => trapConnections++);
    await Promise.all([new Promise<void>((r) => site.listen(0, '127.0.0.1', r)), new Promise<void>((r) => trap.listen(0, '127.0.0.1', r))]);
    base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    // The trap listens on loopback too, but is asked for as "localhost": a host the guard does not allow.
    trapBase = `http://localhost:${(trap.address() as AddressInfo).port}`;
    const guard = new AddressGuard(['127.0.0.1'], 'FETCH_ALLOWED_HOSTS');
    agent = createHttpAgent(guard, limits);
    browser = new RenderBrowser({ executablePath: '/usr/bin/chromium', concurrency: 2, maxMemoryMiB: 4_096 });
    deps = { browser, limits, agent, guard, robotsAllow: async () => true, timeoutMs: 5_000 };
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await agent?.close();
    await new Promise((r) => site?.close(r));
    await new Promise((r) => trap?.close(r));
  });

  test('a script-drawn page has no entries as fetched, all of them as rendered', async () => {
    const plain = await fetchHttpPage(`${base}/drawn`, NONE, limits, agent, new AddressGuard(['127.0.0.1'], 'FETCH_ALLOWED_HOSTS'));
    const rendered = await renderHttpPage(`${base}/drawn`, NONE, deps);
    const headlines = (page: typeof plain) => (page.kind === 'page' ? [...page.body.toString('utf8').matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]) : []);
    expect(headlines(plain)).toEqual([]);
    expect(headlines(rendered)).toEqual(ENTRIES);
    expect(rendered).toMatchObject({ kind: 'page', httpStatus: 200, contentType: 'text/html; charset=utf-8', validators: { etag: '"v1"' } });
  }, 30_000);

  test('a 304 on the document means nothing is rendered', async () => {
    const launches = browser.launches;
    const site304 = createServer((_req, res) => res.writeHead(304).end());
    await new Promise<void>((r) => site304.listen(0, '127.0.0.1', r));
    const idle = new RenderBrowser({ executablePath: '/nonexistent/chromium', concurrency: 1, maxMemoryMiB: 1_024 });
    try {
      // A browser that cannot even start is never asked for.
      const res = await renderHttpPage(`http://127.0.0.1:${(site304.address() as AddressInfo).port}/live`, { etag: '"v1"', lastModified: null }, { ...deps, browser: idle });
      expect(res).toEqual({ kind: 'not-modified', httpStatus: 304 });
      expect([idle.launches, browser.launches]).toEqual([0, launches]);
    } finally {
      await new Promise((r) => site304.close(r));
    }
  });

  test('a hostile page renders, and the addresses it asks for are never contacted', async () => {
    const rendered = await renderHttpPage(`${base}/hostile`, NONE, deps);
    expect(rendered.kind === 'page' && rendered.body.toString()).toContain('geladen');
    await new Promise((r) => setTimeout(r, 500));
    expect(trapConnections).toBe(0);

    // The control: with "localhost" allowed, the same page does reach the trap, so the count above can fail.
    const open = new AddressGuard(['127.0.0.1', 'localhost'], 'FETCH_ALLOWED_HOSTS');
    const openAgent = createHttpAgent(open, limits);
    try {
      await renderHttpPage(`${base}/hostile`, NONE, { ...deps, guard: open, agent: openAgent });
      expect(trapConnections).toBeGreaterThan(0);
    } finally {
      await openAgent.close();
    }
  }, 30_000);

  test('an endless script is bounded by the render timeout, and the next page still renders', async () => {
    const started = Date.now();
    await expect(renderHttpPage(`${base}/endless`, NONE, { ...deps, timeoutMs: 2_000 })).rejects.toThrow(FetchError);
    // Bounded: the timeout and closing the context, far below a worker's lock.
    expect(Date.now() - started).toBeLessThan(15_000);
    const next = await renderHttpPage(`${base}/drawn`, NONE, deps);
    expect(next.kind === 'page' && next.body.toString()).toContain(ENTRIES[0]);
  }, 60_000);

  test('a browser past its memory bound is replaced; renders go on', async () => {
    const small = new RenderBrowser({ executablePath: '/usr/bin/chromium', concurrency: 1, maxMemoryMiB: 1 });
    try {
      for (let i = 0; i < 2; i++) expect((await renderHttpPage(`${base}/drawn`, NONE, { ...deps, browser: small })).kind).toBe('page');
      expect(small.launches).toBe(2);
    } finally {
      await small.close();
    }
  }, 60_000);

  test('a browser that died is replaced; renders go on', async () => {
    const before = new Set(processTree(process.pid));
    const dying = new RenderBrowser({ executablePath: '/usr/bin/chromium', concurrency: 1, maxMemoryMiB: 4_096 });
    try {
      expect((await renderHttpPage(`${base}/drawn`, NONE, { ...deps, browser: dying })).kind).toBe('page');
      for (const pid of processTree(process.pid).filter((p) => !before.has(p))) {
        // A child may already have gone with its killed parent.
        try {
          process.kill(pid, 'SIGKILL');
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
        }
      }
      await new Promise((r) => setTimeout(r, 500));
      expect((await renderHttpPage(`${base}/drawn`, NONE, { ...deps, browser: dying })).kind).toBe('page');
      expect(dying.launches).toBe(2);
    } finally {
      await dying.close();
    }
  }, 60_000);

  test('a browser that cannot start is a FetchError, like any failed fetch', async () => {
    const broken = new RenderBrowser({ executablePath: '/nonexistent/chromium', concurrency: 1, maxMemoryMiB: 1_024 });
    await expect(renderHttpPage(`${base}/drawn`, NONE, { ...deps, browser: broken })).rejects.toThrow(/cannot start the browser/);
  }, 30_000);
});
