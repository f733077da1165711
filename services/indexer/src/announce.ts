import { createHash } from 'node:crypto';
import type { EntryEvent } from '@liveblog/contracts';
import { redisKeys, type RedisClient } from '@liveblog/runtime';

/**
 * How long an announcement is remembered. A job is replayed within minutes of its first run (a crash
 * before its completion was recorded, a stalled lock, a retry); one replayed later announces again.
 */
const SENT_TTL_MS = 3_600_000;

/**
 * For each event not announced yet, marks it and appends it to the stream, in one script: Redis keeps
 * both or neither, so a replay of the same job (the same snapshot) announces only what its first run
 * did not, and a change announced once is not announced twice. Events older than `oldestKeptMs` are
 * trimmed as new ones arrive (stream ids start with their time in ms).
 */
const ANNOUNCE = `
local added = 0
for i = 2, #KEYS do
  if redis.call('SET', KEYS[i], '1', 'NX', 'PX', ARGV[2]) then
    redis.call('XADD', KEYS[1], 'MINID', ARGV[1], '*', 'event', ARGV[i + 1])
    added = added + 1
  end
end
return added
`;

/** One announcement: the same change (entry, type, content) seen in the same snapshot. */
const eventKey = (e: EntryEvent) => createHash('sha256').update([e.snapshotId, e.entryId, e.type, e.contentHash].join('\n')).digest('hex').slice(0, 32);

/** Announces `events` on the entry event stream, each once; returns how many were new. */
export async function announce(redis: RedisClient, prefix: string, events: readonly EntryEvent[], oldestKeptMs: number): Promise<number> {
  if (events.length === 0) return 0;
  const keys = [redisKeys.entryEvents(prefix), ...events.map((e) => redisKeys.entryEventSent(prefix, eventKey(e)))];
  return Number(await redis.eval(ANNOUNCE, keys.length, ...keys, String(oldestKeptMs), String(SENT_TTL_MS), ...events.map((e) => JSON.stringify(e))));
}
