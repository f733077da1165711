import { extract } from '../extract';

/** An invented client-rendered page: the markup is an empty shell, the article sits in Next.js flight data. */
function shell(article: string): string {
  const bytes = Buffer.byteLength(article).toString(16);
  const push = (text: string): string => `<script>self.__next_f.push(${JSON.stringify([1, text])})</script>`;
  return (
    '<!DOCTYPE html><html lang="de"><head><title>Neue Brücke eröffnet | Beispielzeitung</title></head>' +
    `<body><div id="app"></div>${push('0:["$","div",null,{}]\n')}${push(`1a:T${bytes},${article}`)}${push('1b:["$","p",null,{"children":"Teaser"}]\n')}</body></html>`
  );
}

describe('article only in Next.js flight data', () => {
  const article =
    '<p>Nach vier Jahren Bauzeit ist die neue Brücke über den Fluss am Samstag für den Verkehr freigegeben worden.</p>' +
    '<h2>Weniger Stau in der Innenstadt</h2>' +
    '<p>Die Stadt erwartet, dass der Durchgangsverkehr künftig nicht mehr durch die Altstadt rollt, sagte die Bürgermeisterin.</p>' +
    '<p>Für Radfahrer gibt es auf beiden Seiten eigene Spuren, getrennt von der Fahrbahn durch eine Leitplanke.</p>';

  test('the row holding the article gives the entries, with umlauts counted in bytes', () => {
    const { entries } = extract({ body: shell(article), url: 'https://beispielzeitung.example/bruecke' });
    expect(entries.map((e) => e.headline)).toEqual([null, 'Weniger Stau in der Innenstadt']);
    expect(entries[1]?.text.endsWith('getrennt von der Fahrbahn durch eine Leitplanke.')).toBe(true);
  });

  test('a page whose markup has the article ignores its flight data', () => {
    const html = shell('<p>Ganz anderer Text aus den Daten, der nicht im Artikel stehen darf, auch wenn er lang genug ist.</p>'.repeat(3)).replace(
      '<div id="app"></div>',
      `<article>${article}</article>`,
    );
    const text = extract({ body: html, url: 'https://beispielzeitung.example/bruecke' }).entries.map((e) => e.text).join('\n');
    expect(text).not.toContain('Ganz anderer Text');
    expect(text).toContain('Nach vier Jahren Bauzeit');
  });
});
