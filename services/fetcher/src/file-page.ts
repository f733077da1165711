import { open, realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FetchError } from './errors';
import type { PageResponse } from './page-response';

/** Reads a file:// source, but only below one of `roots` (after following links, so none can escape). */
export async function readFilePage(url: string, maxBytes: number, roots: readonly string[]): Promise<PageResponse> {
  if (roots.length === 0) throw new FetchError('file sources are disabled (set FETCH_FILE_ROOTS)');
  const path = fileURLToPath(url);
  let handle;
  try {
    const real = await realpath(path);
    const allowed = await Promise.all(roots.map(async (root) => real.startsWith(`${await realpath(root).catch(() => root)}${sep}`)));
    if (!allowed.includes(true)) throw new FetchError(`refusing to read ${path}: outside FETCH_FILE_ROOTS`);
    handle = await open(real, 'r');
  } catch (err) {
    if (err instanceof FetchError) throw err;
    throw new FetchError(`cannot open ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new FetchError(`file larger than ${maxBytes} bytes`);
    const body = await handle.readFile();
    return { kind: 'page', httpStatus: null, body, contentType: path.endsWith('.txt') ? 'text/plain' : null, validators: { etag: null, lastModified: null }, caching: { cacheControl: null, expires: null, date: null } };
  } finally {
    await handle.close();
  }
}
