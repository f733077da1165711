import fc from 'fast-check';
import { Extraction } from '@liveblog/contracts';
import { MAX_PAGE_BYTES, decodePage } from './decode/decode-page';
import { PageTooLargeError } from './decode/errors';
import { ExtractionError } from './errors';
import { loadFixtures } from './evaluation/fixtures';
import { extract } from './extract';

/**
 * Robustness: whatever arrives, extraction returns a valid Extraction or throws an ExtractionError, and
 * it does so in bounded time. The budget is a hang guard, not a performance claim. It counts this
 * process's CPU time, not wall time, because the test machines are shared and a busy neighbour
 * must not turn a slow run into a failure; a real hang burns CPU all the same.
 */
const BUDGET_MS = 5000;
const URL = 'https://example.org/fuzz';

function survives(run: () => Extraction, budgetMs = BUDGET_MS): void {
  const start = process.cpuUsage();
  try {
    Extraction.parse(run());
  } catch (err) {
    if (!(err instanceof ExtractionError)) throw err;
  }
  const used = process.cpuUsage(start);
  const elapsed = (used.user + used.system) / 1000;
  if (elapsed > budgetMs) throw new Error(`took ${elapsed.toFixed(0)} ms of CPU, budget ${budgetMs} ms`);
}

const fromText = (body: string, contentType?: string) => () => extract({ body, url: URL, contentType: contentType ?? null });
const fromBytes = (bytes: Uint8Array) => () => extract({ body: decodePage(bytes), url: URL });

const MARKUP = [
  '<html>', '</html>', '<head>', '</head>', '<body>', '</body>', '<article>', '</article>', '<main>', '<div class="liveblog-entry">',
  '</div>', '<p>', '</p>', '<h1>', '<h2>', '</h2>', '<h3>', '<br>', '<ul><li>', '</li></ul>', '<time datetime="2024-10-22T02:41:00+02:00">',
  '</time>', '<script>', '</script>', '<script type="application/ld+json">', '<style>', '</style>', '<!--', '-->', '<![CDATA[', ']]>',
  '<meta property="og:title" content="', '">', '<title>', '</title>', '&amp;', '&#x1F600;', '&nbsp;', '&#0;', '&bogus;', '<', '>', '"', "'",
  '{"@context":"https://schema.org","@type":"LiveBlogPosting","liveBlogUpdate":[', '{"@type":"BlogPosting","headline":"',
  '"articleBody":"', '"}', ']}', '+++', '(dpa)', '22.10.2024 02:41 Uhr', '\u0000', '\uFFFD', '\n\n',
];
const markupSoup = fc
  .array(fc.oneof(fc.constantFrom(...MARKUP), fc.string({ maxLength: 20 }), fc.lorem({ maxCount: 8 })), { maxLength: 400, size: 'large' })
  .map((parts) => parts.join(''));

describe('extract survives hostile input', () => {
  test('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (body) => survives(fromText(body))), { numRuns: 300 });
  });

  test('HTML-ish token soup, with and without a declared content type', () => {
    fc.assert(
      fc.property(markupSoup, fc.constantFrom(undefined, 'text/html', 'application/ld+json'), (body, type) => survives(fromText(body, type))),
      { numRuns: 300 },
    );
  });

  test('binary garbage through decodePage', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 8192 }), (bytes) => survives(fromBytes(bytes))), { numRuns: 300 });
  });

  // htmlparser2 would spend seconds on 10^5 levels (its open-element stack is quadratic in depth);
  // src/html/nesting.ts refuses such pages in one linear pass before they are parsed.
  test.each([
    ['nested divs', '<div>', '</div>'],
    ['nested lists', '<ul><li>', '</li></ul>'],
    ['unclosed tags', '<div><span>', ''],
    ['nested inline', '<b><i>', '</i></b>'],
  ])('10^5 levels of %s', (_name, open, close) => {
    const depth = 100_000;
    const body = `<html><body><article>${open.repeat(depth)}<p>Der Deich hält.</p>${close.repeat(depth)}</article></body></html>`;
    survives(fromText(body));
  });

  test('10^3 levels of nesting', () => {
    const body = `<html><body><article>${'<div><p>Ebene</p>'.repeat(1000)}${'</div>'.repeat(1000)}</article></body></html>`;
    survives(fromText(body));
  });

  describe('truncated fixture pages', () => {
    const fixtures = loadFixtures();

    test('cut at arbitrary byte offsets, through decodePage', () => {
      fc.assert(
        fc.property(fc.constantFrom(...fixtures), fc.double({ min: 0, max: 1, noNaN: true }), (fixture, share) => {
          survives(fromBytes(fixture.html.subarray(0, Math.floor(fixture.html.byteLength * share))));
        }),
        { numRuns: 40 },
      );
    });
  });

  describe('size limits', () => {
    // Realistic entries of about 2 KB; at roughly 4 MB/s on content (boilerplate-heavy real pages run
    // far faster) 20 MB takes several seconds, so this input gets a larger budget.
    test('a page of 20 MB is extracted or rejected in time', () => {
      const paragraph = 'Orkanböen legen den Verkehr im Norden lahm, Fähren bleiben im Hafen. '.repeat(14);
      const entry = `<article><h2>Bahn stellt Fernverkehr ein</h2><p>${paragraph}</p><p>${paragraph}(dpa)</p></article>\n`;
      const pageOpen = '<html><head><title>Sturmtief Xaver im Liveblog</title></head><body><main>';
      const pageClose = '</main></body></html>';
      const count = Math.floor((MAX_PAGE_BYTES - pageOpen.length - pageClose.length) / Buffer.byteLength(entry));
      const bytes = Buffer.from(pageOpen + entry.repeat(count) + pageClose);
      expect(bytes.byteLength).toBeGreaterThan(MAX_PAGE_BYTES - Buffer.byteLength(entry) - 100);
      survives(fromBytes(bytes), 20_000);
    });

    test('a page over 20 MB is refused before parsing', () => {
      expect(() => decodePage(Buffer.alloc(MAX_PAGE_BYTES + 1, 0x3c))).toThrow(PageTooLargeError);
    });
  });

  describe('JSON-LD bombs', () => {
    const page = (scripts: string): string =>
      `<html><head><title>Ticker</title>${scripts}</head><body><article><p>Der Deich hält.</p></article></body></html>`;
    const ldScript = (json: string): string => `<script type="application/ld+json">${json}</script>`;
    const update = (i: number): string =>
      `{"@type":"BlogPosting","headline":"Meldung ${i}","articleBody":"Text ${i}","datePublished":"2024-10-22T02:41:00+02:00"}`;

    test.each([
      ['one block with 5·10^4 updates', () => page(ldScript(`{"@context":"https://schema.org","@type":"LiveBlogPosting","headline":"Ticker","liveBlogUpdate":[${Array.from({ length: 50_000 }, (_, i) => update(i)).join(',')}]}`))],
      ['10^4 blocks', () => page(Array.from({ length: 10_000 }, (_, i) => ldScript(`{"@type":"LiveBlogPosting","liveBlogUpdate":[${update(i)}]}`)).join(''))],
      ['a 5 MB string value', () => page(ldScript(`{"@type":"NewsArticle","headline":"Ticker","articleBody":"${'Wort '.repeat(1_000_000)}"}`))],
      ['broken JSON', () => page(ldScript('{"@type":"LiveBlogPosting","liveBlogUpdate":[{"headline":'))],
    ])('%s', (_name, build) => {
      survives(fromText(build()));
    });

    // JSON.parse copes with any depth; what is checked is that walking the result does not recurse per level.
    test.each([
      ['arrays nested 10^5 deep', () => page(ldScript(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))],
      ['objects nested 10^5 deep', () => page(ldScript(`${'{"@graph":'.repeat(100_000)}{}${'}'.repeat(100_000)}`))],
    ])('%s', (_name, build) => {
      survives(fromText(build()));
    });
  });
});
