import type { BrowserContext, Route } from 'playwright-core';
import type { Agent } from 'undici';
import type { AddressGuard } from '@liveblog/runtime';
import { FetchError } from '../errors';
import { fetchHttpPage, type HttpLimits } from '../http-page';
import type { PageResponse, Validators } from '../page-response';
import type { RenderBrowser } from './render-browser';

export interface RenderDeps {
  browser: RenderBrowser;
  limits: HttpLimits;
  agent: Agent;
  guard: AddressGuard;
  /** robots.txt as for plain fetches: a request the site disallows is not made. */
  robotsAllow: (url: string) => Promise<boolean>;
  /** Drawing the page, from the document's arrival to the finished DOM. */
  timeoutMs: number;
}

/** What a page may load: its document, its scripts and the data they ask for. Pictures, fonts, styles, frames and media draw nothing the parser reads. */
const LOADED: ReadonlySet<string> = new Set(['document', 'script', 'xhr', 'fetch']);
/** After the load event, how long the page's own requests may go on before the DOM is taken. */
const SETTLE_MS = 2_000;
const NO_VALIDATORS: Validators = { etag: null, lastModified: null };

/**
 * A page as a browser draws it. The document is fetched like any page, conditionally: a 304 means
 * nothing is rendered. Then Chromium runs it, and every request the page makes is intercepted and
 * made by the fetcher itself, through the address guard, robots.txt and the size limit (all of the
 * page's requests together). Chromium itself reaches nothing: what the interception does not
 * fulfil fails. Returns the rendered DOM as the page's body.
 */
export async function renderHttpPage(url: string, validators: Validators, deps: RenderDeps): Promise<PageResponse> {
  const document = await fetchHttpPage(url, validators, deps.limits, deps.agent, deps.guard);
  if (document.kind === 'not-modified') return document;
  const html = await deps.browser.use(async (browser) => {
    const context = await browser.newContext({
      acceptDownloads: false,
      serviceWorkers: 'block',
      permissions: [],
      userAgent: deps.limits.userAgent,
      viewport: { width: 1280, height: 2000 },
    });
    try {
      return await withTimeout(draw(context, url, document, deps), deps.timeoutMs);
    } finally {
      // A renderer stuck in an endless script may not let its context go: then the browser goes.
      await withTimeout(context.close(), 5_000).catch(() => deps.browser.retireCurrent());
    }
  });
  const body = Buffer.from(html);
  if (body.length > deps.limits.maxBytes) throw new FetchError(`rendered page larger than ${deps.limits.maxBytes} bytes`, document.httpStatus);
  return { kind: 'page', httpStatus: document.httpStatus, body, contentType: 'text/html; charset=utf-8', validators: document.validators, caching: document.caching };
}

async function draw(context: BrowserContext, url: string, document: Extract<PageResponse, { kind: 'page' }>, deps: RenderDeps): Promise<string> {
  let documentServed = false;
  let bytesLeft = deps.limits.maxBytes - document.body.length;
  await context.routeWebSocket(() => true, (ws) => ws.close());
  // A page closed mid-request makes its routes fail to answer: nothing is left to answer to.
  await context.route('**/*', (route) => answer(route).catch(() => undefined));
  const answer = async (route: Route) => {
    const request = route.request();
    if (!documentServed && request.isNavigationRequest() && request.url() === url) {
      documentServed = true;
      return route.fulfill({ status: document.httpStatus ?? 200, body: document.body, contentType: document.contentType ?? 'text/html' });
    }
    if (!LOADED.has(request.resourceType()) || request.isNavigationRequest() || request.method() !== 'GET') return route.abort('blockedbyclient');
    const target = request.url();
    if (!/^https?:/.test(target) || !(await deps.robotsAllow(target))) return route.abort('blockedbyclient');
    try {
      const res = await fetchHttpPage(target, NO_VALIDATORS, { ...deps.limits, maxBytes: Math.max(0, bytesLeft) }, deps.agent, deps.guard);
      if (res.kind === 'not-modified') return route.abort('failed');
      bytesLeft -= res.body.length;
      // The fetcher is the page's only client and sends no cookies: letting its scripts read what
      // another origin answered exposes nothing, and many liveblogs load entries from an API host.
      return route.fulfill({ status: res.httpStatus ?? 200, body: res.body, headers: { 'content-type': res.contentType ?? 'application/octet-stream', 'access-control-allow-origin': '*' } });
    } catch (err) {
      const status = err instanceof FetchError ? err.httpStatus : null;
      return status !== null && status >= 400 ? route.fulfill({ status, body: '' }) : route.abort('accessdenied');
    }
  };
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
  try {
    await page.goto(url, { waitUntil: 'load', timeout: deps.timeoutMs });
  } catch (err) {
    throw new FetchError(`render: ${firstLine(err)}`, document.httpStatus);
  }
  await page.waitForLoadState('networkidle', { timeout: SETTLE_MS }).catch(() => undefined);
  return page.content();
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FetchError(`render not complete within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}
