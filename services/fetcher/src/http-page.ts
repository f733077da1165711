import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, errors as undiciErrors, request } from 'undici';
import type { AddressGuard } from '@liveblog/runtime';
import { FetchError } from './errors';
import type { PageResponse, Validators } from './page-response';

export interface HttpLimits {
  connectTimeoutMs: number;
  /** Time until the response headers have arrived. */
  headersTimeoutMs: number;
  /** The whole fetch, redirects and body included: a drip-fed body cannot hold a worker forever. */
  timeoutMs: number;
  /** Largest body accepted, counted after decompression, so a gzip bomb stops early. */
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
}

/** One connection pool per fetcher process; every connection goes through the address guard. */
export function createHttpAgent(guard: AddressGuard, limits: HttpLimits): Agent {
  return new Agent({
    connect: { timeout: limits.connectTimeoutMs, lookup: guard.lookup },
    headersTimeout: limits.headersTimeoutMs,
    bodyTimeout: limits.timeoutMs,
  });
}

export async function fetchHttpPage(url: string, validators: Validators, limits: HttpLimits, agent: Agent, guard: AddressGuard): Promise<PageResponse> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let target = url;
  for (let hop = 0; ; hop++) {
    const parsed = new URL(target);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FetchError(`refusing to follow a redirect to ${parsed.protocol} URL`);
    const refusal = guard.refusalForLiteral(parsed.hostname);
    if (refusal) throw new FetchError(refusal);

    const headers: Record<string, string> = {
      'user-agent': limits.userAgent,
      accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;

    let res;
    try {
      res = await request(target, { dispatcher: agent, method: 'GET', headers, signal });
    } catch (err) {
      throw new FetchError(signal.aborted ? timedOut(limits) : describe(err, limits));
    }
    const status = res.statusCode;
    const location = header(res.headers, 'location');
    if (status >= 300 && status < 400 && status !== 304 && location) {
      await res.body.dump();
      if (hop >= limits.maxRedirects) throw new FetchError(`more than ${limits.maxRedirects} redirects`, status);
      target = new URL(location, target).href;
      continue;
    }
    if (status === 304) {
      await res.body.dump();
      return { kind: 'not-modified', httpStatus: 304 };
    }
    if (status < 200 || status >= 300) {
      await res.body.dump();
      throw new FetchError(`HTTP ${status}`, status, retryAfterMs(header(res.headers, 'retry-after')));
    }
    const body = await readDecoded(res.body, header(res.headers, 'content-encoding'), limits, status, signal);
    return {
      kind: 'page',
      httpStatus: status,
      body,
      contentType: header(res.headers, 'content-type'),
      validators: { etag: header(res.headers, 'etag'), lastModified: header(res.headers, 'last-modified') },
      caching: { cacheControl: header(res.headers, 'cache-control'), expires: header(res.headers, 'expires'), date: header(res.headers, 'date') },
    };
  }
}

async function readDecoded(raw: Readable, encoding: string | null, limits: HttpLimits, status: number, signal: AbortSignal): Promise<Buffer> {
  const decoder = decoderFor(encoding);
  const stream = decoder ? raw.pipe(decoder) : raw;
  if (decoder) raw.on('error', (err) => decoder.destroy(err));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxBytes) throw new FetchError(`body larger than ${limits.maxBytes} bytes${decoder ? ' after decompression' : ''}`, status);
      chunks.push(chunk);
    }
  } catch (err) {
    raw.destroy();
    if (err instanceof FetchError) throw err;
    throw new FetchError(signal.aborted ? timedOut(limits) : describe(err, limits), status);
  }
  return Buffer.concat(chunks, total);
}

function decoderFor(encoding: string | null) {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new FetchError(`unsupported content-encoding ${encoding}`);
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/** Retry-After as seconds or an HTTP date; absent or unreadable → null. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const timedOut = (limits: HttpLimits) => `not complete within ${limits.timeoutMs} ms`;

function describe(err: unknown, limits: HttpLimits): string {
  if (err instanceof undiciErrors.HeadersTimeoutError) return `no response headers within ${limits.headersTimeoutMs} ms`;
  if (err instanceof undiciErrors.BodyTimeoutError) return `body stalled for ${limits.timeoutMs} ms`;
  if (err instanceof undiciErrors.ConnectTimeoutError) return `no connection within ${limits.connectTimeoutMs} ms`;
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'ERR__ERROR_FORMAT_PADDING_1') return `corrupt compressed body: ${err.message}`;
    const cause = (err as Error & { cause?: Error }).cause;
    return cause?.message && cause.message !== err.message ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
