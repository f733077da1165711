import type { AddressInfo } from 'node:net';
import type { EntryEvent } from '@liveblog/contracts';
import type { Store } from '@liveblog/storage';
import express from 'express';
import type { RedisClient as Redis } from '@liveblog/runtime';
import type { EventHub, StreamedEvent } from './event-hub';
import { registerEventStream } from './event-stream';

const streamed = (id: string): StreamedEvent => ({
  id,
  event: { type: 'entry.created', entryId: 'en_0000000000000001', liveblogId: 'lb_0000000000000001', key: 'k', contentHash: 'h', snapshotId: 's', indexedAt: new Date(0).toISOString() } satisfies EntryEvent,
});

/**
 * A hub whose stream holds 1-0 … 5-0, read two at a time, and where 6-0 is announced live while the
 * first replay page is being read: the moment a client is both catching up and listening.
 */
function hubWithEventDuringReplay(): EventHub {
  const listeners = new Set<(e: StreamedEvent) => void>();
  const held = ['1-0', '2-0', '3-0', '4-0', '5-0'].map(streamed);
  return {
    subscribe(listener: (e: StreamedEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async since(afterId: string, _redis: Redis, count: number) {
      if (afterId === '0-0') for (const listener of listeners) listener(streamed('6-0'));
      const after = held.filter((e) => Number(e.id.split('-')[0]) > Number(afterId.split('-')[0]));
      const size = Math.min(count, 2);
      const events = after.slice(0, size);
      return { events, gap: false, next: events.length === size ? events[events.length - 1]!.id : null };
    },
  } as unknown as EventHub;
}

/** The ids and event names a stream sends until `last` has come. */
async function readUntil(url: string, headers: Record<string, string>, last: string): Promise<string[]> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  let text = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    text += Buffer.from(chunk).toString();
    if (text.includes(`id: ${last}\n`)) break;
  }
  controller.abort();
  return [...text.matchAll(/^(?:id|event): (.*)$/gm)].map((m) => m[1]!).filter((v) => v !== 'entry.created');
}

test('Last-Event-ID 0 replays every held event, and one announced meanwhile follows them', async () => {
  const app = express();
  registerEventStream(app, hubWithEventDuringReplay(), {} as Store, {} as Redis);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/stream`;
    expect(await readUntil(url, { 'last-event-id': '0' }, '6-0')).toEqual(['1-0', '2-0', '3-0', '4-0', '5-0', '6-0']);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
