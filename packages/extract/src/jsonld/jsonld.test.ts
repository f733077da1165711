import { extract } from '../extract';
import { articleMeta } from './article';
import { liveblogUpdates } from './liveblog';
import { parseJsonLd, typesOf } from './parse';

const URL = 'https://example.org/ticker/sturmflut';

/** An invented liveblog page: the given JSON-LD scripts and a visible body. */
function page(scripts: readonly string[], body = '<article><p>Der Deich an der Elbe hält, sagt die Feuerwehr am frühen Morgen.</p></article>'): string {
  const tags = scripts.map((s) => `<script type="application/ld+json">${s}</script>`).join('');
  return `<!DOCTYPE html><html lang="de"><head><title>Sturmflut im Liveblog</title>${tags}</head><body>${body}</body></html>`;
}

const update = (id: string, headline: string, body: string, published = '2024-10-22T02:41:00+02:00'): object => ({
  '@type': 'BlogPosting',
  headline,
  articleBody: body,
  datePublished: published,
  url: `${URL}#${id}`,
  author: { '@type': 'Person', name: 'Ada Beispiel' },
});

describe('parseJsonLd', () => {
  test('flattens top-level arrays and @graph lists, in page order', () => {
    const nodes = parseJsonLd([
      JSON.stringify([{ '@type': 'WebSite' }, { '@type': 'Organization' }]),
      JSON.stringify({ '@context': 'https://schema.org', '@graph': [{ '@type': 'BreadcrumbList' }, { '@type': ['NewsArticle', 'Thing'] }] }),
    ]);
    expect(nodes.flatMap(typesOf)).toEqual(['WebSite', 'Organization', 'BreadcrumbList', 'NewsArticle', 'Thing']);
  });

  test('reads prefixed and IRI types', () => {
    expect(parseJsonLd(['{"@type":"http://schema.org/LiveBlogPosting"}', '{"@type":"schema:NewsArticle"}']).flatMap(typesOf)).toEqual([
      'LiveBlogPosting',
      'NewsArticle',
    ]);
  });

  test.each([
    ['truncated', '{"@type":"NewsArticle","headline":'],
    ['trailing comma', '{"@type":"NewsArticle",}'],
    ['not JSON at all', 'window.dataLayer = [];'],
    ['empty', ''],
  ])('skips a malformed block (%s) and keeps the others', (_name, broken) => {
    expect(parseJsonLd([broken, '{"@type":"NewsArticle"}']).flatMap(typesOf)).toEqual(['NewsArticle']);
  });

  test('tolerates comment and CDATA wrappers and a trailing semicolon', () => {
    expect(parseJsonLd(['<!-- {"@type":"NewsArticle"} -->', '/*<![CDATA[*/{"@type":"WebPage"}/*]]>*/', '{"@type":"Person"};']).flatMap(typesOf)).toEqual([
      'NewsArticle',
      'WebPage',
      'Person',
    ]);
  });
});

describe('liveblogUpdates', () => {
  test('decodes HTML entities in JSON strings and splits the body into paragraphs', () => {
    const nodes = parseJsonLd([
      JSON.stringify({
        '@type': 'LiveBlogPosting',
        liveBlogUpdate: [update('a1', 'Pegel &#34;sinkt&#34; &amp; Entwarnung', 'Erster Absatz mit &#39;Zitat&#39;.\nZweiter Absatz. (dpa)')],
      }),
    ]);
    const [entry] = liveblogUpdates(nodes) ?? [];
    expect(entry?.headline).toBe('Pegel "sinkt" & Entwarnung');
    expect(entry?.paragraphs).toEqual(["Erster Absatz mit 'Zitat'.", 'Zweiter Absatz.']);
    expect(entry?.agencies).toEqual(['dpa']);
    expect(entry?.publishedAt).toBe('2024-10-22T00:41:00.000Z');
    expect(entry?.authors).toEqual(['Ada Beispiel']);
    expect(entry?.id).toBe(`${URL}#a1`);
  });

  test('finds the liveblog inside @graph and accepts a single update object', () => {
    const nodes = parseJsonLd([JSON.stringify({ '@graph': [{ '@type': 'WebPage' }, { '@type': 'LiveBlogPosting', liveBlogUpdate: update('x', 'Eins', 'Text eins.') }] })]);
    expect(liveblogUpdates(nodes)?.map((e) => e.headline)).toEqual(['Eins']);
  });

  test('is null without a liveblog or without updates, so the visible page is read instead', () => {
    expect(liveblogUpdates(parseJsonLd(['{"@type":"NewsArticle","headline":"Kein Ticker"}']))).toBeNull();
    expect(liveblogUpdates(parseJsonLd(['{"@type":"LiveBlogPosting","headline":"Ticker","liveBlogUpdate":[]}']))).toBeNull();
  });

  test('reads a time without offset as Berlin time, across the DST change', () => {
    const nodes = parseJsonLd([
      JSON.stringify({ '@type': 'LiveBlogPosting', liveBlogUpdate: [update('s', 'Sommer', 'a', '2024-10-26T12:00'), update('w', 'Winter', 'b', '2024-10-28T12:00')] }),
    ]);
    expect(liveblogUpdates(nodes)?.map((e) => e.publishedAt)).toEqual(['2024-10-26T10:00:00.000Z', '2024-10-28T11:00:00.000Z']);
  });
});

describe('articleMeta', () => {
  test('takes headline, description, times and authors of the story node', () => {
    const meta = articleMeta(
      parseJsonLd([
        '{"@type":"Organization","name":"Verlag"}',
        JSON.stringify({
          '@type': 'NewsArticle',
          headline: 'Deich &amp; Damm',
          description: 'Worum es geht.',
          datePublished: '2024-03-31T01:30:00+01:00',
          dateModified: '2024-03-31T03:30:00+02:00',
          author: [{ '@type': 'Person', name: 'Ada Beispiel' }, 'Bo Muster'],
        }),
      ]),
    );
    expect(meta).toEqual({
      headline: 'Deich & Damm',
      description: 'Worum es geht.',
      publishedAt: '2024-03-31T00:30:00.000Z',
      modifiedAt: '2024-03-31T01:30:00.000Z',
      authors: ['Ada Beispiel', 'Bo Muster'],
    });
  });
});

describe('extract with JSON-LD', () => {
  test('a malformed block next to a good one never throws', () => {
    const html = page(['{"@type":"LiveBlogPosting","liveBlogUpdate":[{"headline":', JSON.stringify({ '@type': 'LiveBlogPosting', liveBlogUpdate: [update('a', 'Eins', 'Der erste Eintrag.')] })]);
    expect(extract({ body: html, url: URL }).entries.map((e) => e.headline)).toEqual(['Eins']);
  });

  test('a truncated structured body is completed from the visible entry of the same headline', () => {
    const full = 'Die Feuerwehr hat in der Nacht mehr als dreihundert Keller leergepumpt und Sandsäcke verteilt.';
    const second = 'Am Morgen waren noch zwölf Straßen gesperrt, die Schulen bleiben bis Mittwoch geschlossen.';
    const html = page(
      [JSON.stringify({ '@type': 'LiveBlogPosting', liveBlogUpdate: [update('a', 'Keller leergepumpt', 'Die Feuerwehr hat in der Nacht …')] })],
      `<main><div class="entry" id="a"><h2>Keller leergepumpt</h2><p>${full}</p><p>${second}</p></div></main>`,
    );
    const [entry] = extract({ body: html, url: URL }).entries;
    expect(entry?.text).toBe(`${full}\n\n${second}`);
    expect(entry?.publishedAt).toBe('2024-10-22T00:41:00.000Z');
  });
});
