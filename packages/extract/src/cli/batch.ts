import path from 'node:path';
import { errorMessage } from './messages';
import { parseFile } from './parse-file';

interface ManifestLine {
  path: string;
  url: string | null;
}

/**
 * Runs every manifest line through `parseFile` and writes one JSON line per manifest line, in order.
 * A failing line becomes an error line: one bad page must not cost the rest of a long batch.
 */
export function runBatch(manifestText: string, manifestDir: string, write: (line: string) => void): void {
  for (const line of manifestText.split('\n')) {
    if (line.trim() === '') continue;
    const item = readManifestLine(line);
    if (typeof item === 'string') {
      write(JSON.stringify({ error: item, path: null }));
      continue;
    }
    try {
      write(JSON.stringify(parseFile(path.resolve(manifestDir, item.path), item.url)));
    } catch (err) {
      write(JSON.stringify({ error: errorMessage(err), path: item.path }));
    }
  }
}

/** The line's path and url, or why it is not a manifest line. */
function readManifestLine(line: string): ManifestLine | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return `manifest line is not JSON: ${line.slice(0, 80)}`;
  }
  if (typeof value !== 'object' || value === null) return 'manifest line is not an object';
  const { path: file, url } = value as Record<string, unknown>;
  if (typeof file !== 'string' || file === '') return 'manifest line has no "path" string';
  if (url !== undefined && url !== null && typeof url !== 'string') return 'manifest line has a non-string "url"';
  return { path: file, url: url ?? null };
}
