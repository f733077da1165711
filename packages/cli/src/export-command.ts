import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { ApiError, createLiveblogClient, unwrap } from '@liveblog/client';
import { progressLine, RecordCounter } from './progress';
import { API_OPTIONS } from './read-command';

export interface ExportIo {
  stdout: Writable;
  /** Progress goes here: redrawn in place on a terminal, a plain line every few seconds otherwise. */
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  now?: () => number;
}

export const EXPORT_USAGE = `usage: liveblog export [--api URL] [--api-key KEY] [--format csv|ndjson] [--out FILE] [filters]
  every entry matching the filters, newest first, as CSV (typed columns, a header) or NDJSON (one entry
  a line), streamed from /v1/entries.csv or .ndjson to FILE (written whole or not at all) or stdout
filters: --liveblog ID --source ID --agency CODE --q WORDS --cluster ID --since TIME --until TIME --include-deleted
The key is read from API_KEY unless --api-key is given; --api defaults to http://localhost:8080.`;

/** A terminal's progress is redrawn this often at most; a log's gets a line this often. */
const TTY_EVERY_MS = 100;
const LOG_EVERY_MS = 5_000;

/** `liveblog export`; returns the exit code. */
export async function runExportCommand(argv: readonly string[], io: ExportIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...API_OPTIONS,
        format: { type: 'string', default: 'csv' },
        out: { type: 'string' },
        'include-deleted': { type: 'boolean', default: false },
      },
    }));
    if (values.format !== 'csv' && values.format !== 'ndjson') throw new Error(`--format must be csv or ndjson, not ${values.format}`);
  } catch (err) {
    io.stderr.write(`liveblog export: ${(err as Error).message}\n${EXPORT_USAGE}\n`);
    return 2;
  }
  const format = values.format as 'csv' | 'ndjson';
  const now = io.now ?? Date.now;
  const client = createLiveblogClient({ baseUrl: values.api, apiKey: values['api-key'] ?? io.env.API_KEY });
  const includeDeleted = values['include-deleted'] ? ('true' as const) : ('false' as const);
  const query = { liveblog: values.liveblog, source: values.source, agency: values.agency, q: values.q, cluster: values.cluster, since: values.since, until: values.until, includeDeleted };
  const partial = values.out ? `${values.out}.partial` : null;
  try {
    // One liveblog's entry count is known beforehand, and makes the bar; other exports count as they go.
    const total = values.liveblog ? (await unwrap(client.GET('/v1/liveblogs/{id}', { params: { path: { id: values.liveblog }, query: { includeDeleted } } }))).entryCount : null;
    const path = format === 'csv' ? '/v1/entries.csv' : '/v1/entries.ndjson';
    const { data, error, response } = await client.GET(path, { params: { query }, parseAs: 'stream', signal: io.signal });
    if (!response.ok || !data) throw ApiError.from(response, error);
    const counter = new RecordCounter(format);
    const started = now();
    let shownAt = started;
    const show = (final: boolean) => {
      const line = progressLine({ records: counter.records, bytes: counter.bytes, elapsedMs: now() - started, total });
      if (io.stderr.isTTY) io.stderr.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
      else io.stderr.write(`${final ? 'exported ' : ''}${line}\n`);
    };
    const counting = new Transform({
      transform(chunk: Buffer, _enc, done) {
        counter.add(chunk);
        if (now() - shownAt >= (io.stderr.isTTY ? TTY_EVERY_MS : LOG_EVERY_MS)) {
          shownAt = now();
          show(false);
        }
        done(null, chunk);
      },
    });
    const body = Readable.fromWeb(data as WebReadableStream<Uint8Array>);
    // stdout is not ours to end.
    if (partial) await pipeline(body, counting, createWriteStream(partial));
    else await pipeline(body, counting, io.stdout, { end: false });
    if (partial) await rename(partial, values.out!);
    show(true);
    return 0;
  } catch (err) {
    if (partial) await rm(partial, { force: true });
    io.stderr.write(`${io.stderr.isTTY ? '\n' : ''}liveblog export: ${err instanceof Error ? err.message : String(err)}${err instanceof ApiError ? ` (HTTP ${err.status})` : ''}\n`);
    return 1;
  }
}
