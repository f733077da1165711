import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/** A local HTTP server whose routes misbehave the ways real publishers do. Loopback only. */
export class FaultServer {
  private server: Server | undefined;
  private readonly hits = new Map<string, number>();
  private readonly times = new Map<string, number[]>();
  base = '';
  /** Paths that /feed.xml lists as items; tests add to it. */
  feedItems: string[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.route(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  hitCount(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  /** When each request for `path` arrived, epoch ms. */
  hitTimes(path: string): number[] {
    return this.times.get(path) ?? [];
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    const n = (this.hits.get(path) ?? 0) + 1;
    this.hits.set(path, n);
    this.times.set(path, [...this.hitTimes(path), Date.now()]);
    switch (path) {
      case '/robots.txt':
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n');
      case '/private/page':
        return void res.writeHead(200).end('should never be fetched');
      case '/slow':
        return void setTimeout(() => res.writeHead(200).end(`slow ${n}`), 300).unref();
      case '/feed.xml':
        return void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(`<rss version="2.0"><channel><link>${this.base}/</link>${this.feedItems.map((p) => `<item><link>${this.base}${p}</link></item>`).join('')}</channel></rss>`);
      case '/page':
      case '/cadence':
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' }).end('<p>Hallo</p>');
      case '/dated': {
        const lastModified = 'Tue, 22 Oct 2024 00:41:00 GMT';
        if (req.headers['if-modified-since'] === lastModified) return void res.writeHead(304).end();
        return void res.writeHead(200, { 'last-modified': lastModified }).end('dated');
      }
      case '/hinted':
        return void res.writeHead(200, { 'cache-control': 'public, max-age=300' }).end(`<p>hinted ${n}</p>`);
      case '/over':
        return void res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<script type="application/ld+json">{"@type":"LiveBlogPosting","coverageEndTime":"2024-11-01T20:00:00Z"}</script>');
      case '/slow-headers':
        return void setTimeout(() => res.writeHead(200).end('late'), 2_000).unref();
      case '/drip': {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('.'), 50);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '/big':
        return void res.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024, 'a'));
      case '/gzip-bomb':
        return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(64 * 1024 * 1024)));
      case '/brotli':
        return void res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(Buffer.from('Grüße aus Kiel')));
      case '/loop':
        return void res.writeHead(302, { location: '/loop' }).end();
      case '/hop':
        return void res.writeHead(301, { location: '/page' }).end();
      case '/flaky':
        return void (n === 1 ? res.writeHead(500).end('oops') : res.writeHead(200).end('recovered'));
      case '/busy':
        return void res.writeHead(429, { 'retry-after': '7' }).end();
      case '/gone':
        return void res.writeHead(404).end();
      case '/to-localhost':
        return void res.writeHead(302, { location: `${this.base.replace('127.0.0.1', 'localhost')}/page` }).end();
      case '/to-metadata':
        return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      case '/to-file':
        return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      default:
        return void res.writeHead(404).end();
    }
  }
}
