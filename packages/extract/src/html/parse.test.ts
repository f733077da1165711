import { EmptyDocumentError } from '../errors';
import { extract } from '../extract';

const URL = 'https://beispielblatt.example/artikel';
const html = (body: string, lang = ''): string => `<!DOCTYPE html><html${lang ? ` lang="${lang}"` : ''}><head><title>Titel</title></head><body>${body}</body></html>`;

describe('HTML pages', () => {
  test.each([
    ['document', '<!DOCTYPE html><html><body><p>Hallo</p></body></html>', undefined],
    ['fragment', '  <div class="entry">Hallo</div>', null],
    ['declared by content type', '<p>Hallo</p>', 'text/html; charset=utf-8'],
  ])('a page of one short paragraph (%s) still gives its entry', (_name, body, contentType) => {
    expect(extract({ body, url: URL, contentType }).entries.map((e) => e.text)).toEqual(['Hallo']);
  });

  test('a stray <![CDATA[ in the body hides only up to the first ">", as browsers read it', () => {
    const body = html(
      '<![CDATA[<div id="top"></div><main><p>Der Stadtrat hat den Haushalt für das kommende Jahr mit knapper Mehrheit beschlossen.</p>' +
        '<p>Die Opposition kündigte an, gegen die Kürzungen bei den Bibliotheken zu klagen.</p></main>',
    );
    expect(extract({ body, url: URL }).entries.map((e) => e.text).join('\n')).toContain('mit knapper Mehrheit beschlossen');
  });

  test('a page of nothing but navigation has no content', () => {
    expect(() => extract({ body: '<html><body><nav><a href="/">Startseite</a></nav></body></html>', url: URL })).toThrow(EmptyDocumentError);
  });

  test('a class hint on a wrapper of the article does not discard the article', () => {
    const body = html(
      '<div class="page has-sidebar"><main><p>Der Sturm hat in der Nacht zahlreiche Bäume entwurzelt und Straßen blockiert.</p>' +
        '<div class="share-bar"><p>Teilen Sie diesen Artikel mit Ihren Freunden und Bekannten in den Netzwerken.</p></div></main>' +
        '<div class="sidebar"><p>Die meistgelesenen Artikel der Woche finden Sie in unserer Übersicht.</p></div></div>',
    );
    expect(extract({ body, url: URL }).entries.map((e) => e.text)).toEqual(['Der Sturm hat in der Nacht zahlreiche Bäume entwurzelt und Straßen blockiert.']);
  });

  test('language from <html lang>, reduced to its primary subtag', () => {
    const body = html('<article><p>The flood barrier held overnight, the fire brigade said in the morning.</p></article>', 'de-DE');
    expect(extract({ body, url: URL }).liveblog.language).toBe('de');
  });

  test('language from the text when the page declares none', () => {
    const body = html('<article><p>Der Deich hat in der Nacht gehalten, sagt die Feuerwehr. Die Lage ist nach Angaben der Stadt ruhig und die Pegel sinken.</p></article>');
    expect(extract({ body, url: URL }).liveblog.language).toBe('de');
  });

  test('sections: untitled opening, then one per subheading; credits become agencies', () => {
    const body = html(
      '<article><h1>Titel</h1>' +
        '<p>Der Sturm hat in der Nacht zahlreiche Bäume entwurzelt und Straßen blockiert.</p>' +
        '<h2>Bahn stellt Verkehr ein</h2><p>Zwischen Hamburg und Bremen fahren bis auf Weiteres keine Fernzüge mehr. (dpa)</p>' +
        '<aside><p>Lesen Sie auch: Wie man sich bei Sturm richtig verhält und was die Versicherung zahlt.</p></aside>' +
        '</article>',
    );
    const { entries } = extract({ body, url: URL });
    expect(entries.map((e) => [e.headline, e.text, e.agencies])).toEqual([
      [null, 'Der Sturm hat in der Nacht zahlreiche Bäume entwurzelt und Straßen blockiert.', []],
      ['Bahn stellt Verkehr ein', 'Zwischen Hamburg und Bremen fahren bis auf Weiteres keine Fernzüge mehr.', ['dpa']],
    ]);
  });
});
