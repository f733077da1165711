import { redisKeys, createRedis, type RedisClient } from '@liveblog/runtime';
import { EntryEvent } from '@liveblog/contracts';
import { testEnv } from '../harness/env';
import { eventually, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';
import { SeededRandom, testSeed } from './seeded-random';
import { WebhookReceiver } from './webhook-receiver';

const ADMIN_TOKEN = 'webhooks-e2e-admin-token';
const LIVEBLOGS = ['lb_00000000000000a1', 'lb_00000000000000a2', 'lb_00000000000000a3'];
const BURSTS = 4;
const EVENTS_PER_BURST = 15;
const TYPES = ['entry.created', 'entry.updated', 'entry.deleted', 'entry.restored'] as const;

interface Published {
  id: string;
  event: EntryEvent;
}

/** Stream ids compare as (ms, seq). */
const isBefore = (a: string, b: string) => {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am < bm || (am === bm && as < bs);
};

/** As the issue asks: deliveries survive a receiver that is down for a minute. */
const RECEIVER_DOWN_MS = 60_000;

describe('webhooks', () => {
  const seed = testSeed();
  const random = new SeededRandom(seed);
  const receiver = new WebhookReceiver(random);
  let pipeline: RunningPipeline;
  let redis: RedisClient;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${pipeline.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers } });

  beforeAll(async () => {
    redis = createRedis(testEnv().redisUrl);
    await receiver.start();
    pipeline = await startPipeline({
      sourcesFile: writeSourcesFile('sources: []\n'),
      services: ['api', 'deliverer'],
      env: {
        ADMIN_TOKEN,
        // Receivers on loopback are refused unless allowed, as the fetcher's pages are.
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        // Waits double from 100 ms up to 2 s: a minute's outage takes ~35 attempts, and the receiver is
        // tried again within 2 s of its return.
        WEBHOOK_ATTEMPTS: '50',
        WEBHOOK_BACKOFF_MS: '100',
        WEBHOOK_BACKOFF_MAX_MS: '2000',
        WEBHOOK_TIMEOUT_MS: '1000',
        WEBHOOK_ORDER_WAIT_MS: '100',
      },
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await receiver.stop();
    redis?.disconnect();
  });

  test('subscriptions are validated, listed without their secret and removed', async () => {
    const refused = await admin('/v1/webhooks', { method: 'POST', body: JSON.stringify({ url: 'ftp://x.example/', filters: { agency: 'nope', since: '2026-01-01T00:00:00Z' } }) });
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as { error: { message: string } };
    expect(problem.error.message).toMatch(/body\.url/);
    expect(problem.error.message).toMatch(/unknown parameter since/);
    expect((await fetch(`${pipeline.apiUrl}/v1/webhooks`)).status).toBe(401);

    const created = await admin('/v1/webhooks', { method: 'POST', body: JSON.stringify({ url: 'https://receiver.example/hook', filters: { agency: 'dpa' } }) });
    expect(created.status).toBe(201);
    const sub = (await created.json()) as { id: string; secret: string; events: string[]; filters: Record<string, string> };
    expect(sub.secret).toMatch(/^whsec_/);
    expect(sub.events).toEqual(['created', 'updated', 'deleted']);
    expect(sub.filters).toEqual({ agency: 'dpa' });
    const one = (await (await admin(`/v1/webhooks/${sub.id}`)).json()) as Record<string, unknown>;
    expect(one).not.toHaveProperty('secret');
    expect(one.filters).toEqual({ agency: 'dpa' });
    expect((await admin(`/v1/webhooks/${sub.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin(`/v1/webhooks/${sub.id}`)).status).toBe(404);
  });

  test(`a receiver that fails, is slow and restarts, and a deliverer SIGKILLed mid-batch: every event arrives, in order per liveblog, signed (seed ${seed})`, async () => {
    // Every event; and one liveblog's creations and deletions only.
    const wanted: Record<string, (e: EntryEvent) => boolean> = {
      '/all': () => true,
      '/narrow': (e) => e.liveblogId === LIVEBLOGS[0] && e.type !== 'entry.updated',
    };
    const specs: Record<string, object> = { '/all': {}, '/narrow': { events: ['created', 'deleted'], filters: { liveblog: LIVEBLOGS[0] } } };
    for (const [path, spec] of Object.entries(specs)) {
      const res = await admin('/v1/webhooks', { method: 'POST', body: JSON.stringify({ url: receiver.url(path), ...spec }) });
      expect(res.status).toBe(201);
      receiver.trust(path, ((await res.json()) as { secret: string }).secret);
    }

    // Announced as the indexer does, on the entry event stream, in bursts while the receiver answers 503.
    const stream = redisKeys.entryEvents(testEnv().queuePrefix);
    const published: Published[] = [];
    for (let burst = 0; burst < BURSTS; burst++) {
      for (let i = 0; i < EVENTS_PER_BURST; i++) {
        const n = burst * EVENTS_PER_BURST + i;
        const event = EntryEvent.parse({
          type: TYPES[random.int(0, TYPES.length - 1)],
          entryId: `en_${n.toString(16).padStart(16, '0')}`,
          liveblogId: LIVEBLOGS[random.int(0, LIVEBLOGS.length - 1)],
          key: `post-${n}`,
          contentHash: n.toString(16).padStart(16, '0'),
          snapshotId: `sn_${burst.toString(16).padStart(16, '0')}`,
          indexedAt: new Date().toISOString(),
        });
        published.push({ id: await redis.xadd(stream, '*', 'event', JSON.stringify(event)) as string, event });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const expected = Object.entries(wanted).flatMap(([path, wants]) => published.filter((p) => wants(p.event)).map((p) => `${path} ${p.id}`));
    const arrived = () => new Set(receiver.arrivals.map((a) => `${a.path} ${a.eventId}`));

    // Flaky and slow (some answers after the deliverer's 1 s timeout), then down for a minute and back.
    receiver.mood = { kind: 'flaky', failShare: 0.2, slowShare: 0.3, slowMs: [200, 1_500] };
    await new Promise((r) => setTimeout(r, 2_000));
    await receiver.stop();
    await new Promise((r) => setTimeout(r, RECEIVER_DOWN_MS));
    await receiver.start();

    // SIGKILL the deliverer once deliveries flow again, with work left, and start a new one.
    const before = arrived().size;
    await eventually(async () => (arrived().size > before && arrived().size < expected.length ? true : undefined), 'deliveries to resume', 30_000);
    await pipeline.services.get('deliverer')!.kill();
    const atKill = arrived().size;
    await pipeline.start('deliverer');

    await eventually(async () => (expected.every((k) => arrived().has(k)) ? true : undefined), `all ${expected.length} deliveries (${atKill} had arrived at the SIGKILL)`, 60_000);
    expect(atKill).toBeLessThan(expected.length);

    expect(receiver.forged).toEqual([]);
    // Nothing unasked for: only the subscribed kinds and liveblog.
    expect([...arrived()].filter((k) => !expected.includes(k))).toEqual([]);
    // In order per subscription and liveblog: no event arrives for the first time after a later one did.
    // A repeat may come late: an attempt the deliverer gave up on (timeout) can still be answered by the
    // slow receiver after the retry that succeeded and after the next event. No sender can prevent that.
    const latest = new Map<string, string>();
    const seen = new Set<string>();
    const outOfOrder: string[] = [];
    let lateRepeats = 0;
    for (const a of receiver.arrivals) {
      const lane = `${a.path} ${a.liveblogId}`;
      const last = latest.get(lane);
      const repeat = seen.has(`${a.path} ${a.eventId}`);
      seen.add(`${a.path} ${a.eventId}`);
      if (last !== undefined && isBefore(a.eventId, last)) {
        if (repeat) lateRepeats++;
        else outOfOrder.push(`${lane}: ${a.eventId} after ${last}`);
      }
      if (last === undefined || isBefore(last, a.eventId)) latest.set(lane, a.eventId);
    }
    expect(outOfOrder).toEqual([]);
    // The same event keeps its webhook-id across attempts, so a receiver can drop repeats.
    const ids = new Map<string, Set<string>>();
    for (const a of receiver.arrivals) ids.set(`${a.path} ${a.eventId}`, (ids.get(`${a.path} ${a.eventId}`) ?? new Set()).add(a.webhookId));
    expect([...ids.values()].filter((s) => s.size > 1)).toEqual([]);
    // No delivery ran out of attempts.
    const deadLetters = (await (await admin('/v1/webhooks/dead-letters')).json()) as { items: unknown[] };
    expect(deadLetters.items).toEqual([]);
    process.stderr.write(`webhooks e2e: ${expected.length} deliveries expected, ${receiver.arrivals.length} accepted, ${receiver.requests} requests, ${lateRepeats} repeats after a later event; ${atKill} had arrived at the SIGKILL\n`);
  }, 150_000);
});
