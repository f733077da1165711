import { parseArgs } from 'node:util';
import { ApiError, createLiveblogClient, eachEntry, subscribe } from '@liveblog/client';

export interface ReadIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: Record<string, string | undefined>;
  /** Ends `follow`; Ctrl-C in the binary. */
  signal?: AbortSignal;
}

export const READ_USAGE = `usage: liveblog entries|follow [--api URL] [--api-key KEY] [filters]
  entries   every entry matching the filters, newest first, one JSON object a line (all pages)
  follow    entry events as they happen, one JSON object a line; resumes after --last-event-id;
            a resync (events lost) prints {"resync": reason} and then the filter's entries
filters: --liveblog ID --source ID --agency CODE --q WORDS --cluster ID; entries also --since/--until TIME
The key is read from API_KEY unless --api-key is given; --api defaults to http://localhost:8080.`;

/** The options of every command that reads the API: where it is, the key, and the listing's filters. */
export const API_OPTIONS = {
  api: { type: 'string', default: 'http://localhost:8080' },
  'api-key': { type: 'string' },
  liveblog: { type: 'string' },
  source: { type: 'string' },
  agency: { type: 'string' },
  q: { type: 'string' },
  cluster: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
} as const;

/** `liveblog entries` and `liveblog follow`, through the typed client; returns the exit code. */
export async function runReadCommand(command: 'entries' | 'follow', argv: readonly string[], io: ReadIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...API_OPTIONS,
        'last-event-id': { type: 'string' },
      },
    }));
  } catch (err) {
    io.stderr(`liveblog ${command}: ${(err as Error).message}\n${READ_USAGE}`);
    return 2;
  }
  const apiKey = values['api-key'] ?? io.env.API_KEY;
  const client = createLiveblogClient({ baseUrl: values.api, apiKey });
  const filters = { liveblog: values.liveblog, source: values.source, agency: values.agency, q: values.q, cluster: values.cluster };
  try {
    if (command === 'entries') {
      for await (const entry of eachEntry(client, { ...filters, since: values.since, until: values.until })) io.stdout(JSON.stringify(entry));
      return 0;
    }
    const items = subscribe(client, { baseUrl: values.api, apiKey, filters, lastEventId: values['last-event-id'], signal: io.signal });
    for await (const item of items) {
      if (item.type === 'event') {
        io.stdout(JSON.stringify({ id: item.id, ...item.event }));
        continue;
      }
      io.stdout(JSON.stringify({ resync: item.reason }));
      for await (const entry of item.entries) io.stdout(JSON.stringify(entry));
    }
    return 0;
  } catch (err) {
    io.stderr(`liveblog ${command}: ${err instanceof Error ? err.message : String(err)}${err instanceof ApiError ? ` (HTTP ${err.status})` : ''}`);
    return 1;
  }
}
