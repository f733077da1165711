import { SseParser, type SseMessage } from '@liveblog/client';

export type SseEvent = SseMessage;

/**
 * Reads Server-Sent Events from `url` until `done` says so (or the time runs out), then disconnects.
 * Returns every event received, in order, `gap` included: tests look at the protocol itself, so this
 * parses with the client's SseParser but neither reconnects nor resyncs as its subscribe() does.
 */
export async function readEvents(url: string, headers: Record<string, string>, done: (events: SseEvent[]) => boolean, timeoutMs = 20_000): Promise<SseEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: SseEvent[] = [];
  try {
    const res = await fetch(url, { headers, signal: controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}`);
    const parser = new SseParser();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      events.push(...parser.push(chunk));
      if (done(events)) break;
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}
