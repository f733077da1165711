import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { SeededRandom } from './seeded-random';

/** How the receiver answers for now. */
export type ReceiverMood = { kind: 'failing' } | { kind: 'flaky'; failShare: number; slowShare: number; slowMs: [number, number] };

export interface Arrival {
  /** The path the subscription delivers to, which names it. */
  path: string;
  liveblogId: string;
  eventId: string;
  type: string;
  webhookId: string;
}

/**
 * A webhook receiver on loopback that misbehaves on request: answers 503 for a while, then fails some
 * requests and answers others slowly, and can go down and come back on the same port. Every delivery is
 * verified with the Standard Webhooks reference implementation; accepted ones are recorded in arrival order.
 */
export class WebhookReceiver {
  mood: ReceiverMood = { kind: 'failing' };
  readonly arrivals: Arrival[] = [];
  /** Deliveries whose signature did not verify (with why). */
  readonly forged: string[] = [];
  requests = 0;
  private server: Server | null = null;
  private port = 0;
  private readonly verifiers = new Map<string, Webhook>();

  constructor(private readonly random: SeededRandom) {}

  /** A subscription's secret, as its creation answered it; deliveries to `path` are verified with it. */
  trust(path: string, secret: string): void {
    this.verifiers.set(path, new Webhook(secret));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Down: connections are refused until start() again (on the same port). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const mood = this.mood;
    if (mood.kind === 'failing') return void res.writeHead(503).end();
    if (this.random.next() < mood.failShare) return void res.writeHead(500).end();
    if (this.random.next() < mood.slowShare) await new Promise((r) => setTimeout(r, this.random.int(mood.slowMs[0], mood.slowMs[1])));
    const path = req.url ?? '';
    const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
    try {
      const verifier = this.verifiers.get(path);
      if (!verifier) throw new Error(`no secret for ${path}`);
      const payload = verifier.verify(body, headers) as { type: string; data: { eventId: string; liveblogId: string } };
      this.arrivals.push({ path, liveblogId: payload.data.liveblogId, eventId: payload.data.eventId, type: payload.type, webhookId: headers['webhook-id'] });
    } catch (err) {
      this.forged.push(`${req.url}: ${err instanceof Error ? err.message : String(err)}`);
    }
    // A slow answer may come after the deliverer gave up: it then retries what was in fact received.
    if (!res.destroyed) res.writeHead(204).end();
  }
}
