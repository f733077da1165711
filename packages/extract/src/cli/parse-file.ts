import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Extraction } from '@liveblog/contracts';
import { decodePage } from '../decode/decode-page';
import { extract } from '../extract';

/** Reads one page from disk the way the parser service reads a snapshot: bytes, then decodePage. */
export function parseFile(file: string, url: string | null): Extraction {
  const body = decodePage(readFileSync(file));
  return extract({ body, url: url ?? pathToFileURL(file).href });
}
