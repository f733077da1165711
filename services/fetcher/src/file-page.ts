import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FetchError } from './errors';
import type { PageResponse } from './page-response';

export async function readFilePage(url: string, maxBytes: number): Promise<PageResponse> {
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
