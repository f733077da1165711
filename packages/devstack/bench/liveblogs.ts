import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { entryContentHash, shortHash } from '@liveblog/fingerprint';
import { inventedReport, SeededRandom, TOWNS } from '../src';
import { furniture, type Furniture } from './furniture';

/** A change a liveblog made, as the page showed it from `visibleAt` (epoch ms) on. */
export interface Change {
  kind: 'create' | 'edit' | 'delete';
  liveblog: number;
  /** The entry's key as the extractor derives it from the page's id for it. */
  key: string;
  /** Content hash of the version this change made visible (create, edit); null for a deletion. */
  contentHash: string | null;
  visibleAt: number;
  /** On the page before its source was added: its time counts from the source's addition. */
  initial: boolean;
  /** Bytes of new text the change brought (headline and text of a new entry, the words an edit added). */
  textBytes: number;
}

interface SimEntry {
  id: string;
  key: string;
  headline: string;
  text: string;
  publishedAt: Date;
  modifiedAt: Date;
}

interface SimLiveblog {
  title: string;
  furniture: Furniture;
  /** Newest first, as liveblogs show them. */
  entries: SimEntry[];
  version: number;
}

/** A request the server answered: which page, when (epoch ms), with what status. */
export interface PageRequest {
  liveblog: number;
  at: number;
  status: number;
}

const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };

/**
 * N invented liveblogs served as HTML pages with a JSON-LD LiveBlogPosting, changing at a given rate:
 * new entries (some copied from another outlet with an opening of their own), edits and deletions.
 * Answers conditional requests with 304, as real outlets do, and logs every request.
 */
export class Liveblogs {
  readonly requests: PageRequest[] = [];
  readonly changes: Change[] = [];
  private readonly blogs: SimLiveblog[];
  private readonly random: SeededRandom;
  private server: Server | undefined;
  private serial = 0;
  /** Recent reports, for copies across outlets. */
  private readonly recent: { liveblog: number; headline: string; sentences: string[] }[] = [];

  /** `pageKb`: KB of scripts, menus and footer around the entries of each page (0: bare markup). */
  constructor(
    count: number,
    seed: number,
    pageKb = 0,
    private readonly shares = { edit: 0.1, delete: 0.02, copy: 0.1 },
  ) {
    this.random = new SeededRandom(seed);
    this.blogs = Array.from({ length: count }, (_, i) => ({
      title: `Soak-Ticker ${i}: ${this.random.pick(TOWNS)} aktuell`,
      furniture: furniture(pageKb, seed, i),
      entries: [],
      version: 0,
    }));
  }

  get count(): number {
    return this.blogs.length;
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const match = /^\/lb\/(\d+)$/.exec(req.url ?? '');
      const blog = match ? this.blogs[Number(match[1])] : undefined;
      if (!match || !blog) {
        res.writeHead(404).end();
        return;
      }
      const liveblog = Number(match[1]);
      const etag = `"v${blog.version}"`;
      const status = req.headers['if-none-match'] === etag ? 304 : 200;
      this.requests.push({ liveblog, at: Date.now(), status });
      if (status === 304) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag, 'cache-control': 'no-cache' }).end(this.render(liveblog, this.url(liveblog)));
    });
    // Many pages polled at once: keep-alive sockets must not pile up.
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  private base = '';

  url(liveblog: number): string {
    return `${this.base}/lb/${liveblog}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * Puts `entries` entries on every page before the sources are added, visible from `addedAt`. With a
   * `spanMs`, they were published over that time before it, evenly, the newest at `addedAt` (a page
   * added with hours of coverage on it: each entry in a minute of its own); without, all at `addedAt`
   * (a page whose entries carry no times: every entry in one minute).
   */
  seed(entries: number, addedAt: number, spanMs = 0): void {
    const gapMs = entries > 1 ? spanMs / (entries - 1) : 0;
    for (let lb = 0; lb < this.blogs.length; lb++) {
      for (let i = 0; i < entries; i++) this.create(lb, addedAt, true, Math.round(addedAt - (entries - 1 - i) * gapMs));
    }
  }

  /** One change to one liveblog: a new entry, else an edit or a deletion by their shares. */
  change(liveblog: number, now = Date.now()): Change {
    const blog = this.blogs[liveblog]!;
    const roll = this.random.next();
    // Never the oldest entry: a page that lost its oldest one reads as scrolled, not as a deletion.
    const candidates = blog.entries.length - 1;
    if (roll < this.shares.delete && candidates > 1) return this.remove(liveblog, this.random.int(0, candidates - 1), now);
    if (roll < this.shares.delete + this.shares.edit && candidates > 0) return this.edit(liveblog, this.random.int(0, candidates - 1), now);
    return this.create(liveblog, now, false);
  }

  private create(liveblog: number, now: number, initial: boolean, publishedAt = now): Change {
    const blog = this.blogs[liveblog]!;
    const serial = `${liveblog}-${++this.serial}`;
    const copyOf = this.recent.length > 0 && this.random.next() < this.shares.copy ? this.random.pick(this.recent.filter((r) => r.liveblog !== liveblog)) : undefined;
    const story = copyOf
      ? { headline: `${copyOf.headline} – Ticker ${liveblog}`, sentences: [`Auch bei uns Thema, Meldung ${serial}:`, ...copyOf.sentences] }
      : inventedReport(this.random, serial);
    if (!copyOf) {
      this.recent.push({ liveblog, ...story });
      if (this.recent.length > 50) this.recent.shift();
    }
    const id = `soak-${serial}`;
    const entry: SimEntry = { id, key: shortHash(['id', this.entryUrl(liveblog, id)]), headline: story.headline, text: story.sentences.join(' '), publishedAt: new Date(publishedAt), modifiedAt: new Date(publishedAt) };
    blog.entries.unshift(entry);
    const textBytes = Buffer.byteLength(entry.headline) + Buffer.byteLength(entry.text);
    return this.record({ kind: 'create', liveblog, key: entry.key, contentHash: entryContentHash(entry), visibleAt: now, initial, textBytes });
  }

  private edit(liveblog: number, index: number, now: number): Change {
    const blog = this.blogs[liveblog]!;
    const entry = blog.entries[index]!;
    const added = ` Aktualisiert um ${new Date(now).toISOString().slice(11, 19)}: ${this.random.int(1, 9_000)} weitere Meldungen.`;
    entry.text += added;
    entry.modifiedAt = new Date(now);
    return this.record({ kind: 'edit', liveblog, key: entry.key, contentHash: entryContentHash(entry), visibleAt: now, initial: false, textBytes: Buffer.byteLength(added) });
  }

  private remove(liveblog: number, index: number, now: number): Change {
    const blog = this.blogs[liveblog]!;
    const [entry] = blog.entries.splice(index, 1);
    return this.record({ kind: 'delete', liveblog, key: entry!.key, contentHash: null, visibleAt: now, initial: false, textBytes: 0 });
  }

  private record(change: Change): Change {
    this.blogs[change.liveblog]!.version++;
    this.changes.push(change);
    return change;
  }

  private entryUrl(liveblog: number, id: string): string {
    return `${this.url(liveblog)}#${id}`;
  }

  private render(liveblog: number, url: string): string {
    const blog = this.blogs[liveblog]!;
    const ld = {
      '@context': 'https://schema.org',
      '@type': 'LiveBlogPosting',
      headline: blog.title,
      url,
      inLanguage: 'de',
      liveBlogUpdate: blog.entries.map((e) => ({
        '@type': 'BlogPosting',
        url: this.entryUrl(liveblog, e.id),
        headline: e.headline,
        articleBody: e.text,
        datePublished: e.publishedAt.toISOString(),
        dateModified: e.modifiedAt.toISOString(),
      })),
    };
    const json = JSON.stringify(ld).replace(/[<>&]/g, (c) => ESCAPES[c]!);
    const body = blog.entries.map((e) => `<article id="${e.id}"><h2>${e.headline}</h2><p>${e.text}</p></article>`).join('\n');
    const { head, top, bottom } = blog.furniture;
    return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${blog.title}</title>${head}<script type="application/ld+json">${json}</script></head><body>${top}<main><h1>${blog.title}</h1>\n${body}</main>${bottom}</body></html>`;
  }
}
