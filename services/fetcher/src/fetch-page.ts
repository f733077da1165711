import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FetchError } from './errors';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type PageResponse =
  | { kind: 'page'; httpStatus: number | null; body: Buffer; contentType: string | null; validators: Validators }
  | { kind: 'not-modified'; httpStatus: 304 };

/** Fetches an http(s) or file URL within the limits; conditional when validators are known. */
export async function fetchPage(url: string, validators: Validators, limits: FetchLimits): Promise<PageResponse> {
  if (url.startsWith('file:')) return readFilePage(url, limits.maxBytes);
  if (!/^https?:/.test(url)) throw new FetchError(`unsupported URL scheme: ${url}`);

  const headers: Record<string, string> = { 'user-agent': limits.userAgent, accept: 'text/html,text/plain;q=0.9,*/*;q=0.5' };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;

  let res: Response;
  try {
    res = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(limits.timeoutMs) });
  } catch (err) {
    throw new FetchError(describeNetworkError(err));
  }
  if (res.status === 304) {
    await res.body?.cancel();
    return { kind: 'not-modified', httpStatus: 304 };
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new FetchError(`HTTP ${res.status} ${res.statusText}`.trim(), res.status);
  }
  const body = await readCapped(res, limits.maxBytes);
  return {
    kind: 'page',
    httpStatus: res.status,
    body,
    contentType: res.headers.get('content-type'),
    validators: { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') },
  };
}

/** The cap is enforced while streaming (after decompression), so an endless body never fills memory. */
async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new FetchError(`body larger than ${maxBytes} bytes`, res.status);
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    throw new FetchError(describeNetworkError(err), res.status);
  }
  return Buffer.concat(chunks, total);
}

async function readFilePage(url: string, maxBytes: number): Promise<PageResponse> {
  const path = fileURLToPath(url);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new FetchError(`cannot open ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new FetchError(`file larger than ${maxBytes} bytes`);
    const body = await handle.readFile();
    return { kind: 'page', httpStatus: null, body, contentType: path.endsWith('.txt') ? 'text/plain' : null, validators: { etag: null, lastModified: null } };
  } finally {
    await handle.close();
  }
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${err.message}: ${cause.code}` : err.message;
  }
  return String(err);
}
