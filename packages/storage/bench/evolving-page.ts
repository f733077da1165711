import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ExtractedEntry } from '@liveblog/contracts';
import { SeededRandom } from '@liveblog/devstack';

/** Invented words: the bench's own text, never third-party text. */
const WORDS = (
  'der die das und ist nicht ein eine mit auf für von dem den des im zu bei nach aus wie über Regierung Minister ' +
  'Truppen Grenze Angriff Stadt Region Bericht Angaben Sprecher erklärte sagte heute Abend Morgen Lage Nacht Armee ' +
  'Verhandlungen Hilfe Millionen Menschen Polizei Behörden Präsident Kanzler Parlament Woche Tage Stunden Agentur'
).split(' ');

export interface PageVersion {
  html: Buffer;
  /** Bytes of text (headline and paragraphs) this version brought that the previous one did not have. */
  newTextBytes: number;
}

/** A page that a liveblog's editors change: entries are added at the top, now and then one is edited or deleted. */
export class EvolvingPage {
  private readonly entries: { id: number; at: string; headline: string; paragraphs: string[] }[] = [];
  private nextId = 0;
  private changes = 0;

  constructor(
    readonly name: string,
    private readonly before: string,
    private readonly after: string,
    private readonly random: SeededRandom,
    initialEntries: number,
  ) {
    for (let i = 0; i < initialEntries; i++) this.entries.unshift(this.newEntry());
  }

  /** An invented page: `furnitureKb` of scripts, menus and footer around `initialEntries` entries. */
  static invented(furnitureKb: number, initialEntries: number, seed: number): EvolvingPage {
    const random = new SeededRandom(seed);
    const words = (n: number) => Array.from({ length: n }, () => random.pick(WORDS)).join(' ');
    const ident = () => `${random.pick(WORDS).toLowerCase().replace(/[^a-z]/g, 'x')}${random.int(0, 9999).toString(36)}`;
    const script = () =>
      `<script>!function(){var ${ident()}=${random.int(0, 1e9)},${ident()}="${ident()}";function ${ident()}(a,b){return a.${ident()}(b)||"${words(3)}"}window.${ident()}={id:"${random.next().toString(36).slice(2)}"}}();</script>\n`;
    const link = () => `<li><a href="/${ident()}/${ident()}-${random.int(1e5, 1e6)}.html" class="nav__link">${words(random.int(1, 4))}</a></li>\n`;
    let head = '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Liveblog</title>\n';
    let menu = '<nav><ul>';
    let footer = '<footer><ul>';
    const target = furnitureKb * 1024;
    while (head.length < target * 0.55) head += script();
    while (menu.length < target * 0.25) menu += link();
    while (footer.length < target * 0.2) footer += link();
    const before = `${head}<script type="application/ld+json">{"@type":"LiveBlogPosting","dateModified":"2026-12-07T10:00:00Z"}</script></head><body>${menu}</ul></nav><main><h1>${words(8)}</h1><div class="ticker">`;
    return new EvolvingPage(`invented ${furnitureKb} KB + ${initialEntries} entries`, before, `</div></main>${footer}</ul></footer></body></html>`, random, initialEntries);
  }

  /**
   * A real page of ../shared/fixtures/pages, read at run time, with the entries spliced in where its body
   * text starts (the first paragraph of its ground truth, or the middle of the page if that is not found).
   */
  static fromFixture(path: string, initialEntries: number, seed: number): EvolvingPage {
    const html = gunzipSync(readFileSync(path)).toString('utf8');
    const truth = JSON.parse(readFileSync(path.replace(/\.html\.gz$/, '.json'), 'utf8')) as { sections: { paragraphs: string[] }[] };
    const first = truth.sections.flatMap((s) => s.paragraphs).find((p) => p.length > 40)?.slice(0, 30);
    const found = first ? html.indexOf(first) : -1;
    const at = found >= 0 ? html.lastIndexOf('<', found) : Math.floor(html.length / 2);
    const name = path.split('/').pop()!.replace(/\.html\.gz$/, '');
    return new EvolvingPage(name, html.slice(0, at), html.slice(at), new SeededRandom(seed), initialEntries);
  }

  static fixtures(dir: string): string[] {
    return readdirSync(dir).filter((f) => f.endsWith('.html.gz')).sort().map((f) => join(dir, f));
  }

  /** The page as it is now. */
  render(): Buffer {
    const stamp = new Date(Date.UTC(2026, 11, 7, 10, this.changes)).toISOString();
    const body = this.entries
      .map(
        (e) =>
          `<article class="entry" id="entry-${e.id}"><time datetime="${e.at}">${e.id}</time><h2>${e.headline}</h2>${e.paragraphs.map((p) => `<p>${p}</p>`).join('')}` +
          `<div class="share"><a href="?entry=${e.id}#share">Teilen</a><a href="https://social.example/share?u=entry-${e.id}">Posten</a></div></article>\n`,
      )
      .join('');
    // A page states when it last changed, as liveblogs do (JSON-LD dateModified, "Stand: …").
    const before = this.before.replace(/"dateModified":\s*"[^"]*"/, `"dateModified":"${stamp}"`);
    return Buffer.from(`${before}${body}${this.after}`);
  }

  /** The entries as an extractor would give them, newest first. */
  extracted(): ExtractedEntry[] {
    return this.entries.map((e) => ({
      key: `entry-${e.id}`,
      headline: e.headline,
      text: e.paragraphs.join('\n\n'),
      html: e.paragraphs.map((p) => `<p>${p}</p>`).join(''),
      publishedAt: e.at,
      modifiedAt: null,
      authors: [],
      agencies: [],
      pinned: false,
    }));
  }

  /** One change of the liveblog, as editors make them: 88% a new entry, 10% an edit, 2% a deletion. */
  change(): PageVersion {
    this.changes++;
    const roll = this.random.next();
    let newText = 0;
    if (roll < 0.1 && this.entries.length > 1) {
      const edited = this.entries[this.random.int(0, this.entries.length - 1)]!;
      const sentence = this.sentence();
      edited.paragraphs.push(sentence);
      newText = Buffer.byteLength(sentence);
    } else if (roll < 0.12 && this.entries.length > 1) {
      this.entries.splice(this.random.int(0, this.entries.length - 1), 1);
    } else {
      const entry = this.newEntry();
      this.entries.unshift(entry);
      newText = Buffer.byteLength(entry.headline) + entry.paragraphs.reduce((n, p) => n + Buffer.byteLength(p), 0);
    }
    return { html: this.render(), newTextBytes: newText };
  }

  private sentence(): string {
    const words = Array.from({ length: this.random.int(8, 20) }, () => this.random.pick(WORDS));
    return `${words.join(' ')}.`;
  }

  /** About 1.5 KB of text: a headline and three to five paragraphs. */
  private newEntry() {
    const paragraphs = Array.from({ length: this.random.int(3, 5) }, () => Array.from({ length: this.random.int(2, 4) }, () => this.sentence()).join(' '));
    const at = new Date(Date.UTC(2026, 11, 7, 10, this.changes)).toISOString();
    return { id: this.nextId++, at, headline: this.sentence(), paragraphs };
  }
}
