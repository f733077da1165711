import { parseArgs } from 'node:util';
import { ids } from '@liveblog/fingerprint';
import { ApiError, createLiveblogClient, eachSource, unwrap, type Source } from '@liveblog/client';
import { AdminSourceSpec } from '../admin-spec';

export interface CommandIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: Record<string, string | undefined>;
}

const USAGE = `usage: liveblog sources <command> [--api URL] [--token TOKEN]
  add <url> [--name N] [--kind liveblog|index] [--interval S] [--link-pattern RE] [--liveblog-interval S] [--render]
  list
  pause <id|url>
  resume <id|url>
  remove <id|url>
  reparse <id|url>     parse the latest snapshot again with today's extractor and rules
The token is read from ADMIN_TOKEN unless --token is given; --api defaults to http://localhost:8080.`;

class UsageError extends Error {}

/** `liveblog sources …`; returns the exit code: 0 done, 1 refused or failed, 2 bad usage. */
export async function runSourcesCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        api: { type: 'string', default: 'http://localhost:8080' },
        token: { type: 'string' },
        name: { type: 'string' },
        kind: { type: 'string' },
        interval: { type: 'string' },
        'link-pattern': { type: 'string' },
        'liveblog-interval': { type: 'string' },
        render: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, target, ...extra] = positionals;
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (!command) throw new UsageError('a command is required');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const token = values.token ?? io.env.ADMIN_TOKEN;
    if (!token) throw new UsageError('no admin token: set ADMIN_TOKEN or pass --token');
    const client = createLiveblogClient({ baseUrl: values.api, adminToken: token });

    switch (command) {
      case 'add': {
        if (!target) throw new UsageError('add needs a URL');
        const body = {
          url: target,
          name: values.name,
          kind: values.kind,
          intervalSeconds: numberOption(values.interval, '--interval'),
          linkPattern: values['link-pattern'],
          liveblogIntervalSeconds: numberOption(values['liveblog-interval'], '--liveblog-interval'),
          render: values.render,
        };
        // The API validates again; checking here first names the option at fault without a round trip.
        const checked = AdminSourceSpec.safeParse(body);
        if (!checked.success) throw new UsageError(checked.error.issues.map((i) => `${i.path.join('.') || 'source'}: ${i.message}`).join('; '));
        const source = await unwrap(client.POST('/v1/sources', { body: checked.data }));
        io.stdout(describe(source));
        return 0;
      }
      case 'list': {
        if (target) throw new UsageError('list takes no argument');
        for await (const source of eachSource(client)) io.stdout(describe(source));
        return 0;
      }
      case 'pause':
      case 'resume': {
        const source = await unwrap(client.PATCH('/v1/sources/{id}', { params: { path: { id: sourceId(target) } }, body: { paused: command === 'pause' } }));
        io.stdout(describe(source));
        return 0;
      }
      case 'reparse': {
        const queued = await unwrap(client.POST('/v1/sources/{id}/reparse', { params: { path: { id: sourceId(target) } } }));
        io.stdout(`${queued.snapshotId}\treparse queued as ${queued.jobId}`);
        return 0;
      }
      case 'remove': {
        const id = sourceId(target);
        await unwrap(client.DELETE('/v1/sources/{id}', { params: { path: { id } } }));
        io.stdout(`${id}\tremoved`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (err) {
    if (err instanceof ApiError) {
      io.stderr(`liveblog sources: ${err.message} (HTTP ${err.status})`);
      return 1;
    }
    if (err instanceof UsageError || isParseArgsError(err)) {
      io.stderr(`liveblog sources: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    io.stderr(`liveblog sources: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

/** Checked by code, not class: parseArgs' TypeError may come from another realm (a test sandbox). */
function isParseArgsError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`${name} must be a whole number of seconds`);
  return n;
}

/** Operators copy URLs more often than ids: a URL names the same source. */
function sourceId(target: string | undefined): string {
  if (!target) throw new UsageError('a source id or URL is required');
  // openapi-fetch encodes path parameters.
  return /^https?:\/\//.test(target) ? ids.source(target) : target;
}

function describe(s: Source): string {
  const state = s.paused ? 'paused' : s.status.ended ? 'ended' : 'active';
  const last = s.status.lastFetchedAt ? `${s.status.lastFetchedAt} HTTP ${s.status.lastHttpStatus ?? '-'}` : 'never fetched';
  return [s.id, state, `${s.intervalSeconds}s`, last, s.url].join('\t') + (s.status.lastError ? `\terror: ${s.status.lastError}` : '');
}
